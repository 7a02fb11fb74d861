#include "gui/network_page.h"

#include "core/proxy/node_proxies.h"
#include "gui/chain_graph_scene.h"
#include "gui/proxy_modes_view.h"
#include "gui/palette.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QGraphicsView>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace k8slab::gui {

NetworkPage::NetworkPage(proxy::NodeProxies *proxies, QWidget *parent) : QWidget(parent), m_proxies(proxies)
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout();
    m_node = new QComboBox(this);
    m_mode = new QComboBox(this);
    m_mode->addItem(QStringLiteral("iptables"));
    m_mode->addItem(QStringLiteral("IPVS"), QStringLiteral("ipvs"));
    m_mode->addItem(QStringLiteral("nftables"));
    m_mode->setItemData(0, QStringLiteral("iptables"));
    m_mode->setItemData(2, QStringLiteral("nftables"));
    controls->addWidget(new QLabel(tr("Node"), this));
    controls->addWidget(m_node);
    controls->addWidget(new QLabel(tr("Rules as"), this));
    controls->addWidget(m_mode);
    m_summary = new QLabel(this);
    controls->addWidget(m_summary, 1);
    layout->addLayout(controls);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_tabs = new QTabWidget(this);
    auto *split = new QSplitter(Qt::Horizontal, m_tabs);
    m_rules = new QPlainTextEdit(split);
    m_rules->setReadOnly(true);
    m_rules->setFont(mono);
    m_rules->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *right = new QSplitter(Qt::Vertical, split);
    m_syncs = new QTreeWidget(right);
    m_syncs->setHeaderLabels({tr("#"), tr("Time"), tr("Sync"), tr("Cause"), tr("+"), tr("−")});
    m_syncs->setRootIsDecorated(false);
    m_syncs->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_diff = new QPlainTextEdit(right);
    m_diff->setReadOnly(true);
    m_diff->setFont(mono);
    m_diff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_diff->setPlaceholderText(tr("Select a sync to see the rules it added (+) and removed (−)."));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_tabs->addTab(split, tr("Rules and syncs"));

    // The chain graph of one Service, and a packet's walk through it.
    auto *graphPage = new QWidget(m_tabs);
    auto *graphLayout = new QVBoxLayout(graphPage);
    auto *graphControls = new QHBoxLayout();
    m_service = new QComboBox(graphPage);
    m_service->setMinimumContentsLength(24);
    m_source = new QLineEdit(QStringLiteral("10.244.1.250"), graphPage);
    m_source->setMaximumWidth(160);
    m_source->setToolTip(tr("The packet's source address (a pod's IP in 10.244.0.0/16, or any other address for a client outside)"));
    auto *traceButton = new QPushButton(tr("Walk a packet"), graphPage);
    m_playWalk = new QPushButton(tr("Play it rule by rule"), graphPage);
    m_playWalk->setEnabled(false);
    m_modes = new QLabel(graphPage);
    graphControls->addWidget(new QLabel(tr("Service"), graphPage));
    graphControls->addWidget(m_service);
    graphControls->addWidget(new QLabel(tr("from"), graphPage));
    graphControls->addWidget(m_source);
    graphControls->addWidget(traceButton);
    graphControls->addWidget(m_playWalk);
    graphControls->addStretch(1);
    graphLayout->addLayout(graphControls);
    graphLayout->addWidget(m_modes);
    auto *graphSplit = new QSplitter(Qt::Vertical, graphPage);
    m_graph = new ChainGraphScene(this);
    m_graphView = new QGraphicsView(m_graph, graphSplit);
    auto *graphView = m_graphView;
    graphView->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    graphView->setDragMode(QGraphicsView::ScrollHandDrag);
    m_walk = new QPlainTextEdit(graphSplit);
    m_walk->setReadOnly(true);
    m_walk->setFont(mono);
    m_walk->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_walk->setPlaceholderText(tr("Walk a packet to see every rule it meets, in order."));
    graphSplit->setStretchFactor(0, 3);
    graphSplit->setStretchFactor(1, 1);
    graphSplit->setSizes({540, 180});
    graphLayout->addWidget(graphSplit, 1);
    m_tabs->addTab(graphPage, tr("Chain graph"));
    m_sideBySide = new ProxyModesView(m_tabs);
    m_tabs->addTab(m_sideBySide, tr("iptables · IPVS · nftables"));
    layout->addWidget(m_tabs, 1);
    connect(m_service, &QComboBox::currentIndexChanged, this, [this] { drawGraph(false); });
    connect(traceButton, &QPushButton::clicked, this, [this] { drawGraph(true); });
    m_walkTimer = new QTimer(this);
    connect(m_walkTimer, &QTimer::timeout, this, [this] {
        if (m_walkStep + 1 >= int(m_path.steps.size())) {
            m_walkTimer->stop();
            showWalkStep(-1);
        } else {
            showWalkStep(m_walkStep + 1);
        }
    });
    connect(m_playWalk, &QPushButton::clicked, this, &NetworkPage::playWalk);

    if (!m_proxies) {
        m_summary->setText(tr("This lab runs no kube-proxy."));
        return;
    }
    const auto changed = [this] {
        m_shownSync = 0;
        reload();
    };
    connect(m_node, &QComboBox::currentIndexChanged, this, changed);
    connect(m_mode, &QComboBox::currentIndexChanged, this, changed);
    connect(m_syncs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showSync(item->data(0, Qt::UserRole).toInt());
    });
    connect(m_syncs, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (const quint64 id = item->data(1, Qt::UserRole).value<quint64>())
            Q_EMIT syncStoryRequested(id);
    });
    refresh();
}

