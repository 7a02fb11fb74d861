#pragma once

#include <QColor>
#include <QString>

/// The lab's one palette (design §6): calm, high-contrast, the same in every view and in
/// exports. Pod phases: Pending amber, Running green, Succeeded blue-grey, Failed red,
/// Unknown grey.
namespace k8slab::gui::palette {

QColor phase(const QString &phase);
QColor nodeFill(bool ready);
QColor nodeBorder(bool ready);
QColor controlPlane();
QColor text();
QColor mutedText();
QColor canvas();
QColor selection();

} // namespace k8slab::gui::palette
