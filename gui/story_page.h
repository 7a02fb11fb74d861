#pragma once

#include "gui/object_key.h"

#include "gui/sourced_page.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace k8slab::recording {
class TraceIndex;
}

namespace k8slab::gui {

class ClusterView;
class SequenceDiagramScene;
class SequenceView;

/// "Step by step": how a pod (or a Deployment) came to be, drawn from the trace as a
/// sequence diagram — kubectl, the API server, the store, the controllers, the
/// scheduler, the kubelet, the runtime, the endpoints controllers and kube-proxy — with
/// playback one step at a time and a narration of each step in the learner's language.
class StoryPage : public SourcedPage {
    Q_OBJECT
public:
    StoryPage(const recording::TraceIndex &trace, QWidget *parent = nullptr);

    /// Tells the story of `key` (a Pod, or another kind's creation), from its first step.
    void showObject(const ObjectKey &key);
    /// Tells the story of the first object listed of `kind` in `ns` whose name starts
    /// with `prefix` (a Deployment's pods: "web-"); false when there is none.
    bool showFirstMatching(const QString &kind, const QString &ns, const QString &prefix);
    /// The object whose story is shown.
    [[nodiscard]] ObjectKey shownObject() const { return m_shown; }
    /// Moves to a step (index into the story's steps); clamps.
    void setCurrentStep(int step);
    /// Moves to the step that is trace event `id`; false when the story does not hold it.
    bool showTraceStep(std::uint64_t id);
    [[nodiscard]] int currentStep() const;
    [[nodiscard]] int stepCount() const;
    /// Shows the story as it stood at store revision `revision` (0: all of it), with the
    /// last step taken by then as the current one.
    void followRevision(qint64 revision);
    /// Reads the trace again and redraws if the story has grown (the lab is live).
    void refresh() override;
    /// Starts or stops playback (one step every interval).
    void play(bool on);
    [[nodiscard]] bool playing() const;

    [[nodiscard]] SequenceDiagramScene &scene() { return *m_scene; }
    /// A slide of where the story is: the lane heads and the last kSlideSteps steps up
    /// to the current one (what File ▸ Export writes for this page).
    SequenceDiagramScene &slideScene();
    static constexpr int kSlideSteps = 12;
    /// The narration shown (plain text, for tests).
    [[nodiscard]] QString narrationText() const;

private:
    void sourceChanged() override;
    /// Reads the story again; whether it changed (and was redrawn).
    bool rebuild();
    void reloadSubjects();
    void showNarration();

    const recording::TraceIndex &m_trace;
    ObjectKey m_shown;
    qint64 m_revision = 0;
    std::uint64_t m_builtAt = 0; ///< the trace's last id when the story was built
    SequenceDiagramScene *m_scene = nullptr;
    SequenceDiagramScene *m_slide = nullptr;
    SequenceView *m_view = nullptr;
    QComboBox *m_subject = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_play = nullptr;
    QToolButton *m_next = nullptr;
    QLabel *m_position = nullptr;
    QTextBrowser *m_narration = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace k8slab::gui
