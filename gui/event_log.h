#pragma once

#include "gui/object_key.h"

#include <QAbstractTableModel>
#include <QWidget>

#include "core/api/json.h"

class QTableView;

namespace k8slab::gui {

class ClusterView;

/// The cluster's Events, newest first, as `kubectl get events` lists them.
class EventTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Message, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    /// Takes the events (copies of at most `limit` newest).
    void setEvents(const std::vector<const api::Json *> &events, int limit = 1000);
    [[nodiscard]] ObjectKey objectAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString time, type, reason, message;
        ObjectKey object;
    };
    std::vector<Row> m_rows;
};

/// The event log panel: a table of Events; activating a row selects its object.
class EventLog : public QWidget {
    Q_OBJECT
public:
    explicit EventLog(QWidget *parent = nullptr);
    /// Shows the events of `cluster` (live or at a past revision).
    void refresh(const ClusterView &cluster);
    [[nodiscard]] EventTableModel &model() { return *m_model; }

Q_SIGNALS:
    void objectActivated(const k8slab::gui::ObjectKey &key);

private:
    EventTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
};

} // namespace k8slab::gui
