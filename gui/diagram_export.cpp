#include "gui/diagram_export.h"

#include "gui/palette.h"

#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace k8slab::gui {

namespace {

constexpr QSize kSlide(1920, 1080);

/// Draws the title (slides) and the scene fitted into the rest of `page`.
void draw(QPainter &painter, QGraphicsScene &scene, const QRectF &page, const ExportOptions &options)
{
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(page, palette::canvas());
    QRectF body = page;
    if (options.slide && !options.title.isEmpty()) {
        QFont font = painter.font();
        font.setPixelSize(int(page.height() * 0.055));
        font.setBold(true);
        painter.setFont(font);
        painter.setPen(palette::text());
        const QRectF titleBox(page.left() + page.width() * 0.04, page.top() + page.height() * 0.03, page.width() * 0.92,
                              page.height() * 0.10);
        painter.drawText(titleBox, Qt::AlignLeft | Qt::AlignVCenter, options.title);
        body = QRectF(page.left() + page.width() * 0.04, titleBox.bottom() + page.height() * 0.02, page.width() * 0.92,
                      page.bottom() - titleBox.bottom() - page.height() * 0.06);
    }
    scene.render(&painter, body, scene.itemsBoundingRect().adjusted(-8, -8, 8, 8), Qt::KeepAspectRatio);
}

} // namespace

bool exportFormatFor(const QString &path, ExportFormat &format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg"))
        format = ExportFormat::Svg;
    else if (suffix == QLatin1String("pdf"))
        format = ExportFormat::Pdf;
    else if (suffix == QLatin1String("png"))
        format = ExportFormat::Png;
    else
        return false;
    return true;
}

Status exportScene(QGraphicsScene &scene, const QString &path, const ExportOptions &options)
{
    ExportFormat format;
    if (!exportFormatFor(path, format))
        return Status(StatusCode::BadRequest, "export to .svg, .pdf or .png, not \"" + path.toStdString() + "\"");
    const QList<QGraphicsItem *> selected = scene.selectedItems();
    scene.clearSelection(); // a slide shows the cluster, not the learner's selection
    const QSizeF natural = scene.itemsBoundingRect().size() + QSizeF(16, 16);
    const QSize size = options.slide ? kSlide : natural.toSize().expandedTo(QSize(64, 64));
    bool ok = true;
    switch (format) {
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(options.title.isEmpty() ? QStringLiteral("K8s Lab") : options.title);
        svg.setDescription(QStringLiteral("Exported from K8s Lab"));
        QPainter painter;
        ok = painter.begin(&svg);
        if (ok)
            draw(painter, scene, QRectF(QPointF(0, 0), size), options);
        break;
    }
    case ExportFormat::Pdf: {
        QPdfWriter pdf(path);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size) * 25.4 / 96.0, QPageSize::Millimeter));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(options.title.isEmpty() ? QStringLiteral("K8s Lab") : options.title);
        pdf.setCreator(QStringLiteral("K8s Lab"));
        QPainter painter;
        ok = painter.begin(&pdf);
        if (ok)
            draw(painter, scene, QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height())), options);
        break;
    }
    case ExportFormat::Png: {
        QImage image(options.slide ? size : size * 2, QImage::Format_ARGB32_Premultiplied);
        image.fill(palette::canvas());
        QPainter painter(&image);
        draw(painter, scene, QRectF(QPointF(0, 0), image.size()), options);
        painter.end();
        ok = image.save(path, "PNG");
        break;
    }
    }
    for (QGraphicsItem *item : selected)
        item->setSelected(true);
    if (!ok)
        return Status(StatusCode::Internal, "cannot write \"" + path.toStdString() + "\"");
    return {};
}

} // namespace k8slab::gui
