#pragma once

#include <QListWidget>

namespace k8slab::gui {

/// The pages of the main window.
enum class Page { Welcome, ClusterMap, Network, Story, Scheduling, Controllers, Charts, Nodes };

/// The navigator on the left: one entry per page.
class Navigator : public QListWidget {
    Q_OBJECT
public:
    explicit Navigator(QWidget *parent = nullptr);
    /// Marks `page` as the one shown (without emitting pageRequested).
    void setCurrentPage(Page page);

Q_SIGNALS:
    void pageRequested(k8slab::gui::Page page);
};

} // namespace k8slab::gui
