#pragma once

#include "core/api/json.h"
#include "core/scheduler/decision_record.h"
#include "gui/object_key.h"

#include "gui/sourced_page.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QGraphicsScene;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTableView;

namespace k8slab::scheduler {
class Scheduler;
struct Suggestion;
} // namespace k8slab::scheduler

namespace k8slab::gui {

class ClusterView;
class DecisionMatrixModel;

/// "Scheduling decisions": a pod's latest attempt as the scheduler recorded it — a
/// matrix of nodes × plugins (filter result and reason, raw and normalized scores,
/// weights, totals), the chosen node, the nodes sampling skipped, the FailedScheduling
/// message and preemption's victims — and a what-if: edit the pod's requests,
/// tolerations, node selector or affinity, or a node's labels, taints and cordon, then
/// re-score with the scheduler's own code without changing the cluster; the cells that
/// change are highlighted. For a pod that cannot be placed, the smallest changes that
/// would place it are listed (each proved by a re-score); choosing one loads it.
class SchedulingPage : public SourcedPage {
    Q_OBJECT
public:
    SchedulingPage(scheduler::Scheduler *scheduler, QWidget *parent = nullptr);

    /// Shows `pod`'s latest attempt (and its suggestions when it is not placed).
    void showPod(const ObjectKey &pod);
    [[nodiscard]] ObjectKey shownPod() const { return m_pod; }
    /// Reloads the shown pod if the scheduler tried it since (the pods to choose from
    /// are read again when the cluster changes, through setSource).
    void refresh() override;
    /// Shows the attempt in effect at lab time `timeNs` (the timeline looking back); 0
    /// follows the latest attempt again.
    void followTime(std::int64_t timeNs);
    /// Re-scores with the what-if text; false (and the reason shown) when it is invalid.
    bool rescore();
    /// Shows the real attempt again.
    void showRealAttempt();
    /// Loads suggestion `index` into the what-if and re-scores.
    void applySuggestion(int index);

    [[nodiscard]] DecisionMatrixModel &matrix() { return *m_model; }
    [[nodiscard]] QPlainTextEdit &whatIfEditor() { return *m_editor; }
    [[nodiscard]] QListWidget &suggestions() { return *m_suggestions; }
    [[nodiscard]] QString summaryText() const;
    /// The matrix and its summary drawn as a diagram (what File ▸ Export writes).
    QGraphicsScene &diagramScene();

private:
    void sourceChanged() override;
    void reloadPods();
    void showSummary(const scheduler::DecisionRecord *record, bool whatIf);
    [[nodiscard]] std::string whatIfYaml(const api::Json &pod, const std::vector<api::Json> &nodes) const;
    [[nodiscard]] QString describe(const scheduler::Suggestion &s) const;

    scheduler::Scheduler *m_scheduler;
    ObjectKey m_pod;
    api::Json m_podObject;
    std::optional<scheduler::DecisionRecord> m_real;
    bool m_whatIfShown = false;
    std::int64_t m_time = 0; ///< the timeline's time when looking back; 0 live
    std::vector<api::Json> m_suggestedPods;
    std::vector<std::vector<api::Json>> m_suggestedNodes;
    QComboBox *m_podChoice = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_table = nullptr;
    DecisionMatrixModel *m_model = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QListWidget *m_suggestions = nullptr;
    QGraphicsScene *m_diagram = nullptr;
};

} // namespace k8slab::gui
