#include "gui/lesson_deck.h"

#include "core/engine/loop_driver.h"
#include "core/lesson/lesson_play.h"
#include "gui/language.h"
#include "gui/main_window.h"
#include "gui/palette.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QDir>
#include <QGraphicsScene>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <memory>

namespace k8slab::gui {

namespace {

constexpr QSizeF kPage(1920, 1080);

QString text(const lesson::LocalizedText &localized, const QString &language)
{
    return QString::fromStdString(localized.text(language.toStdString()));
}

// The narration in a column: the step's own heading is on the slide already, and the
// text shrinks until it fits.
void drawNarration(QPainter &painter, const QString &markdown, const QRectF &box)
{
    QString body = markdown;
    body.remove(QRegularExpression(QStringLiteral("^# [^\n]*\n+")));
    QTextDocument document;
    document.setDocumentMargin(0);
    for (int pixels = 26; pixels >= 14; pixels -= 2) {
        QFont font = painter.font();
        font.setBold(false);
        font.setPixelSize(pixels);
        document.setDefaultFont(font);
        document.setMarkdown(body);
        // Paragraphs apart, as on a slide.
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            QTextCursor cursor(block);
            QTextBlockFormat format = block.blockFormat();
            format.setBottomMargin(pixels * 0.45);
            cursor.setBlockFormat(format);
        }
        document.setTextWidth(box.width());
        if (document.size().height() <= box.height())
            break;
    }
    painter.save();
    painter.translate(box.topLeft());
    QAbstractTextDocumentLayout::PaintContext context;
    context.clip = QRectF(QPointF(0, 0), box.size());
    context.palette.setColor(QPalette::Text, palette::text());
    painter.setClipRect(context.clip);
    document.documentLayout()->draw(&painter, context);
    painter.restore();
}

// One slide: title, narration and checks on the left, the view's diagram on the right.
void drawSlide(QPainter &painter, const lesson::Lesson &lesson, int index, QGraphicsScene &scene, const QString &language)
{
    const lesson::Step &step = lesson.steps[static_cast<std::size_t>(index)];
    const QRectF page(QPointF(0, 0), kPage);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter.fillRect(page, palette::canvas());

    QFont font = painter.font();
    font.setPixelSize(24);
    painter.setFont(font);
    painter.setPen(palette::mutedText());
    painter.drawText(QRectF(72, 36, 1776, 32), Qt::AlignLeft | Qt::AlignVCenter,
                     QCoreApplication::translate("LessonDeck", "Lesson %1 · %2 — step %3 of %4")
                         .arg(lesson.number)
                         .arg(text(lesson.title, language))
                         .arg(index + 1)
                         .arg(lesson.steps.size()));
    font.setPixelSize(50);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(palette::text());
    painter.drawText(QRectF(72, 72, 1776, 72), Qt::AlignLeft | Qt::AlignVCenter, text(step.title, language));
    painter.fillRect(QRectF(72, 152, 1776, 3), palette::controlPlane());

    // Text beside the diagram; a wide diagram (a decision matrix) goes below the text,
    // across the slide, so its columns stay legible.
    scene.clearSelection();
    const QRectF source = scene.itemsBoundingRect().adjusted(-8, -8, 8, 8);
    const bool wide = !source.isEmpty() && source.width() > 1.8 * source.height();
    const QRectF textBox = wide ? QRectF(72, 184, 1776, 330) : QRectF(72, 184, 700, 1080 - 184 - 72);
    const QRectF diagram = wide ? QRectF(72, 540, 1776, 1080 - 540 - 48) : QRectF(820, 184, 1028, 1080 - 184 - 72);

    // The checks (and an exercise's task) close the text.
    QStringList checks;
    if (step.exercise)
        checks << QCoreApplication::translate("LessonDeck", "Exercise: %1").arg(text(step.exercise->check.title, language));
    for (const lesson::Check &check : step.checks)
        if (!text(check.title, language).isEmpty())
            checks << QStringLiteral("✓ ") + text(check.title, language);
    const double checksHeight = checks.isEmpty() ? 0 : 30.0 * checks.size() + 16;
    drawNarration(painter, text(step.narration, language),
                  QRectF(textBox.topLeft(), QSizeF(textBox.width(), textBox.height() - checksHeight)));
    font.setPixelSize(22);
    font.setBold(false);
    painter.setFont(font);
    painter.setPen(palette::phase(QStringLiteral("Running")).darker(130));
    double y = textBox.bottom() - checksHeight + 16;
    for (const QString &line : checks) {
        painter.drawText(QRectF(textBox.left(), y, textBox.width(), 30), Qt::AlignLeft | Qt::AlignVCenter,
                         painter.fontMetrics().elidedText(line, Qt::ElideRight, int(textBox.width())));
        y += 30;
    }

    painter.setPen(QPen(palette::mutedText().lighter(150), 1));
    painter.drawRect(diagram);
    if (!source.isEmpty()) {
        // Fitted, but never blown up past twice its size (a two-row table stays a table).
        QRectF target = diagram.adjusted(12, 12, -12, -12);
        const double scale = std::min({target.width() / source.width(), target.height() / source.height(), 2.0});
        target = QRectF(target.topLeft(), source.size() * scale);
        scene.render(&painter, target, source, Qt::KeepAspectRatio);
    }
}

} // namespace

