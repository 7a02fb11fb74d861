#include "gui/network_page.h"

#include "core/proxy/node_proxies.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

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
    auto *split = new QSplitter(Qt::Horizontal, this);
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
    layout->addWidget(split, 1);

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
    m_summary->setText(tr("kube-proxy runs in %1 mode · %n sync(s)", nullptr, int(last))
                           .arg(QString::fromLatin1(proxy::modeName(p->mode()))));
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
        row->setToolTip(3, row->text(3));
        row->setText(4, QString::number(it->added.size()));
        row->setText(5, QString::number(it->removed.size()));
    }
    for (int column : {0, 1, 2, 4, 5})
        m_syncs->resizeColumnToContents(column);
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
