#include "gui/event_log.h"

#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/palette.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace k8slab::gui {

using api::Json;

void EventTableModel::setEvents(const std::vector<const Json *> &events, int limit)
{
    std::vector<Row> rows;
    rows.reserve(events.size());
    for (const Json *e : events) {
        const Json involved = e->value("involvedObject", Json::object());
        std::string time = textAt(*e, "lastTimestamp");
        if (time.empty())
            time = textAt(*e, "eventTime");
        rows.push_back({QString::fromStdString(time), qtextAt(*e, "type"),
                        qtextAt(*e, "reason"), qtextAt(*e, "message"),
                        ObjectKey{qtextAt(involved, "kind"),
                                  qtextAt(involved, "namespace"),
                                  qtextAt(involved, "name")}});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.time > b.time; });
    if (int(rows.size()) > limit)
        rows.resize(std::size_t(limit));
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

ObjectKey EventTableModel::objectAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)].object : ObjectKey{};
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && index.column() == Type && r.type == QLatin1String("Warning"))
        return palette::phase(QStringLiteral("Failed"));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case LastSeen:
        return QString(r.time).replace(QLatin1Char('T'), QLatin1Char(' ')).remove(QLatin1Char('Z'));
    case Type:
        return r.type;
    case Reason:
        return r.reason;
    case Object:
        return r.object.kind.toLower() + QLatin1Char('/') + r.object.name;
    case Message:
        return r.message;
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LastSeen:
        return tr("Last seen");
    case Type:
        return tr("Type");
    case Reason:
        return tr("Reason");
    case Object:
        return tr("Object");
    case Message:
        return tr("Message");
    }
    return {};
}

EventLog::EventLog(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_model = new EventTableModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(EventTableModel::Message, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    layout->addWidget(m_view);
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT objectActivated(m_model->objectAt(index.row())); });
    connect(m_view, &QTableView::clicked, this,
            [this](const QModelIndex &index) { Q_EMIT objectActivated(m_model->objectAt(index.row())); });
}

void EventLog::refresh(const ClusterView &cluster)
{
    m_model->setEvents(cluster.events());
    m_view->resizeColumnToContents(EventTableModel::LastSeen);
    m_view->resizeColumnToContents(EventTableModel::Reason);
    m_view->resizeColumnToContents(EventTableModel::Object);
}

} // namespace k8slab::gui
