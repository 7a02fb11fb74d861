#pragma once

#include <QString>

class QAbstractItemModel;
class QGraphicsScene;

namespace k8slab::gui {

/// Draws a table model into `scene` (replacing its items) so a table view exports like
/// any diagram: an optional caption, the horizontal header, then every cell with the
/// model's text, background, text colour and font.
void drawTable(QGraphicsScene &scene, const QAbstractItemModel &model, const QString &caption = {});

} // namespace k8slab::gui
