#pragma once

#include <QSyntaxHighlighter>

namespace k8slab::gui {

/// Colours YAML as an editor should for Kubernetes manifests: keys, comments, quoted
/// strings, numbers and booleans, document separators.
class YamlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace k8slab::gui
