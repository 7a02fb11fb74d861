#include "gui/story_page.h"

#include "core/recording/causal_history.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/narration.h"
#include "gui/sequence_diagram_scene.h"
#include "gui/sequence_view.h"

#include <QComboBox>
#include <QDateTime>
#include <QTimeZone>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace k8slab::gui {

namespace {

constexpr int kPlayIntervalMs = 1400;
constexpr std::size_t kMaxListedPods = 2000;

/// The Deployment that owns a pod through its ReplicaSet ("web" for ReplicaSet
/// "web-5fff6c8fd" with pod-template-hash 5fff6c8fd), or empty.
QString deploymentOf(const api::Json &pod)
{
    const api::Json &meta = objectAt(pod, "metadata");
    const QString hash = qtextAt(objectAt(meta, "labels"), "pod-template-hash");
    const auto owners = meta.find("ownerReferences");
    if (hash.isEmpty() || owners == meta.end() || !owners->is_array())
        return {};
    for (const api::Json &owner : *owners) {
        const QString name = qtextAt(owner, "name");
        if (qtextAt(owner, "kind") == QLatin1String("ReplicaSet") && name.endsWith(QLatin1Char('-') + hash))
            return name.left(name.size() - hash.size() - 1);
    }
    return {};
}

QString timeOf(const proto::TraceEvent &e)
{
    return QDateTime::fromMSecsSinceEpoch(e.time_ns() / 1'000'000, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

StoryPage::StoryPage(const recording::TraceIndex &trace, QWidget *parent) : SourcedPage(parent), m_trace(trace)
{
    m_subject = new QComboBox(this);
    m_subject->setMinimumContentsLength(34);
    m_subject->setToolTip(tr("Whose story: a pod's life, or how a Deployment was created"));
    const auto button = [this](QStyle::StandardPixmap icon, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setIcon(style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    m_previous = button(QStyle::SP_MediaSeekBackward, tr("Previous step"));
    m_play = button(QStyle::SP_MediaPlay, tr("Play the story step by step"));
    m_play->setCheckable(true);
    m_next = button(QStyle::SP_MediaSeekForward, tr("Next step"));
    m_position = new QLabel(this);
    m_position->setMinimumWidth(m_position->fontMetrics().horizontalAdvance(tr("Step %1 of %2").arg(888).arg(888)) + 8);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Story of"), this));
    bar->addWidget(m_subject, 1);
    bar->addSpacing(12);
    bar->addWidget(m_previous);
    bar->addWidget(m_play);
    bar->addWidget(m_next);
    bar->addWidget(m_position);

    m_scene = new SequenceDiagramScene(this);
    m_view = new SequenceView(m_scene, this);
    m_narration = new QTextBrowser(this);
    m_narration->setMinimumHeight(90);
    // The diagram is wide (a column per component): the narration goes below it.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_narration);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({520, 170});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(kPlayIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (currentStep() + 1 >= stepCount())
            play(false);
        else
            setCurrentStep(currentStep() + 1);
    });
    connect(m_previous, &QToolButton::clicked, this, [this] { setCurrentStep(currentStep() - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] { setCurrentStep(currentStep() + 1); });
    connect(m_play, &QToolButton::toggled, this, [this](bool on) { play(on); });
    connect(m_scene, &SequenceDiagramScene::stepClicked, this, &StoryPage::setCurrentStep);
    connect(m_subject, &QComboBox::activated, this, [this](int index) {
        showObject(m_subject->itemData(index).value<ObjectKey>());
    });
    showNarration();
}

void StoryPage::sourceChanged()
{
    reloadSubjects();
}

void StoryPage::reloadSubjects()
{
    if (!cluster())
        return;
    std::vector<ObjectKey> keys;
    std::set<std::pair<QString, QString>> deployments;
    for (const api::Json *pod : cluster()->pods()) {
        const api::Json &meta = objectAt(*pod, "metadata");
        const QString ns = qtextAt(meta, "namespace");
        keys.push_back({QStringLiteral("Pod"), ns, qtextAt(meta, "name")});
        if (const QString d = deploymentOf(*pod); !d.isEmpty())
            deployments.insert({ns, d});
    }
    for (const auto &[ns, name] : deployments)
        keys.push_back({QStringLiteral("Deployment"), ns, name});
    std::stable_sort(keys.begin(), keys.end(), [](const ObjectKey &a, const ObjectKey &b) {
        // Pods first (a pod's life is the first story a course tells), then Deployments.
        const bool aPod = a.kind == QLatin1String("Pod"), bPod = b.kind == QLatin1String("Pod");
        return std::tie(a.ns, bPod, a.name) < std::tie(b.ns, aPod, b.name);
    });
    const QSignalBlocker block(m_subject);
    m_subject->clear();
    // A list one can scroll: every Deployment, and the first pods (any pod is reachable
    // from the map's context menu).
    std::size_t pods = 0;
    for (const ObjectKey &key : keys) {
        const bool pod = key.kind == QLatin1String("Pod");
        if (pod && ++pods > kMaxListedPods)
            continue;
        m_subject->addItem(pod ? tr("Pod %1/%2").arg(key.ns, key.name) : tr("Deployment %1/%2 (its creation)").arg(key.ns, key.name),
                           QVariant::fromValue(key));
    }
    if (m_shown.isValid()) {
        const int at = m_subject->findData(QVariant::fromValue(m_shown));
        if (at < 0)
            m_subject->addItem(m_shown.display(), QVariant::fromValue(m_shown));
        m_subject->setCurrentIndex(at < 0 ? m_subject->count() - 1 : at);
    } else if (m_subject->count() > 0) {
        showObject(m_subject->itemData(0).value<ObjectKey>());
    }
}

void StoryPage::showObject(const ObjectKey &key)
{
    m_shown = key;
    if (const int at = m_subject->findData(QVariant::fromValue(key)); at >= 0)
        m_subject->setCurrentIndex(at);
    rebuild();
    setCurrentStep(m_revision > 0 ? currentStep() : 0);
    if (m_revision > 0)
        followRevision(m_revision);
}

bool StoryPage::showFirstMatching(const QString &kind, const QString &ns, const QString &prefix)
{
    reloadSubjects();
    for (int i = 0; i < m_subject->count(); ++i) {
        const ObjectKey key = m_subject->itemData(i).value<ObjectKey>();
        if (key.kind == kind && key.ns == ns && key.name.startsWith(prefix)) {
            showObject(key);
            return true;
        }
    }
    return false;
}

bool StoryPage::rebuild()
{
    const std::string ns = m_shown.ns.toStdString(), name = m_shown.name.toStdString();
    recording::History history = m_shown.kind == QLatin1String("Pod")
                                     ? recording::podHistory(m_trace, ns, name)
                                     : recording::creationHistory(m_trace, m_shown.kind.toStdString(), ns, name);
    m_builtAt = m_trace.lastId();
    // Most trace events belong to other stories (heartbeats, other pods): redraw only
    // when this one changed.
    const auto &shown = m_scene->diagram().history.steps;
    const auto sameStep = [](const recording::HistoryStep &a, const recording::HistoryStep &b) {
        return a.event->id() == b.event->id() && (a.response ? a.response->id() : 0) == (b.response ? b.response->id() : 0);
    };
    if (!shown.empty() && std::equal(shown.begin(), shown.end(), history.steps.begin(), history.steps.end(), sameStep))
        return false;
    m_scene->setDiagram(SequenceLayout::build(m_trace, std::move(history)));
    return true;
}

void StoryPage::refresh()
{
    if (!m_shown.isValid() || m_trace.lastId() == m_builtAt)
        return;
    const int before = stepCount();
    const int current = currentStep();
    if (!rebuild())
        return;
    // Keep the learner's place; a learner at the end follows the story as it grows.
    if (m_revision > 0)
        followRevision(m_revision);
    else
        setCurrentStep(current >= before - 1 && !playing() ? stepCount() - 1 : current);
}

bool StoryPage::showTraceStep(std::uint64_t id)
{
    const auto &steps = m_scene->diagram().history.steps;
    for (int i = 0; i < int(steps.size()); ++i)
        if (steps[i].event->id() == id) {
            setCurrentStep(i);
            return true;
        }
    return false;
}

int StoryPage::stepCount() const
{
    return int(m_scene->diagram().history.steps.size());
}

int StoryPage::currentStep() const
{
    return m_scene->currentStep();
}

void StoryPage::setCurrentStep(int step)
{
    step = stepCount() == 0 ? -1 : std::clamp(step, 0, stepCount() - 1);
    m_scene->setCurrentStep(step);
    if (step >= 0)
        m_view->ensureVisible(m_scene->stepRect(step), 60, 90);
    m_previous->setEnabled(step > 0);
    m_next->setEnabled(step + 1 < stepCount());
    m_position->setText(stepCount() == 0 ? QString() : tr("Step %1 of %2").arg(step + 1).arg(stepCount()));
    showNarration();
}

void StoryPage::followRevision(qint64 revision)
{
    m_revision = revision;
    const auto &steps = m_scene->diagram().history.steps;
    if (revision <= 0) {
        setCurrentStep(stepCount() - 1);
        return;
    }
    int last = 0;
    for (int i = 0; i < int(steps.size()); ++i)
        if (steps[i].event->revision() <= revision)
            last = i;
    setCurrentStep(last);
}

void StoryPage::play(bool on)
{
    if (on && currentStep() + 1 >= stepCount())
        setCurrentStep(0);
    on ? m_timer->start() : m_timer->stop();
    const QSignalBlocker block(m_play);
    m_play->setChecked(on);
    m_play->setIcon(style()->standardIcon(on ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

bool StoryPage::playing() const
{
    return m_timer->isActive();
}

void StoryPage::showNarration()
{
    const int step = currentStep();
    const auto &steps = m_scene->diagram().history.steps;
    if (step < 0 || step >= int(steps.size())) {
        m_narration->setHtml(m_shown.isValid()
                                 ? tr("<p>The trace held in memory has no steps of %1.</p>").arg(m_shown.display().toHtmlEscaped())
                                 : tr("<p>Create a pod or a Deployment (in the kubectl console, for example) and choose "
                                      "it above to see, step by step, how Kubernetes made it run.</p>"));
        return;
    }
    const proto::TraceEvent &e = *steps[step].event;
    const Narration said = Narrator::narrate(e, recording::subjectOf(m_trace, e));
    QString html = QStringLiteral("<h3>%1. %2</h3><p>%3</p>")
                       .arg(step + 1)
                       .arg(said.title.toHtmlEscaped(), said.explanation.toHtmlEscaped());
    // Why now: the step that caused this one, when it is part of the story.
    for (int i = step - 1; i >= 0; --i)
        if (steps[i].event->id() == e.cause_id()) {
            const Narration cause = Narrator::narrate(*steps[i].event, recording::subjectOf(m_trace, *steps[i].event));
            html += tr("<p><i>Because of step %1: %2</i></p>").arg(i + 1).arg(cause.title.toHtmlEscaped());
            break;
        }
    html += QStringLiteral("<p style='color:#5B6B7F'><small>%1 · %2 · %3</small></p>")
                .arg(QString::fromStdString(e.component()).toHtmlEscaped(), timeOf(e),
                     tr("revision %1 · trace #%2").arg(e.revision()).arg(e.id()));
    if (m_scene->diagram().history.truncated)
        html += tr("<p><small>The story is longer than what is drawn, or began before the trace held in memory.</small></p>");
    m_narration->setHtml(html);
}

SequenceDiagramScene &StoryPage::slideScene()
{
    if (!m_slide)
        m_slide = new SequenceDiagramScene(this);
    const int last = currentStep() < 0 ? stepCount() - 1 : currentStep();
    m_slide->setDiagram(m_scene->diagram().window(std::max(0, last - kSlideSteps + 1), last));
    m_slide->setCurrentStep(last);
    return *m_slide;
}

QString StoryPage::narrationText() const
{
    return m_narration->toPlainText();
}

} // namespace k8slab::gui