QString NetworkPage::rulesText() const
{
    return m_rules->toPlainText();
}

void NetworkPage::show(const QString &node, const QString &mode)
{
    m_node->setCurrentText(node);
    const int index = m_mode->findData(mode);
    if (index >= 0)
        m_mode->setCurrentIndex(index);
    m_shownSync = 0;
    reload();
}

void NetworkPage::refresh()
{
    if (!m_proxies)
        return;
    const std::vector<std::string> nodes = m_proxies->nodes();
    if (m_node->count() != int(nodes.size())) {
        const QString current = m_node->currentText();
        QSignalBlocker block(m_node);
        m_node->clear();
        for (const std::string &n : nodes)
            m_node->addItem(QString::fromStdString(n));
        if (!current.isEmpty())
            m_node->setCurrentText(current);
    }
    reload();
}

void NetworkPage::showSideBySide(const QString &filter)
{
    m_tabs->setCurrentWidget(m_sideBySide);
    m_sideBySide->setFilter(filter);
}

void NetworkPage::reload()
{
    proxy::KubeProxy *p = m_proxies ? m_proxies->proxy(m_node->currentText().toStdString()) : nullptr;
    if (!p)
        return;
    const std::deque<proxy::SyncRecord> &syncs = p->syncs();
    const quint64 last = syncs.empty() ? 0 : syncs.back().number;
    if (last == m_shownSync && !m_rules->toPlainText().isEmpty())
        return;
    m_shownSync = last;
    proxy::ProxyMode mode = p->mode();
    (void)proxy::parseMode(m_mode->currentData().toString().toStdString(), mode);
    const int scroll = m_rules->verticalScrollBar()->value();
    m_rules->setPlainText(QString::fromStdString(p->rules(mode)));
    m_rules->verticalScrollBar()->setValue(scroll);
    m_sideBySide->show(p);
    m_summary->setText(tr("kube-proxy runs in %1 mode · %n sync(s)", nullptr, int(last))
                           .arg(QString::fromLatin1(proxy::modeName(p->mode()))));
    QStringList serviceNames;
    for (const auto &[name, state] : p->services())
        serviceNames << QString::fromStdString(name);
    if (serviceNames != [this] {
            QStringList current;
            for (int i = 0; i < m_service->count(); ++i)
                current << m_service->itemText(i);
            return current;
        }()) {
        const QString current = m_service->currentText();
        const QSignalBlocker block(m_service);
        m_service->clear();
        m_service->addItems(serviceNames);
        if (!current.isEmpty())
            m_service->setCurrentText(current);
    }
    drawGraph(false);
    m_syncs->clear();
    for (auto it = syncs.rbegin(); it != syncs.rend(); ++it) {
        auto *row = new QTreeWidgetItem(m_syncs);
        row->setData(0, Qt::UserRole, int(it->number));
        row->setText(0, QString::number(it->number));
        row->setText(1, QDateTime::fromMSecsSinceEpoch(engine::toNanos(it->time) / 1000000, Qt::UTC)
                            .toString(QStringLiteral("HH:mm:ss.zzz")));
        row->setText(2, it->full ? tr("full") : tr("partial"));
        QStringList causes;
        for (const std::string &c : it->causes)
            causes << QString::fromStdString(c);
        row->setText(3, causes.join(QStringLiteral(", ")));
        row->setToolTip(3, row->text(3) + QLatin1Char('\n') + tr("Double-click: the story of the change behind this sync"));
        row->setData(1, Qt::UserRole, QVariant::fromValue<quint64>(it->traceId));
        row->setText(4, QString::number(it->added.size()));
        row->setText(5, QString::number(it->removed.size()));
    }
    for (int column : {0, 1, 2, 4, 5})
        m_syncs->resizeColumnToContents(column);
}

