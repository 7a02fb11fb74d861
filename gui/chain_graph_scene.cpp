#include "gui/chain_graph_scene.h"

#include "core/proxy/iptables_proxier.h"
#include "gui/palette.h"

#include <QCoreApplication>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QPen>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace k8slab::gui {

namespace {

struct ChainGraphText {
    Q_DECLARE_TR_FUNCTIONS(ChainGraph)
};

constexpr qreal kBoxWidth = 250;
constexpr qreal kBoxHeight = 44;
constexpr qreal kColumnGap = 120;
constexpr qreal kRowGap = 22;

QColor chainColor(const QString &chain)
{
    if (chain.startsWith(QLatin1String("KUBE-SEP-")))
        return QColor(0xE3, 0xF4, 0xE6);
    if (chain.startsWith(QLatin1String("KUBE-SVC-")) || chain.startsWith(QLatin1String("KUBE-SVL-")))
        return QColor(0xE1, 0xEC, 0xFB);
    if (chain.startsWith(QLatin1String("KUBE-EXT-")) || chain.startsWith(QLatin1String("KUBE-FW-")))
        return QColor(0xEE, 0xE6, 0xFA);
    if (chain == QLatin1String("KUBE-MARK-MASQ"))
        return QColor(0xFD, 0xF1, 0xD6);
    if (chain.startsWith(QLatin1String("DNAT ")))
        return palette::phase(QStringLiteral("Running")).lighter(165);
    return QColor(0xEC, 0xEF, 0xF3);
}

/// What a jump rule tests, in a few words: the probability, the affinity, the source.
QString condition(const proxy::IptRule &rule)
{
    if (const proxy::IptMatch *s = rule.match("statistic"))
        return QStringLiteral("p = ") + QString::fromStdString(s->option("--probability"));
    if (const proxy::IptMatch *r = rule.match("recent"))
        return r->has("--rcheck") ? ChainGraphText::tr("seen this client") : QString();
    QString text;
    if (!rule.source.empty())
        text += (rule.notSource ? QStringLiteral("src ≠ ") : QStringLiteral("src ")) + QString::fromStdString(rule.source);
    if (!rule.destination.empty())
        text += (text.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("dst ") +
                QString::fromStdString(rule.destination);
    for (const char *name : {"tcp", "udp", "sctp"})
        if (const proxy::IptMatch *m = rule.match(name); m && m->has("--dport"))
            text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + QStringLiteral(":") +
                    QString::fromStdString(m->option("--dport"));
    if (const proxy::IptMatch *a = rule.match("addrtype"); a && a->has("--src-type"))
        text += (text.isEmpty() ? QString() : QStringLiteral(", ")) + ChainGraphText::tr("from the node");
    return text;
}

} // namespace

ChainGraphScene::ChainGraphScene(QObject *parent) : QGraphicsScene(parent)
{
    setBackgroundBrush(palette::canvas());
}

QString ChainGraphScene::edgeLabel(const QString &from, const QString &to) const
{
    return m_edgeLabels.value(from + QStringLiteral("→") + to);
}

void ChainGraphScene::draw(const proxy::IptablesState &tables, const QString &svcPortName, const proxy::PacketPath *path,
                           int stepsTaken)
{
    clear();
    m_order.clear();
    m_edgeLabels.clear();
    m_highlighted.clear();
    const std::string svc = svcPortName.toStdString();
    // What the packet did: every chain it entered (through a matched jump).
    QSet<QString> walked;
    const std::size_t taken = !path ? 0 : stepsTaken < 0 ? path->steps.size() : std::min(path->steps.size(), std::size_t(stepsTaken));
    for (std::size_t i = 0; i < taken; ++i)
        if (const proxy::TraceStep &step = path->steps[i]; step.matched && step.table == "nat") {
            walked.insert(QString::fromStdString(step.chain));
            if (step.effect.rfind("DNAT to ", 0) == 0)
                walked.insert(QStringLiteral("DNAT ") + QString::fromStdString(step.effect.substr(8)));
        }

    struct Edge {
        QString from, to, label;
    };
    std::vector<Edge> edges;
    QHash<QString, int> column;
    QList<QString> queue;
    const auto reach = [&](const QString &from, const QString &to, const QString &label) {
        // Several rules between the same two chains (a NodePort's localhost rule and its
        // plain one, affinity and statistic jumps) make one arrow with their labels.
        const QString key = from + QStringLiteral("→") + to;
        auto same = std::find_if(edges.begin(), edges.end(), [&](const Edge &e) { return e.from == from && e.to == to; });
        if (same != edges.end()) {
            if (!label.isEmpty() && !same->label.split(QLatin1Char('\n')).contains(label))
                same->label += (same->label.isEmpty() ? QString() : QStringLiteral("\n")) + label;
            m_edgeLabels.insert(key, same->label);
            return;
        }
        edges.push_back({from, to, label});
        m_edgeLabels.insert(key, label);
        if (!column.contains(to)) {
            column.insert(to, column.value(from) + 1);
            m_order << to;
            queue << to;
        }
    };
    // The entry points: KUBE-SERVICES' and KUBE-NODEPORTS' rules for this service.
    for (const char *entry : {"KUBE-SERVICES", "KUBE-NODEPORTS"}) {
        const proxy::IptablesState::Chain *chain = tables.chain("nat", entry);
        if (!chain)
            continue;
        for (const proxy::IptRule &rule : chain->rules) {
            const std::string comment = rule.comment();
            if (comment != svc && comment.rfind(svc + " ", 0) != 0)
                continue;
            const QString from = QString::fromLatin1(entry);
            if (!column.contains(from)) {
                column.insert(from, 0);
                m_order << from;
            }
            // "cluster IP 10.96.0.50:80", "NodePort :30080".
            QString label = QString::fromStdString(comment.size() > svc.size() ? comment.substr(svc.size() + 1) : "NodePort");
            if (!rule.destination.empty() && rule.destination != "127.0.0.0/8")
                label += QLatin1Char(' ') + QString::fromStdString(rule.destination);
            for (const char *name : {"tcp", "udp", "sctp"})
                if (const proxy::IptMatch *m = rule.match(name); m && m->has("--dport"))
                    label += QLatin1Char(':') + QString::fromStdString(m->option("--dport"));
            reach(from, QString::fromStdString(rule.target), label);
        }
    }
    // Follow the service's own chains.
    while (!queue.isEmpty()) {
        const QString name = queue.takeFirst();
        const proxy::IptablesState::Chain *chain = tables.chain("nat", name.toStdString());
        if (!chain || !proxy::isServiceChainName(name.toStdString()))
            continue;
        for (const proxy::IptRule &rule : chain->rules) {
            if (rule.target == "DNAT") {
                std::string to;
                for (std::size_t i = 0; i + 1 < rule.targetArgs.size(); ++i)
                    if (rule.targetArgs[i] == "--to-destination")
                        to = rule.targetArgs[i + 1];
                reach(name, QStringLiteral("DNAT ") + QString::fromStdString(to), condition(rule));
            } else if (!rule.target.empty() && rule.target != "RETURN" && rule.target != "ACCEPT" && rule.target != "DROP") {
                reach(name, QString::fromStdString(rule.target), condition(rule));
            }
        }
    }

    // Layout: a column per depth, boxes top to bottom in discovery order; KUBE-MARK-MASQ,
    // which many chains jump to, sits in the last column.
    if (column.contains(QStringLiteral("KUBE-MARK-MASQ"))) {
        int last = 0;
        for (const QString &name : m_order)
            last = std::max(last, column.value(name));
        column[QStringLiteral("KUBE-MARK-MASQ")] = last;
        m_order.removeAll(QStringLiteral("KUBE-MARK-MASQ"));
        m_order << QStringLiteral("KUBE-MARK-MASQ");
    }
    QHash<int, int> rows;
    QHash<QString, QPointF> at;
    for (const QString &name : m_order) {
        const int c = column.value(name);
        const int r = rows[c]++;
        at.insert(name, QPointF(qreal(c) * (kBoxWidth + kColumnGap), qreal(r) * (kBoxHeight + kRowGap)));
    }
    QFont font;
    font.setPointSizeF(9);
    QFont small = font;
    small.setPointSizeF(8);
    const QColor accent = palette::selection();
    for (const Edge &e : edges) {
        const QPointF from = at.value(e.from) + QPointF(kBoxWidth, kBoxHeight / 2);
        const QPointF to = at.value(e.to) + QPointF(0, kBoxHeight / 2);
        const bool hot = walked.contains(e.from) && walked.contains(e.to);
        QPainterPath curve(from);
        const qreal dx = (to.x() - from.x()) / 2;
        curve.cubicTo(from + QPointF(dx, 0), to - QPointF(dx, 0), to);
        QPen pen(hot ? accent : palette::mutedText(), hot ? 3 : 1.3);
        addPath(curve, pen);
        QPolygonF head;
        head << to << to + QPointF(-9, -5) << to + QPointF(-9, 5);
        addPolygon(head, pen, hot ? accent : palette::mutedText());
        if (!e.label.isEmpty()) {
            auto *label = addSimpleText(e.label, small);
            label->setBrush(hot ? accent : palette::text());
            const QPointF mid = curve.pointAtPercent(0.5);
            label->setPos(mid - QPointF(label->boundingRect().width() / 2, label->boundingRect().height() + 2));
        }
    }
    for (const QString &name : m_order) {
        const QPointF p = at.value(name);
        const bool hot = walked.contains(name);
        if (hot)
            m_highlighted.insert(name);
        addRect(QRectF(p, QSizeF(kBoxWidth, kBoxHeight)), QPen(hot ? accent : palette::mutedText(), hot ? 3 : 1.2),
                chainColor(name));
        auto *text = addSimpleText(name, font);
        text->setBrush(palette::text());
        text->setPos(p + QPointF((kBoxWidth - text->boundingRect().width()) / 2, (kBoxHeight - text->boundingRect().height()) / 2));
    }
    if (m_order.isEmpty()) {
        auto *text = addSimpleText(ChainGraphText::tr("No rules for %1 on this node (no endpoints, or no such service port).")
                                       .arg(svcPortName),
                                   font);
        text->setBrush(palette::mutedText());
    }
    setSceneRect(itemsBoundingRect().adjusted(-20, -20, 20, 20));
}

} // namespace k8slab::gui
