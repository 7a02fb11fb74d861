// The step-by-step page offscreen, on a real lab session: a Deployment and a Service
// created through the API, three simulated nodes. Its sequence diagram is drawn from
// the trace in causal order, between the right lanes, with a narration for every step
// in English and Chinese, and it plays, follows the timeline and exports.
#include "core/engine/trace_codes.h"
#include "gui/diagram_export.h"
#include "gui/narration.h"
#include "gui/sequence_diagram_scene.h"
#include "gui/story_page.h"
#include "tests/support/lab_fixture.h"

#include <QGraphicsItem>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace k8slab;
using gui::SequenceMessage;

namespace {

bool hasChinese(const QString &text)
{
    for (QChar c : text)
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

/// A step of each code with every parameter any narration reads, so none stays %N.
proto::TraceEvent sampleOf(std::string_view code)
{
    proto::TraceEvent e;
    e.set_code(std::string(code));
    e.set_component("kubelet/worker-1");
    e.set_revision(42);
    e.mutable_object()->set_kind("Pod");
    e.mutable_object()->set_namespace_("default");
    e.mutable_object()->set_name("web-1");
    for (const char *key : {"verb", "client", "subresource", "code", "strategy", "replicas", "newReplicaSet", "replicaSet",
                            "podTemplateHash", "revision", "from", "to", "why", "revisionHistoryLimit", "action", "desired",
                            "observed", "controllerRevision", "active", "succeeded", "failed", "decision", "condition",
                            "reason", "ttlSecondsAfterFinished", "currentReplicas", "desiredReplicas", "metric", "proposal",
                            "ip", "pool", "ready", "notReady", "endpoints", "gracePeriod", "lastProbe", "taints",
                            "afterSeconds", "node", "at", "nodes", "message", "examined", "image", "container",
                            "containerID", "phase", "added", "removed", "causes", "mode", "sync", "error"})
        (*e.mutable_params())[key] = "x";
    return e;
}

} // namespace

class TestStoryPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyTraceCodeHasANarration();
    void everyNarrationIsInChinese();
    void podStoryFollowsTheCausalOrder();
    void lanesAreOrderedAsTheComponentsWork();
    void messagesGoBetweenTheRightLanes();
    void steppingMovesTheHighlightAndTheNarration();
    void followsTheTimeline();
    void playsStepByStep();
    void deploymentStoryReachesEveryPod();
    void exportsTheDiagram();

private:
    QString firstPod();
    std::vector<std::string> stepCodes(const gui::StoryPage &page);

    std::unique_ptr<test::LabFixture> m_lab;
    std::unique_ptr<gui::StoryPage> m_page;
};

void TestStoryPage::initTestCase()
{
    m_lab = std::make_unique<test::LabFixture>(3);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    m_lab->create(test::kWebDeploymentAndService);
    m_lab->run(std::chrono::seconds(60));
    m_page = std::make_unique<gui::StoryPage>(m_lab->session->traceIndex());
    m_page->resize(1200, 800);
    m_page->show();
}

QString TestStoryPage::firstPod()
{
    for (const proto::TraceEvent &e : m_lab->session->traceIndex().events())
        if (e.code() == "scheduler.bind")
            return QString::fromStdString(e.object().name());
    return {};
}

std::vector<std::string> TestStoryPage::stepCodes(const gui::StoryPage &page)
{
    std::vector<std::string> codes;
    for (const auto &s : const_cast<gui::StoryPage &>(page).scene().diagram().history.steps)
        codes.push_back(s.event->code() + ":" + s.event->object().kind());
    return codes;
}

void TestStoryPage::everyTraceCodeHasANarration()
{
    for (const engine::TraceCode &c : engine::traceCodes()) {
        QVERIFY2(gui::Narrator::knows(c.code), std::string(c.code).c_str());
        const proto::TraceEvent e = sampleOf(c.code);
        const gui::Narration n = gui::Narrator::narrate(e, e.object());
        QVERIFY2(!n.title.isEmpty() && n.explanation.size() > 20, std::string(c.code).c_str());
        QVERIFY2(!n.title.contains(QLatin1Char('%')) && !n.explanation.contains(QLatin1Char('%')), std::string(c.code).c_str());
    }
}

