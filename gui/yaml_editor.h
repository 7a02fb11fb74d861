#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::gui {

/// Write a manifest and apply it: templates for the common kinds, YAML highlighting,
/// Apply (create, or update what exists) and Delete through the API as kubectl does; an
/// error from the server is shown with its field causes, and the line of the offending
/// field is marked.
class YamlEditor : public QWidget {
    Q_OBJECT
public:
    /// An editor applying to `session`'s API server.
    explicit YamlEditor(lab::LabSession &session, QWidget *parent = nullptr);

    /// The text being edited.
    [[nodiscard]] QString text() const;
    void setText(const QString &yaml);
    /// Applies the text; true when every object was created or updated.
    bool apply();
    /// Deletes what the text names; true when every object was deleted.
    bool remove();
    /// What the last apply or delete said (for tests).
    [[nodiscard]] QString resultText() const;
    /// The line marked as the error's (0-based; -1: none).
    [[nodiscard]] int errorLine() const { return m_errorLine; }

private:
    void showResult(bool ok, const QString &text, int line);

    lab::LabSession &m_session;
    QComboBox *m_templates = nullptr;
    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_result = nullptr;
    int m_errorLine = -1;
};

} // namespace k8slab::gui
