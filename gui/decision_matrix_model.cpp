#include "gui/decision_matrix_model.h"

#include "gui/palette.h"

#include <QBrush>
#include <QFont>

namespace k8slab::gui {

namespace {

const scheduler::NodeDecision *findNode(const scheduler::DecisionRecord &record, const std::string &node)
{
    for (const scheduler::NodeDecision &d : record.nodes)
        if (d.node == node)
            return &d;
    return nullptr;
}

/// The row's node: examined nodes first, in scan order, then those sampling left out.
std::string nodeAt(const scheduler::DecisionRecord &record, int row)
{
    if (row < int(record.nodes.size()))
        return record.nodes[row].node;
    const int skipped = row - int(record.nodes.size());
    return skipped < int(record.notExaminedNodes.size()) ? record.notExaminedNodes[skipped] : std::string();
}

QString joined(const std::vector<std::string> &parts)
{
    QStringList out;
    for (const std::string &p : parts)
        out << QString::fromStdString(p);
    return out.join(QStringLiteral("; "));
}

} // namespace

void DecisionMatrixModel::setRecord(std::optional<scheduler::DecisionRecord> record,
                                    std::optional<scheduler::DecisionRecord> baseline)
{
    beginResetModel();
    m_record = std::move(record);
    m_baseline = std::move(baseline);
    endResetModel();
}

int DecisionMatrixModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_record)
        return 0;
    return int(m_record->nodes.size() + m_record->notExaminedNodes.size());
}

int DecisionMatrixModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_record)
        return 0;
    return 3 + int(m_record->scorePlugins.size());
}

QString DecisionMatrixModel::text(const scheduler::DecisionRecord &record, const std::string &node, int column) const
{
    const scheduler::NodeDecision *d = findNode(record, node);
    if (column == 0)
        return QString::fromStdString(node);
    if (!d)
        return column == 1 ? tr("not examined (sampling)") : QString();
    const int plugins = int(record.scorePlugins.size());
    if (column == 1) {
        if (d->rejectedBy.empty())
            return tr("✓ passed");
        return tr("✗ %1: %2").arg(QString::fromStdString(d->rejectedBy), joined(d->reasons));
    }
    if (column == 2 + plugins)
        return d->raw.empty() ? QString() : QString::number(d->total);
    const int p = column - 2;
    if (p < 0 || p >= plugins || std::size_t(p) >= d->raw.size())
        return QString();
    if (record.scorePlugins[p].skipped)
        return tr("skipped");
    const std::int64_t weight = record.scorePlugins[p].weight;
    return QStringLiteral("%1 → %2 ×%3 = %4")
        .arg(d->raw[p])
        .arg(d->normalized[p])
        .arg(weight)
        .arg(d->normalized[p] * weight);
}

bool DecisionMatrixModel::changed(int row, int column) const
{
    if (!m_record || !m_baseline)
        return false;
    const std::string node = nodeAt(*m_record, row);
    // Columns line up only when both attempts ran the same score plugins.
    if (column > 1 && m_record->scorePlugins.size() != m_baseline->scorePlugins.size())
        return true;
    return text(*m_record, node, column) != text(*m_baseline, node, column);
}

QVariant DecisionMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!m_record || !index.isValid())
        return {};
    const std::string node = nodeAt(*m_record, index.row());
    const scheduler::NodeDecision *d = findNode(*m_record, node);
    const bool chosen = node == m_record->selectedNode && !node.empty();
    switch (role) {
    case Qt::DisplayRole:
        return text(*m_record, node, index.column());
    case Qt::BackgroundRole:
        if (changed(index.row(), index.column()))
            return QBrush(QColor(0xFF, 0xE0, 0x82)); // what the what-if changed
        if (chosen)
            return QBrush(QColor(0xDD, 0xF3, 0xE0));
        if (!d)
            return QBrush(QColor(0xF1, 0xF3, 0xF5));
        if (!d->rejectedBy.empty())
            return QBrush(QColor(0xFD, 0xEC, 0xEA));
        return {};
    case Qt::ForegroundRole:
        if (!d)
            return QBrush(palette::mutedText());
        if (index.column() == 1 && !d->rejectedBy.empty())
            return QBrush(palette::phase(QStringLiteral("Failed")));
        return {};
    case Qt::FontRole:
        if (chosen) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() > 1 && d && !d->raw.empty() && index.column() < 2 + int(m_record->scorePlugins.size()))
            return tr("raw score → normalized (0–100) × the plugin's weight = weighted score");
        if (chosen)
            return tr("The scheduler chose this node: the highest total (ties are broken at random).");
        return {};
    default:
        return {};
    }
}

QVariant DecisionMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || !m_record)
        return QAbstractTableModel::headerData(section, orientation, role);
    const int plugins = int(m_record->scorePlugins.size());
    if (section == 0)
        return tr("Node");
    if (section == 1)
        return tr("Filter");
    if (section == 2 + plugins)
        return tr("Total");
    const auto &column = m_record->scorePlugins[section - 2];
    return tr("%1 (×%2)").arg(QString::fromStdString(column.plugin)).arg(column.weight);
}

} // namespace k8slab::gui
