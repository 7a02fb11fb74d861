// DefaultPreemption: victim selection (lowest priorities removed, most important
// reprieved first, PDB-violating pods reprieved before others), the choice of node
// (PDB violations, highest victim priority, priority sum, count, start time), and the
// "preemption: ..." messages.
#include "core/scheduler/plugins/default_preemption/default_preemption.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using test::NodeBuilder;
using test::PodBuilder;

namespace {

// Listers with PodDisruptionBudgets only (what preemption reads).
class BudgetLister : public ClusterLister {
public:
    std::vector<Json> budgets;
    const Json *namespaceLabels(const std::string &) const override { return nullptr; }
    std::optional<api::LabelSelector> defaultSelector(const PodInfo &) const override { return std::nullopt; }
    std::vector<const Json *> disruptionBudgets(const std::string &) const override
    {
        std::vector<const Json *> out;
        for (const Json &b : budgets)
            out.push_back(&b);
        return out;
    }
};

struct Outcome {
    std::string message;      // the whole FailedScheduling message
    std::string nominated;
    std::vector<std::string> victims;
};

Outcome preempt(test::SchedulerHarness &h, const Json &pod)
{
    CycleState state;
    DecisionRecord record;
    const PodInfoPtr info = parsePod(pod);
    SchedulingAlgorithm algorithm;
    ScheduleResult r = algorithm.schedulePod(h.framework(), state, *info, record, false);
    Outcome out;
    if (!r.fitError)
        return out;
    PostFilterResult pf = h.framework().runPostFilter(state, *info, r.fitError->statuses);
    FitError fit = *r.fitError;
    fit.postFilterMsg = pf.status.message();
    out.message = fit.message();
    out.nominated = pf.nominatedNodeName;
    for (const PodInfoPtr &v : pf.victims)
        out.victims.push_back(v->name);
    return out;
}

Json pod(const std::string &name, int priority, const std::string &cpu, const std::string &node = {},
         const std::string &started = "2025-01-01T00:00:00Z")
{
    PodBuilder b(name);
    b.priority(priority).req("cpu", cpu).started(started).label("app", name);
    if (!node.empty())
        b.nodeName(node);
    return b.build();
}

} // namespace

class TestDefaultPreemption : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reprievesTheMostImportant();
    void picksTheNodeWithLowerVictims();
    void prefersFewerVictimsThenLaterStart();
    void respectsDisruptionBudgets();
    void messages();
    void numCandidates();
};

// Of two lower-priority pods, the more important one is reprieved when the pod still fits.
void TestDefaultPreemption::reprievesTheMostImportant()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("n1").cpu("2").build());
    h.addPod(pod("low-a", 1, "1", "n1"));
    h.addPod(pod("low-b", 5, "1", "n1"));
    const Outcome o = preempt(h, pod("urgent", 10, "1"));
    QCOMPARE(o.nominated, std::string("n1"));
    QCOMPARE(o.victims, std::vector<std::string>{"low-a"});
    // Preemption found a node: the message has no "preemption:" part.
    QCOMPARE(o.message, std::string("0/1 nodes are available: 1 Insufficient cpu."));
}

// The node whose highest victim has the lower priority wins.
void TestDefaultPreemption::picksTheNodeWithLowerVictims()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("n1").cpu("1").build());
    h.addNode(NodeBuilder("n2").cpu("1").build());
    h.addPod(pod("medium", 5, "1", "n1"));
    h.addPod(pod("low", 1, "1", "n2"));
    const Outcome o = preempt(h, pod("urgent", 10, "1"));
    QCOMPARE(o.nominated, std::string("n2"));
    QCOMPARE(o.victims, std::vector<std::string>{"low"});
}

// Equal priorities: fewer victims wins; then the node whose victims started last.
void TestDefaultPreemption::prefersFewerVictimsThenLaterStart()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("two").cpu("1").build());
    h.addNode(NodeBuilder("one").cpu("1").build());
    h.addPod(pod("a", 1, "500m", "two"));
    h.addPod(pod("b", 1, "500m", "two"));
    h.addPod(pod("c", 1, "1", "one", "2025-01-01T00:00:00Z"));
    // Sum of (priority + 2^31) is higher on "two" (two victims), so "one" wins at rule 3.
    QCOMPARE(preempt(h, pod("urgent", 10, "1")).nominated, std::string("one"));

    test::SchedulerHarness later;
    later.addNode(NodeBuilder("old").cpu("1").build());
    later.addNode(NodeBuilder("new").cpu("1").build());
    later.addPod(pod("x", 1, "1", "old", "2025-01-01T00:00:00Z"));
    later.addPod(pod("y", 1, "1", "new", "2025-01-01T01:00:00Z"));
    QCOMPARE(preempt(later, pod("urgent", 10, "1")).nominated, std::string("new"));
}

// A pod a PDB protects is reprieved first; a node without violations beats one with.
void TestDefaultPreemption::respectsDisruptionBudgets()
{
    BudgetLister lister;
    lister.budgets.push_back({{"metadata", {{"name", "keep-guarded"}, {"namespace", "default"}}},
                              {"spec", {{"selector", {{"matchLabels", {{"app", "guarded"}}}}}}},
                              {"status", {{"disruptionsAllowed", 0}}}});
    test::SchedulerHarness h;
    h.snapshot().setLister(&lister);
    h.addNode(NodeBuilder("n1").cpu("1").build());
    h.addNode(NodeBuilder("n2").cpu("1").build());
    h.addPod(pod("guarded", 1, "1", "n1"));
    h.addPod(pod("free", 3, "1", "n2")); // higher priority, but no budget
    const Outcome o = preempt(h, pod("urgent", 10, "1"));
    QCOMPARE(o.nominated, std::string("n2"));
    QCOMPARE(o.victims, std::vector<std::string>{"free"});
}

// The preemption suffixes for the cases where it cannot help.
void TestDefaultPreemption::messages()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("busy").cpu("1").build());
    h.addNode(NodeBuilder("gpu").taint("dedicated", "gpu", "NoSchedule").build());
    h.addNode(NodeBuilder("tiny").cpu("500m").build());
    h.addPod(pod("peer", 10, "1", "busy"));
    h.addPod(pod("low", 1, "100m", "tiny"));
    QCOMPARE(preempt(h, pod("urgent", 10, "1")).message,
             std::string("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. "
                         "preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for "
                         "incoming pod, 1 Preemption is not helpful for scheduling."));
    Json never = pod("polite", 10, "1");
    never["spec"]["preemptionPolicy"] = "Never";
    QCOMPARE(preempt(h, never).message,
             std::string("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu. "
                         "preemption: not eligible due to preemptionPolicy=Never."));
}

// max(n * 10%, 100) capped at n.
void TestDefaultPreemption::numCandidates()
{
    test::SchedulerHarness h;
    auto *plugin = dynamic_cast<plugins::DefaultPreemption *>(h.framework().postFilterPlugins().front().plugin);
    QVERIFY(plugin);
    QCOMPARE(plugin->numCandidates(50), 50);
    QCOMPARE(plugin->numCandidates(500), 100);
    QCOMPARE(plugin->numCandidates(5000), 500);
}

QTEST_APPLESS_MAIN(TestDefaultPreemption)
#include "tst_default_preemption.moc"