Status exportLessonDeck(const lesson::Lesson &lesson, lesson::LessonLab &lab, const DeckOptions &options)
{
    lab::LabSession &session = lab.session();
    engine::LoopDriver driver(session.loop()); // paused: the play drives the loop
    MainWindow window(session, driver);
    // Pages draw only while shown: shown, but never put on screen.
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1600, 1000);
    window.show();

    std::unique_ptr<QPdfWriter> pdf;
    QPainter pdfPainter;
    if (!options.pdfPath.isEmpty()) {
        pdf = std::make_unique<QPdfWriter>(options.pdfPath);
        pdf->setResolution(96);
        pdf->setPageSize(QPageSize(kPage * 25.4 / 96.0, QPageSize::Millimeter));
        pdf->setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf->setTitle(text(lesson.title, options.language));
        pdf->setCreator(QStringLiteral("K8s Lab"));
        if (!pdfPainter.begin(pdf.get()))
            return Status(StatusCode::Internal, "cannot write \"" + options.pdfPath.toStdString() + "\"");
        // The PDF's page is measured in its own units; draw on the 1920×1080 canvas.
        pdfPainter.scale(pdf->width() / kPage.width(), pdf->height() / kPage.height());
    }
    if (!options.svgDir.isEmpty() && !QDir().mkpath(options.svgDir))
        return Status(StatusCode::Internal, "cannot make \"" + options.svgDir.toStdString() + "\"");

    Status failure;
    lesson::PlayOptions play;
    play.language = options.language.toStdString();
    play.afterStep = [&](int index) {
        const lesson::Step &step = lesson.steps[static_cast<std::size_t>(index)];
        lesson::Focus focus;
        focus.view = "map";
        if (step.focus)
            focus = *step.focus;
        window.applyFocus(focus);
        for (int i = 0; i < 3; ++i)
            QCoreApplication::processEvents();
        QString unused;
        QGraphicsScene &scene = window.visibleDiagram(&unused, &unused);
        if (pdf) {
            if (index > 0)
                pdf->newPage();
            drawSlide(pdfPainter, lesson, index, scene, options.language);
        }
        if (!options.svgDir.isEmpty()) {
            const QString file = QStringLiteral("%1/step-%2.svg").arg(options.svgDir).arg(index + 1, 2, 10, QLatin1Char('0'));
            QSvgGenerator svg;
            svg.setFileName(file);
            svg.setSize(kPage.toSize());
            svg.setViewBox(QRectF(QPointF(0, 0), kPage));
            svg.setTitle(text(step.title, options.language));
            QPainter painter;
            if (!painter.begin(&svg)) {
                failure = Status(StatusCode::Internal, "cannot write \"" + file.toStdString() + "\"");
                return;
            }
            drawSlide(painter, lesson, index, scene, options.language);
        }
    };
    const lesson::PlayResult result = lesson::playLesson(lesson, lab, play);
    if (pdfPainter.isActive())
        pdfPainter.end();
    if (!result.ok)
        return Status(StatusCode::FailedPrecondition, "the lesson did not play: " + result.error);
    return failure;
}

} // namespace k8slab::gui