QGraphicsScene *NetworkPage::visibleScene()
{
    return m_tabs->currentIndex() == 1 ? m_graph : nullptr;
}

QString NetworkPage::traceService(const QString &svcPortName, const QString &source)
{
    m_tabs->setCurrentIndex(1);
    m_source->setText(source);
    const int index = m_service->findText(svcPortName);
    if (index < 0)
        return {};
    {
        const QSignalBlocker block(m_service);
        m_service->setCurrentIndex(index);
    }
    drawGraph(true);
    return m_lastVerdict;
}

void NetworkPage::drawGraph(bool trace)
{
    proxy::KubeProxy *p = m_proxies ? m_proxies->proxy(m_node->currentText().toStdString()) : nullptr;
    if (!p)
        return;
    const proxy::IptablesState tables = p->iptablesTables();
    const QString svcName = m_service->currentText();
    m_lastVerdict.clear();
    auto found = p->services().find(svcName.toStdString());
    const auto fit = [this] {
        m_graphView->fitInView(m_graph->sceneRect(), Qt::KeepAspectRatio);
        if (m_graphView->transform().m11() > 1.2)
            m_graphView->setTransform(QTransform::fromScale(1.2, 1.2));
    };
    if (!trace || found == p->services().end()) {
        m_graph->draw(tables, svcName);
        fit();
        return;
    }
    const proxy::ServicePort &port = found->second.port;
    proxy::Packet packet;
    packet.source = m_source->text().trimmed().toStdString();
    packet.destination = port.clusterIP;
    packet.port = port.port;
    packet.protocol = port.protocol;
    packet.origin = proxy::cidrContains(p->config().clusterCIDR, packet.source) ? proxy::PacketOrigin::Pod
                                                                                 : proxy::PacketOrigin::Outside;
    const proxy::PacketPath path = p->tracePacket(packet, proxy::ProxyMode::IPTables);
    if (!path.error.empty()) {
        m_walk->setPlainText(QString::fromStdString(path.error));
        m_graph->draw(tables, svcName);
        return;
    }
    m_path = path;
    m_walkStep = -1;
    m_playWalk->setEnabled(!path.steps.empty());
    m_graph->draw(p->iptablesTables(), svcName, &path);
    fit();
    // The same first packet through the other modes' rules: how much work each does.
    QStringList modes{tr("iptables: %n rule(s)", nullptr, path.rulesEvaluated)};
    for (const auto &[mode, name] : {std::pair{proxy::ProxyMode::IPVS, QStringLiteral("IPVS")},
                                     std::pair{proxy::ProxyMode::NFTables, QStringLiteral("nftables")}}) {
        const proxy::PacketPath other = p->tracePacket(packet, mode);
        modes << (other.error.empty() ? tr("%1: %n rule(s)", nullptr, other.rulesEvaluated).arg(name)
                                      : tr("%1: %2").arg(name, QString::fromStdString(other.error)));
    }
    m_modes->setText(tr("Rules evaluated for this packet — %1").arg(modes.join(QStringLiteral(" · "))));
    QString text = tr("%1 → %2:%3 (%4): %5 after %n rule(s)", nullptr, path.rulesEvaluated)
                       .arg(QString::fromStdString(packet.source), QString::fromStdString(packet.destination))
                       .arg(packet.port)
                       .arg(QString::fromStdString(packet.protocol), QString::fromStdString(path.verdict));
    if (!path.dnatTo.empty())
        text += tr("; DNAT to %1").arg(QString::fromStdString(path.dnatTo));
    if (path.masqueraded)
        text += tr("; masqueraded to %1").arg(QString::fromStdString(path.finalSource));
    text += QStringLiteral("\n\n");
    for (const proxy::TraceStep &step : path.steps)
        text += QStringLiteral("%1 %2 %3/%4 #%5  %6%7\n")
                    .arg(step.matched ? QStringLiteral("✓") : QStringLiteral("·"), QString::fromStdString(step.hook),
                         QString::fromStdString(step.table), QString::fromStdString(step.chain))
                    .arg(step.index)
                    .arg(QString::fromStdString(step.rule),
                         step.effect.empty() ? QString() : QStringLiteral("   ⇒ ") + QString::fromStdString(step.effect));
    m_walk->setPlainText(text);
    m_lastVerdict = QString::fromStdString(path.verdict);
}

