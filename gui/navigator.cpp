#include "gui/navigator.h"

#include <QSignalBlocker>

namespace k8slab::gui {

Navigator::Navigator(QWidget *parent) : QListWidget(parent)
{
    const std::pair<Page, QString> entries[] = {
        {Page::Welcome, tr("Overview")},
        {Page::ClusterMap, tr("Cluster map")},
        {Page::Network, tr("Network (kube-proxy)")},
        {Page::Story, tr("Step by step")},
        {Page::Scheduling, tr("Scheduling decisions")},
        {Page::Controllers, tr("Controllers")},
        {Page::Charts, tr("Charts")},
        {Page::Nodes, tr("Node memory")},
    };
    for (const auto &[page, label] : entries) {
        auto *item = new QListWidgetItem(label, this);
        item->setData(Qt::UserRole, int(page));
        item->setSizeHint(QSize(160, 36));
    }
    setCurrentRow(0);
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            Q_EMIT pageRequested(Page(item->data(Qt::UserRole).toInt()));
    });
}

void Navigator::setCurrentPage(Page page)
{
    const QSignalBlocker block(this);
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(Qt::UserRole).toInt() == int(page))
            setCurrentRow(i);
}

} // namespace k8slab::gui
