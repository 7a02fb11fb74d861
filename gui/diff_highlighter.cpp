#include "gui/diff_highlighter.h"

namespace k8slab::gui {

DiffHighlighter::DiffHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {}

void DiffHighlighter::highlightBlock(const QString &text)
{
    QTextCharFormat format;
    if (text.startsWith(QLatin1Char('+'))) {
        format.setBackground(QColor(0xE6, 0xFF, 0xEC));
        format.setForeground(QColor(0x11, 0x63, 0x29));
    } else if (text.startsWith(QLatin1Char('-'))) {
        format.setBackground(QColor(0xFF, 0xEB, 0xE9));
        format.setForeground(QColor(0x82, 0x07, 0x1E));
    } else if (text.startsWith(QLatin1String("@@"))) {
        format.setForeground(QColor(0x05, 0x50, 0xAE));
    } else {
        return;
    }
    setFormat(0, int(text.size()), format);
}

} // namespace k8slab::gui
