// What-if scheduling: Scheduler::evaluate scores a pod exactly as the scheduler's own
// attempt does and changes nothing; suggestFixes finds the smallest changes that make
// a pending pod schedule, each proved by an evaluation.
#include "core/scheduler/what_if.h"
#include "tests/support/scheduler_cluster.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::NodeBuilder;
using test::PodBuilder;
using test::SchedulerCluster;

namespace {

/// The pod as the API server stores it (defaults, uid), not yet seen by the scheduler.
Json created(SchedulerCluster &c, const Json &pod)
{
    c.pod(pod);
    return c.get(pod["metadata"]["name"]);
}

const scheduler::Suggestion *find(const std::vector<scheduler::Suggestion> &all, const std::string &code)
{
    for (const auto &s : all)
        if (s.code == code)
            return &s;
    return nullptr;
}

} // namespace

class TestWhatIf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evaluationEqualsTheSchedulersOwnAttempt();
    void evaluationChangesNothing();
    void nodeOverridesAreSeenAndThenForgotten();
    void aPlacedPodIsEvaluatedWithoutItself();
    void suggestsSmallerRequests();
    void suggestsTolerationsOrRemovingTaints();
    void suggestsDroppingTheSelectorOrLabellingANode();
    void suggestsUncordoning();
    void nothingToSuggestForASchedulablePod();
    void badInputIsRefused();
};

void TestWhatIf::evaluationEqualsTheSchedulersOwnAttempt()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").cpu("4").build());
    c.node(NodeBuilder("b").cpu("8").build());
    c.node(NodeBuilder("c").cpu("2").build());
    c.pod(PodBuilder("first").req("cpu", "1").build());
    c.settle();
    // The what-if before the scheduler sees the pod, then the real attempt.
    const Json pod = created(c, PodBuilder("second").req("cpu", "1500m").req("memory", "1Gi").build());
    const auto whatIf = c.sched->evaluate(pod);
    QVERIFY(whatIf.ok());
    c.settle();
    const scheduler::DecisionRecord *real = c.sched->decisions().latest("default/second");
    QVERIFY(real);
    QCOMPARE(whatIf->selectedNode, real->selectedNode);
    QCOMPARE(real->result, std::string("Bound")); // the real attempt went on to bind
    QCOMPARE(whatIf->result, std::string("Scheduled"));
    QCOMPARE(whatIf->selectedNode, real->selectedNode);
    QCOMPARE(whatIf->nodes.size(), real->nodes.size());
    for (std::size_t i = 0; i < real->nodes.size(); ++i) {
        QCOMPARE(whatIf->nodes[i].node, real->nodes[i].node);
        QCOMPARE(whatIf->nodes[i].rejectedBy, real->nodes[i].rejectedBy);
        QCOMPARE(whatIf->nodes[i].raw, real->nodes[i].raw);
        QCOMPARE(whatIf->nodes[i].normalized, real->nodes[i].normalized);
        QCOMPARE(whatIf->nodes[i].total, real->nodes[i].total);
    }
    QCOMPARE(whatIf->scorePlugins.size(), real->scorePlugins.size());
}

void TestWhatIf::evaluationChangesNothing()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").build());
    c.node(NodeBuilder("b").build());
    c.settle();
    const std::int64_t revision = c.f.recording.get().store().revision();
    const auto nextTrace = c.trace.nextId();
    const std::uint64_t bound = c.sched->bound();
    // Two identical nodes tie: the tie-break must not use the lab's random.
    engine::Random replay = c.f.loop.random();
    for (int i = 0; i < 5; ++i)
        QVERIFY(c.sched->evaluate(PodBuilder("ghost").req("cpu", "100m").build()).ok());
    QCOMPARE(c.f.recording.get().store().revision(), revision);
    QCOMPARE(c.trace.nextId(), nextTrace);
    QCOMPARE(c.sched->bound(), bound);
    QCOMPARE(c.f.loop.random().next(), replay.next());
}

void TestWhatIf::nodeOverridesAreSeenAndThenForgotten()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").build());
    c.settle();
    const Json pod = PodBuilder("picky").nodeSelector("disk", "ssd").build();
    QCOMPARE(c.sched->evaluate(pod)->result, std::string("Unschedulable"));
    Json labelled = *c.sched->node("a");
    labelled["metadata"]["labels"]["disk"] = "ssd";
    const auto withLabel = c.sched->evaluate(pod, {labelled});
    QCOMPARE(withLabel->result, std::string("Scheduled"));
    QCOMPARE(withLabel->selectedNode, std::string("a"));
    // The scheduler's own view is as it was.
    QCOMPARE(c.sched->evaluate(pod)->result, std::string("Unschedulable"));
    QVERIFY(!c.sched->snapshot().node("a")->label("disk"));
}

