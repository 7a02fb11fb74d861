#pragma once

#include "gui/object_key.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace k8slab::store {
class MvccStore;
}

namespace k8slab::gui {

/// How an object changed between two of its versions: every version the store kept
/// (revision and version number) in two lists, and the `diff -u` of their YAML (added
/// lines green, removed red) — by default the last change before the revision shown.
class RevisionDiff : public QWidget {
    Q_OBJECT
public:
    explicit RevisionDiff(QWidget *parent = nullptr);

    /// The store the versions are read from (null: nothing to show).
    void setStore(store::MvccStore *store) { m_store = store; }
    /// Shows the versions of `key` up to `revision` (0: the latest); keeps the chosen
    /// pair when they still exist.
    void show(const ObjectKey &key, std::int64_t revision);
    /// Compares versions `from` and `to` (indexes in the list, oldest first).
    void compare(int from, int to);
    /// What the view shows (for tests).
    [[nodiscard]] QString diffText() const;
    [[nodiscard]] int versionCount() const;

private:
    void render();

    store::MvccStore *m_store = nullptr;
    QComboBox *m_from = nullptr;
    QComboBox *m_to = nullptr;
    QLabel *m_note = nullptr;
    QPlainTextEdit *m_text = nullptr;
    std::vector<std::string> m_yaml; // of each version, oldest first
    ObjectKey m_key;
};

} // namespace k8slab::gui
