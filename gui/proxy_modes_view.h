#pragma once

#include <QWidget>

#include <array>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace k8slab::proxy {
class KubeProxy;
}

namespace k8slab::gui {

/// One node's rules in iptables, IPVS and nftables side by side — what each mode writes
/// for the same Services — optionally only the lines about one Service (its name or
/// ClusterIP), with how many lines each mode needs.
class ProxyModesView : public QWidget {
    Q_OBJECT
public:
    explicit ProxyModesView(QWidget *parent = nullptr);

    /// Shows the rules of `proxy` (null: none).
    void show(proxy::KubeProxy *proxy);
    /// Keeps only the lines that mention `text` — a Service ("default/web": also the lines
    /// about its addresses, which is all IPVS says of it) or any text; empty: all.
    void setFilter(const QString &text);
    /// The text of column `mode` (0 iptables, 1 IPVS, 2 nftables), for tests.
    [[nodiscard]] QString columnText(int mode) const;
    /// Its heading (mode and line count), for tests.
    [[nodiscard]] QString columnTitle(int mode) const;
    /// Whose rules they are (written by this kube-proxy, or what that mode would write).
    [[nodiscard]] QString columnNote(int mode) const;

private:
    void redraw();

    proxy::KubeProxy *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    std::array<QLabel *, 3> m_titles{};
    std::array<QLabel *, 3> m_notes{};
    std::array<QPlainTextEdit *, 3> m_texts{};
    std::array<QString, 3> m_rules;
};

} // namespace k8slab::gui
