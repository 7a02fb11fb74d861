#pragma once

#include "gui/sequence_model.h"

#include <QGraphicsScene>

#include <vector>

class QGraphicsItem;
class QGraphicsRectItem;

namespace k8slab::gui {

/// Draws a SequenceDiagram: lane heads with lifelines, one row per message (arrows for
/// calls, writes and watch events, boxes for notes), the step numbers on the left.
/// The current step is highlighted, later steps are faded, so playback reveals the
/// story one step at a time. Clicking a message picks its step.
class SequenceDiagramScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit SequenceDiagramScene(QObject *parent = nullptr);

    /// Draws `diagram` (replacing what was drawn), with no step current.
    void setDiagram(SequenceDiagram diagram);
    [[nodiscard]] const SequenceDiagram &diagram() const { return m_diagram; }
    /// Highlights `step` (an index into the history's steps) and fades those after it;
    /// -1 shows every step plainly.
    void setCurrentStep(int step);
    [[nodiscard]] int currentStep() const { return m_current; }
    /// The scene rectangle of what a step drew (to scroll to it).
    [[nodiscard]] QRectF stepRect(int step) const;
    /// Where each lane's column is (scene x of its lifeline) and what its head says, for
    /// a view that keeps the heads in sight while scrolling.
    [[nodiscard]] std::vector<std::pair<qreal, QString>> laneHeads() const;
    /// The scene y below which the lane heads are out of sight.
    [[nodiscard]] static qreal headsBottom();

Q_SIGNALS:
    /// The learner clicked a message of `step`.
    void stepClicked(int step);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void drawLanes(qreal bottom);
    void drawMessage(const SequenceMessage &message, qreal y);

    SequenceDiagram m_diagram;
    std::vector<std::vector<QGraphicsItem *>> m_stepItems; // per history step
    std::vector<std::pair<qreal, qreal>> m_stepRows;       // per step: top, bottom
    QGraphicsRectItem *m_band = nullptr;
    int m_current = -1;
};

} // namespace k8slab::gui