void TestStoryPage::everyNarrationIsInChinese()
{
    QTranslator zh;
    QVERIFY(zh.load(QStringLiteral(":/i18n/k8slab_zh_CN.qm")));
    QCoreApplication::installTranslator(&zh);
    QStringList untranslated;
    for (const engine::TraceCode &c : engine::traceCodes()) {
        const proto::TraceEvent e = sampleOf(c.code);
        // The request's narration depends on its verb and subresource.
        for (const auto &[verb, sub] : std::vector<std::pair<const char *, const char *>>{
                 {"PUT", ""}, {"POST", ""}, {"DELETE", ""}, {"POST", "binding"}, {"PUT", "status"}}) {
            proto::TraceEvent variant = e;
            (*variant.mutable_params())["verb"] = verb;
            (*variant.mutable_params())["subresource"] = sub;
            const gui::Narration n = gui::Narrator::narrate(variant, variant.object());
            if (!hasChinese(n.explanation))
                untranslated << QString::fromUtf8(c.code.data(), qsizetype(c.code.size())) + QStringLiteral(": ") + n.explanation;
        }
    }
    QCoreApplication::removeTranslator(&zh);
    QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(QLatin1Char('\n'))));
}

void TestStoryPage::podStoryFollowsTheCausalOrder()
{
    const QString pod = firstPod();
    QVERIFY(!pod.isEmpty());
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), pod});
    QVERIFY(m_page->stepCount() > 20);
    const std::vector<std::string> codes = stepCodes(*m_page);
    std::size_t at = 0;
    for (const char *wanted : {"apiserver.request:Deployment", "store.create:Deployment", "controller.deployment.newReplicaSet:Deployment",
                               "store.create:ReplicaSet", "controller.replicaset.sync:ReplicaSet", "store.create:Pod",
                               "scheduler.attempt:Pod", "scheduler.bind:Pod", "kubelet.admit:Pod", "kubelet.sandbox:Pod",
                               "kubelet.start:Pod", "kubelet.status:Pod", "controller.endpointslice.sync:Service",
                               "store.update:EndpointSlice", "proxy.sync:Node"}) {
        auto it = std::find(codes.begin() + long(at), codes.end(), std::string(wanted));
        QVERIFY2(it != codes.end(), wanted);
        at = std::size_t(it - codes.begin()) + 1;
    }
}

void TestStoryPage::lanesAreOrderedAsTheComponentsWork()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    QStringList lanes;
    for (const gui::SequenceLane &l : m_page->scene().diagram().lanes)
        lanes << (l.id.startsWith(QLatin1String("kubelet/")) ? QStringLiteral("kubelet") : l.id);
    QCOMPARE(lanes, (QStringList{"user", "apiserver", "store", "controller/deployment", "controller/replicaset", "scheduler",
                                 "kubelet", "runtime", "controller/endpoint", "controller/endpointslice", "kube-proxy"}));
}

void TestStoryPage::messagesGoBetweenTheRightLanes()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    const gui::SequenceDiagram &d = m_page->scene().diagram();
    bool binding = false, start = false, watched = false, kubectl = false;
    for (const SequenceMessage &m : d.messages) {
        const proto::TraceEvent &e = *d.history.steps[m.step].event;
        const QString from = d.lanes[m.from].id, to = d.lanes[m.to].id;
        if (m.label.startsWith(QLatin1String("POST pods/binding"))) {
            binding = true;
            QCOMPARE(from, QStringLiteral("scheduler"));
            QCOMPARE(to, QStringLiteral("apiserver"));
            QVERIFY(m.label.endsWith(QStringLiteral("→ 201")));
        }
        if (e.code() == "kubelet.start" && m.kind == SequenceMessage::Kind::Call) {
            start = true;
            QVERIFY(from.startsWith(QLatin1String("kubelet/")));
            QCOMPARE(to, QStringLiteral("runtime"));
        }
        if (m.kind == SequenceMessage::Kind::Watch) {
            watched = true;
            QCOMPARE(from, QStringLiteral("apiserver"));
            QVERIFY(m.label.contains(QLatin1String("watch")));
        }
        if (e.code() == "store.create")
            QCOMPARE(to, QStringLiteral("store"));
        if (e.code() == "apiserver.request" && e.cause_id() == 0) {
            kubectl = true;
            QCOMPARE(from, QStringLiteral("user"));
        }
        if (e.code() == "apiserver.request" && e.params().at("client") == "kube-controller-manager")
            QVERIFY(from.startsWith(QLatin1String("controller/")));
    }
    QVERIFY(binding && start && watched && kubectl);
}

