#pragma once

#include "core/proxy/iptables_state.h"
#include "core/proxy/packet.h"

#include <QGraphicsScene>
#include <QHash>
#include <QSet>
#include <QString>

namespace k8slab::gui {

/// One Service's path through a node's iptables nat table, drawn as a graph: where
/// KUBE-SERVICES (and KUBE-NODEPORTS) send its traffic, the KUBE-EXT/FW/SVC/SVL chains,
/// each KUBE-SEP with the probability of reaching it, and the pod each one DNATs to.
/// A traced packet's path is drawn over it in the accent colour.
class ChainGraphScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit ChainGraphScene(QObject *parent = nullptr);

    /// Draws the chains of service port `svcPortName` ("default/web:http") in `tables`;
    /// highlights the chains and jumps `path` went through (null: none) — only within
    /// its first `stepsTaken` steps when given (a walk played rule by rule).
    void draw(const proxy::IptablesState &tables, const QString &svcPortName, const proxy::PacketPath *path = nullptr,
              int stepsTaken = -1);
    /// The chains drawn, in layout order (for tests).
    [[nodiscard]] QStringList chains() const { return m_order; }
    /// The label on the jump from `from` to `to` ("" if there is none).
    [[nodiscard]] QString edgeLabel(const QString &from, const QString &to) const;
    /// Whether the traced packet went through `chain`.
    [[nodiscard]] bool isHighlighted(const QString &chain) const { return m_highlighted.contains(chain); }

private:
    QStringList m_order;
    QHash<QString, QString> m_edgeLabels; // "from→to" → label
    QSet<QString> m_highlighted;
};

} // namespace k8slab::gui
