#pragma once

#include "core/base/status.h"

#include <QString>

class QGraphicsScene;

namespace k8slab::gui {

/// What a view is exported as, chosen by the file's suffix.
enum class ExportFormat { Svg, Pdf, Png };

/// How a view is exported. The slide preset is a 16:9 page (1920×1080 px for PNG, the
/// same aspect for SVG and PDF) on white with the title large at the top, for pasting
/// into a deck.
struct ExportOptions {
    bool slide = false;
    QString title;
};

/// The format a path's suffix names (.svg, .pdf, .png); false for others.
bool exportFormatFor(const QString &path, ExportFormat &format);

/// Writes `scene` (all of it) to `path` in the format its suffix names. One render path
/// for the three formats: the scene draws itself onto a QSvgGenerator, a QPdfWriter or
/// a QImage.
Status exportScene(QGraphicsScene &scene, const QString &path, const ExportOptions &options = {});

} // namespace k8slab::gui
