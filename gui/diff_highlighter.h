#pragma once

#include <QSyntaxHighlighter>

namespace k8slab::gui {

/// Colours a unified diff: added lines green, removed lines red, hunk headers blue.
class DiffHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit DiffHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace k8slab::gui