void TestWhatIf::aPlacedPodIsEvaluatedWithoutItself()
{
    SchedulerCluster c;
    c.node(NodeBuilder("only").cpu("2").build());
    c.pod(PodBuilder("big").req("cpu", "1500m").build());
    c.settle();
    QCOMPARE(c.nodeOf("big"), std::string("only"));
    // Asked again, the pod still fits: its own request is not counted twice.
    const auto again = c.sched->evaluate(c.get("big"));
    QCOMPARE(again->result, std::string("Scheduled"));
    QCOMPARE(c.sched->snapshot().node("only")->requested().milliCpu, std::int64_t(1500));
}

void TestWhatIf::suggestsSmallerRequests()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").cpu("4").build());
    c.node(NodeBuilder("b").cpu("2").build());
    c.settle();
    const Json pod = created(c, PodBuilder("hungry").req("cpu", "6").build());
    const auto fixes = scheduler::suggestFixes(*c.sched, pod);
    const scheduler::Suggestion *lower = find(fixes, "lowerRequests");
    QVERIFY(lower);
    QCOMPARE(lower->params.at("node"), std::string("a"));
    QCOMPARE(lower->params.at("cpu"), std::string("4000m"));
    QCOMPARE(lower->outcome.result, std::string("Scheduled"));
    QCOMPARE(lower->outcome.selectedNode, std::string("a"));
    QCOMPARE(fixes.front().cost, 1);
}

void TestWhatIf::suggestsTolerationsOrRemovingTaints()
{
    SchedulerCluster c;
    c.node(NodeBuilder("gpu").taint("gpu", "true", "NoSchedule").build());
    c.settle();
    const Json pod = created(c, PodBuilder("plain").build());
    const auto fixes = scheduler::suggestFixes(*c.sched, pod);
    QCOMPARE(fixes.size(), std::size_t(2));
    // The pod change comes before the node change of the same size.
    QCOMPARE(fixes[0].code, std::string("tolerate"));
    QCOMPARE(fixes[0].params.at("taints"), std::string("gpu=true:NoSchedule"));
    QCOMPARE(fixes[0].pod["spec"]["tolerations"].back()["operator"], Json("Equal"));
    QCOMPARE(fixes[1].code, std::string("removeTaints"));
    QVERIFY(fixes[1].nodes[0]["spec"]["taints"].empty());
}

void TestWhatIf::suggestsDroppingTheSelectorOrLabellingANode()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").build());
    c.node(NodeBuilder("b").build());
    c.settle();
    const Json pod = created(c, PodBuilder("picky").nodeSelector("disk", "ssd").build());
    const auto fixes = scheduler::suggestFixes(*c.sched, pod);
    QVERIFY(find(fixes, "dropNodeSelector"));
    const scheduler::Suggestion *label = find(fixes, "labelNode");
    QVERIFY(label);
    QCOMPARE(label->params.at("labels"), std::string("disk=ssd"));
    QCOMPARE(label->outcome.selectedNode, label->params.at("node"));
}

void TestWhatIf::suggestsUncordoning()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").unschedulable().build());
    c.settle();
    const auto fixes = scheduler::suggestFixes(*c.sched, created(c, PodBuilder("p").build()));
    QCOMPARE(fixes.size(), std::size_t(1));
    QCOMPARE(fixes[0].code, std::string("uncordon"));
    QCOMPARE(fixes[0].params.at("node"), std::string("a"));
}

void TestWhatIf::nothingToSuggestForASchedulablePod()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").build());
    c.settle();
    QVERIFY(scheduler::suggestFixes(*c.sched, PodBuilder("fine").build()).empty());
}

void TestWhatIf::badInputIsRefused()
{
    SchedulerCluster c;
    c.node(NodeBuilder("a").build());
    c.settle();
    QCOMPARE(c.sched->evaluate(Json("nope")).status().code(), StatusCode::Invalid);
    QCOMPARE(c.sched->evaluate(PodBuilder("p").build(), {Json{{"kind", "Pod"}}}).status().code(), StatusCode::Invalid);
    QCOMPARE(c.sched->evaluate(PodBuilder("p").build(), {NodeBuilder("ghost").build()}).status().code(), StatusCode::Invalid);
    Json other = PodBuilder("p").build();
    other["spec"]["schedulerName"] = "someone-else";
    QCOMPARE(c.sched->evaluate(other).status().code(), StatusCode::Invalid);
}

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_what_if.moc"
