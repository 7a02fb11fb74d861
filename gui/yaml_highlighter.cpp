#include "gui/yaml_highlighter.h"

#include "gui/palette.h"

#include <QRegularExpression>

namespace k8slab::gui {

YamlHighlighter::YamlHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {}

void YamlHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression key(QStringLiteral(R"(^(\s*(?:-\s+)?)([^\s#:'"][^:#]*?|"[^"]*"|'[^']*'):(\s|$))"));
    static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'[^']*')"));
    static const QRegularExpression scalar(
        QStringLiteral(R"(:\s+(true|false|null|~|-?\d+(\.\d+)?([eE][-+]?\d+)?)\s*(#.*)?$)"));
    static const QRegularExpression comment(QStringLiteral(R"((^|\s)#.*$)"));

    QTextCharFormat keyFormat;
    keyFormat.setForeground(palette::controlPlane().darker(150));
    keyFormat.setFontWeight(QFont::DemiBold);
    QTextCharFormat stringFormat;
    stringFormat.setForeground(palette::phase(QStringLiteral("Running")).darker(140));
    QTextCharFormat scalarFormat;
    scalarFormat.setForeground(palette::phase(QStringLiteral("Pending")).darker(150));
    QTextCharFormat commentFormat;
    commentFormat.setForeground(palette::mutedText());
    commentFormat.setFontItalic(true);

    if (text.startsWith(QLatin1String("---"))) {
        setFormat(0, int(text.size()), commentFormat);
        return;
    }
    if (const auto m = key.match(text); m.hasMatch())
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), keyFormat);
    for (auto it = quoted.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), stringFormat);
    }
    if (const auto m = scalar.match(text); m.hasMatch())
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), scalarFormat);
    if (const auto m = comment.match(text); m.hasMatch() && !text.left(int(m.capturedStart())).contains(QLatin1Char('"')))
        setFormat(int(m.capturedStart()), int(m.capturedLength()), commentFormat);
}

} // namespace k8slab::gui
