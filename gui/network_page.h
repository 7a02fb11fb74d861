#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace k8slab::proxy {
class NodeProxies;
}

namespace k8slab::gui {

/// kube-proxy's view of one node: its rules as iptables-save, ipvsadm/ipset or nft print
/// them (any mode, for the same services), and its syncs — full or partial, what caused
/// each, and the rules each added and removed.
class NetworkPage : public QWidget {
    Q_OBJECT
public:
    explicit NetworkPage(proxy::NodeProxies *proxies, QWidget *parent = nullptr);

    /// Reads the rules and syncs again if a sync happened since.
    void refresh();
    /// The rules shown (for tests).
    [[nodiscard]] QString rulesText() const;
    /// Chooses the node and mode shown.
    void show(const QString &node, const QString &mode);

private:
    void showSync(int number);
    void reload();

    proxy::NodeProxies *m_proxies;
    QComboBox *m_node = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_rules = nullptr;
    QTreeWidget *m_syncs = nullptr;
    QPlainTextEdit *m_diff = nullptr;
    quint64 m_shownSync = 0;
};

} // namespace k8slab::gui
