#pragma once

#include "core/scheduler/decision_record.h"

#include <QAbstractTableModel>

#include <optional>

namespace k8slab::gui {

/// One scheduling attempt as a matrix: a row per node (in the order the scheduler
/// scanned them, then the nodes sampling left out), a column for the filters (passed,
/// or the plugin that stopped the node and why), one per score plugin (raw score →
/// normalized × weight = weighted) and the total. The chosen node's row is green, a
/// rejected node's red, a node not examined grey. Given a baseline attempt (the real
/// one, when this is a what-if), every cell that differs from it is highlighted.
class DecisionMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    /// Shows `record`, compared with `baseline` when given.
    void setRecord(std::optional<scheduler::DecisionRecord> record,
                   std::optional<scheduler::DecisionRecord> baseline = std::nullopt);
    [[nodiscard]] const std::optional<scheduler::DecisionRecord> &record() const { return m_record; }
    /// Whether a cell differs from the baseline.
    [[nodiscard]] bool changed(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    [[nodiscard]] QString text(const scheduler::DecisionRecord &record, const std::string &node, int column) const;

    std::optional<scheduler::DecisionRecord> m_record;
    std::optional<scheduler::DecisionRecord> m_baseline;
};

} // namespace k8slab::gui
