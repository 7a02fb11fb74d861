#pragma once

#include <QGraphicsView>

namespace k8slab::gui {

class SequenceDiagramScene;

/// The viewport on a sequence diagram: when the lane heads scroll out of sight, their
/// titles stay pinned along the top, so a learner deep in a long story still knows
/// which column is which.
class SequenceView : public QGraphicsView {
    Q_OBJECT
public:
    SequenceView(SequenceDiagramScene *scene, QWidget *parent = nullptr);

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    SequenceDiagramScene *m_scene;
};

} // namespace k8slab::gui
