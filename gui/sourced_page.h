#pragma once

#include <QWidget>

namespace k8slab::gui {

class ClusterView;

/// A page drawn from a ClusterView that does its drawing only while it is shown: a new
/// source (the window passes one on every change of the cluster, live or looked back
/// at) marks the page stale, and a hidden page catches up when it is shown — so a
/// cluster of 30,000 pods does not redraw every page on every change.
class SourcedPage : public QWidget {
public:
    using QWidget::QWidget;

    /// Where the page's objects come from (live or a past revision).
    void setSource(ClusterView *cluster)
    {
        m_cluster = cluster;
        m_stale = true;
        if (isVisible())
            catchUp();
    }

    /// Catches up with what changes without the source changing (the trace grows,
    /// the scheduler tries again); the window calls it for the page in front.
    virtual void refresh() = 0;

protected:
    [[nodiscard]] ClusterView *cluster() const { return m_cluster; }
    /// Redraws what comes from the source.
    virtual void sourceChanged() = 0;
    void showEvent(QShowEvent *event) override
    {
        QWidget::showEvent(event);
        if (m_stale)
            catchUp();
    }

private:
    void catchUp()
    {
        m_stale = false;
        if (m_cluster)
            sourceChanged();
    }

    ClusterView *m_cluster = nullptr;
    bool m_stale = false;
};

} // namespace k8slab::gui