void NetworkPage::showWalkStep(int step)
{
    proxy::KubeProxy *p = m_proxies ? m_proxies->proxy(m_node->currentText().toStdString()) : nullptr;
    if (!p || m_path.steps.empty())
        return;
    m_walkStep = step;
    m_graph->draw(p->iptablesTables(), m_service->currentText(), &m_path, step < 0 ? -1 : step + 1);
    // The walk's text: a summary, a blank line, then a line per step.
    QList<QTextEdit::ExtraSelection> marks;
    if (step >= 0) {
        QTextEdit::ExtraSelection mark;
        mark.format.setBackground(palette::selection().lighter(170));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mark.cursor = QTextCursor(m_walk->document()->findBlockByNumber(step + 2));
        marks << mark;
        m_walk->setTextCursor(mark.cursor);
        m_walk->ensureCursorVisible();
    }
    m_walk->setExtraSelections(marks);
}

void NetworkPage::playWalk()
{
    if (m_path.steps.empty())
        return;
    // A short walk at a readable pace, a long one (thousands of rules) within ~10 s.
    m_walkTimer->setInterval(std::clamp(10'000 / int(m_path.steps.size()), 20, 450));
    showWalkStep(0);
    m_walkTimer->start();
}

QString NetworkPage::diffText() const
{
    return m_diff->toPlainText();
}

QString NetworkPage::modesText() const
{
    return m_modes->text();
}

void NetworkPage::showSync(int number)
{
    proxy::KubeProxy *p = m_proxies ? m_proxies->proxy(m_node->currentText().toStdString()) : nullptr;
    if (!p)
        return;
    for (const proxy::SyncRecord &s : p->syncs()) {
        if (int(s.number) != number)
            continue;
        QString text = tr("Sync %1 (%2), caused by %3").arg(number).arg(s.full ? tr("full") : tr("partial"));
        QStringList causes;
        for (const std::string &c : s.causes)
            causes << QString::fromStdString(c);
        text = text.arg(causes.join(QStringLiteral(", "))) + QStringLiteral("\n\n");
        for (const std::string &line : s.added)
            text += QStringLiteral("+ ") + QString::fromStdString(line) + QLatin1Char('\n');
        for (const std::string &line : s.removed)
            text += QStringLiteral("− ") + QString::fromStdString(line) + QLatin1Char('\n');
        if (!s.error.empty())
            text += tr("failed: %1").arg(QString::fromStdString(s.error));
        m_diff->setPlainText(text);
        return;
    }
}

} // namespace k8slab::gui
