#pragma once

#include "core/proxy/packet.h"

#include <QWidget>

class QComboBox;
class QGraphicsScene;
class QGraphicsView;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTabWidget;
class QTreeWidget;

namespace k8slab::proxy {
class NodeProxies;
}

namespace k8slab::gui {

class ChainGraphScene;
class ProxyModesView;

/// kube-proxy's view of one node: its rules as iptables-save, ipvsadm/ipset or nft print
/// them (any mode, for the same services), its syncs — full or partial, what caused each,
/// and the rules each added and removed — and a Service's chains as a graph, with a
/// packet's walk through them.
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
    /// Shows the chain graph of `svcPortName` and walks a pod's packet (from `source`) to
    /// its ClusterIP; returns the walk's verdict ("" when there is no such service port).
    QString traceService(const QString &svcPortName, const QString &source = QStringLiteral("10.244.1.250"));
    /// Shows the last walk up to its step `step` (graph and text), as the animation does;
    /// -1 shows the whole walk.
    void showWalkStep(int step);
    /// Plays the last walk rule by rule.
    void playWalk();
    /// The step the animation shows (-1: the whole walk).
    [[nodiscard]] int walkStep() const { return m_walkStep; }
    /// How many rules the same packet meets in each mode (the line under the graph).
    [[nodiscard]] QString modesText() const;
    /// The chain graph (for export and tests).
    [[nodiscard]] ChainGraphScene &chainGraph() { return *m_graph; }
    /// The scene shown now, if the chain graph tab is in front (for export).
    [[nodiscard]] QGraphicsScene *visibleScene();

    /// Shows sync `number`'s diff: what caused it, then each rule added (+) and removed (−).
    void showSync(int number);
    /// The diff shown (for tests).
    [[nodiscard]] QString diffText() const;
    /// The three modes side by side (the third tab).
    [[nodiscard]] ProxyModesView &sideBySide() { return *m_sideBySide; }
    /// Brings the three modes to the front, filtered to `filter`.
    void showSideBySide(const QString &filter);

Q_SIGNALS:
    /// The learner asked for the story behind a sync (its proxy.sync trace event).
    void syncStoryRequested(quint64 traceId);

private:
    void reload();
    void drawGraph(bool trace);

    proxy::NodeProxies *m_proxies;
    QComboBox *m_node = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_rules = nullptr;
    QTreeWidget *m_syncs = nullptr;
    QPlainTextEdit *m_diff = nullptr;
    QTabWidget *m_tabs = nullptr;
    ChainGraphScene *m_graph = nullptr;
    QGraphicsView *m_graphView = nullptr;
    QComboBox *m_service = nullptr;
    ProxyModesView *m_sideBySide = nullptr;
    QLineEdit *m_source = nullptr;
    QPlainTextEdit *m_walk = nullptr;
    QString m_lastVerdict;
    proxy::PacketPath m_path;  ///< the last walk
    QTimer *m_walkTimer = nullptr;
    int m_walkStep = -1;
    QPushButton *m_playWalk = nullptr;
    QLabel *m_modes = nullptr;
    quint64 m_shownSync = 0;
};

} // namespace k8slab::gui