void TestStoryPage::steppingMovesTheHighlightAndTheNarration()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    QCOMPARE(m_page->currentStep(), 0);
    QVERIFY2(m_page->narrationText().contains(QLatin1String("POST Deployment")), qPrintable(m_page->narrationText()));
    m_page->setCurrentStep(1);
    QVERIFY(m_page->narrationText().contains(QLatin1String("store: create Deployment")));
    QVERIFY(m_page->narrationText().contains(QLatin1String("Because of step 1")));
    // Later steps are faded, earlier ones not.
    int faded = 0, plain = 0;
    for (QGraphicsItem *item : m_page->scene().items()) {
        const QVariant step = item->data(0);
        if (!step.isValid())
            continue;
        (step.toInt() > 1 ? faded : plain) += item->opacity() < 0.5 ? 1 : 0;
        if (step.toInt() <= 1)
            QCOMPARE(item->opacity(), 1.0);
    }
    QVERIFY(faded > 0);
    QCOMPARE(plain, 0);
    m_page->setCurrentStep(10'000);
    QCOMPARE(m_page->currentStep(), m_page->stepCount() - 1);
    // Clicking a message picks its step.
    Q_EMIT m_page->scene().stepClicked(3);
    QCOMPARE(m_page->currentStep(), 3);
}

void TestStoryPage::followsTheTimeline()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    const auto &steps = m_page->scene().diagram().history.steps;
    const qint64 bound = [&]() -> qint64 {
        for (const auto &s : steps)
            if (s.event->code() == "scheduler.bind")
                return s.event->revision();
        return qint64(0);
    }();
    QVERIFY(bound > 0);
    m_page->followRevision(bound);
    const int at = m_page->currentStep();
    QVERIFY(steps[at].event->revision() <= bound);
    QVERIFY(at + 1 == int(steps.size()) || steps[at + 1].event->revision() > bound);
    m_page->followRevision(0);
    QCOMPARE(m_page->currentStep(), m_page->stepCount() - 1);
}

void TestStoryPage::playsStepByStep()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    m_page->play(true);
    QVERIFY(m_page->playing());
    QTRY_VERIFY_WITH_TIMEOUT(m_page->currentStep() >= 1, 4000);
    m_page->play(false);
    QVERIFY(!m_page->playing());
}

void TestStoryPage::deploymentStoryReachesEveryPod()
{
    m_page->showObject({QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")});
    std::set<std::string> bound, started;
    for (const auto &s : m_page->scene().diagram().history.steps) {
        if (s.event->code() == "scheduler.bind")
            bound.insert(s.event->object().name());
        if (s.event->code() == "kubelet.start")
            started.insert(s.event->object().name());
    }
    QCOMPARE(bound.size(), std::size_t(3));
    QCOMPARE(started.size(), std::size_t(3));
}

void TestStoryPage::exportsTheDiagram()
{
    m_page->showObject({QStringLiteral("Pod"), QStringLiteral("default"), firstPod()});
    // A slide shows where the story is: the last steps up to the current one.
    m_page->setCurrentStep(30);
    std::set<int> shown;
    for (const SequenceMessage &m : m_page->slideScene().diagram().messages)
        shown.insert(m.step);
    QCOMPARE(int(shown.size()), gui::StoryPage::kSlideSteps);
    QCOMPARE(*shown.rbegin(), 30);
    QCOMPARE(m_page->slideScene().currentStep(), 30);
    m_page->setCurrentStep(5);
    QCOMPARE(m_page->slideScene().diagram().messages.front().step, 0);
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("story.svg"));
    gui::ExportOptions options;
    options.slide = true;
    options.title = QStringLiteral("How a pod is created");
    QVERIFY(gui::exportScene(m_page->slideScene(), svg, options).ok());
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("kube-apiserver"));
    QVERIFY(text.contains("How a pod is created"));
}

QTEST_MAIN(TestStoryPage)
#include "tst_story_page.moc"
