// The framework: the registry, KubeSchedulerConfiguration parsing and profile
// expansion, node sampling (percentageOfNodesToScore), the node tree's zone order,
// the round-robin scan, tie-breaking, and what the decision record holds.
#include "core/scheduler/framework/framework.h"
#include "core/scheduler/plugins/in_tree_registry.h"
#include "core/scheduler/plugins/names.h"
#include "tests/support/json_compare.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using test::NodeBuilder;
using test::PodBuilder;

class TestSchedulerFramework : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registryRefusesDuplicates();
    void defaultProfile();
    void configuration_data();
    void configuration();
    void configuredProfile();
    void nodesToFind_data();
    void nodesToFind();
    void zonesInterleave();
    void roundRobinScan();
    void tiesAreBrokenAtRandom();
    void oneFeasibleNodeSkipsScoring();
    void recordExplainsEveryNode();
};

// Two plugins can never share a name.
void TestSchedulerFramework::registryRefusesDuplicates()
{
    Registry r = plugins::inTreeRegistry();
    const Status s = r.add(std::string(names::kNodeName), [](const Handle &, const Json &) -> Result<std::unique_ptr<Plugin>> {
        return Status(StatusCode::Internal, "unused");
    });
    QCOMPARE(s.code(), StatusCode::AlreadyExists);
    QCOMPARE(r.names().size(), std::size_t{18});
}

// The default profile's extension points and weights are upstream's (v1.32).
void TestSchedulerFramework::defaultProfile()
{
    test::SchedulerHarness h;
    Framework &fw = h.framework();
    std::vector<std::string> filters;
    for (const auto &e : fw.filterPlugins())
        filters.push_back(e.name);
    QCOMPARE(filters, (std::vector<std::string>{"NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity",
                                                "NodePorts", "NodeResourcesFit", "VolumeRestrictions", "NodeVolumeLimits",
                                                "VolumeBinding", "VolumeZone", "PodTopologySpread", "InterPodAffinity"}));
    std::vector<std::pair<std::string, std::int64_t>> scores;
    for (const auto &e : fw.scorePlugins())
        scores.emplace_back(e.name, e.weight);
    QCOMPARE(scores, (std::vector<std::pair<std::string, std::int64_t>>{
                         {"TaintToleration", 3}, {"NodeAffinity", 2}, {"NodeResourcesFit", 1}, {"PodTopologySpread", 2},
                         {"InterPodAffinity", 2}, {"NodeResourcesBalancedAllocation", 1}, {"ImageLocality", 1}}));
    QCOMPARE(fw.postFilterPlugins().size(), std::size_t{1});
    QCOMPARE(fw.postFilterPlugins().front().name, std::string("DefaultPreemption"));
}

void TestSchedulerFramework::configuration_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // empty: valid
    const QString head = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";
    QTest::newRow("minimal") << head << "";
    QTest::newRow("JSON works too") << "{\"apiVersion\":\"kubescheduler.config.k8s.io/v1\",\"kind\":\"KubeSchedulerConfiguration\"}" << "";
    QTest::newRow("wrong apiVersion") << "apiVersion: v1\nkind: KubeSchedulerConfiguration\n"
                                      << "apiVersion: Unsupported value: \"v1\": supported values: \"kubescheduler.config.k8s.io/v1\"";
    QTest::newRow("percentage out of range") << head + "percentageOfNodesToScore: 150\n"
                                             << "percentageOfNodesToScore: Invalid value: 150: not in valid range [0-100]";
    QTest::newRow("max backoff below initial") << head + "podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n"
                                               << "podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds";
    QTest::newRow("unknown extension point") << head + "profiles:\n- plugins:\n    sideways:\n      enabled: [{name: NodeName}]\n"
                                             << "profiles[0].plugins.sideways: Invalid value: unknown extension point";
    QTest::newRow("duplicate scheduler names") << head + "profiles:\n- schedulerName: a\n- schedulerName: a\n"
                                               << "profiles[1].schedulerName: Duplicate value: \"a\"";
    QTest::newRow("weight out of range") << head + "profiles:\n- plugins:\n    score:\n      enabled: [{name: ImageLocality, weight: 500}]\n"
                                         << "profiles[0].plugins.score.enabled[0].weight: Invalid value: 500: must be in the range [0, 100]";
    QTest::newRow("not YAML") << "a: [b" << "error converting YAML to JSON";
}

// parseSchedulerConfig accepts what upstream accepts and names the field it refuses.
void TestSchedulerFramework::configuration()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    Result<SchedulerConfig> c = parseSchedulerConfig(text.toStdString());
    if (error.isEmpty()) {
        QVERIFY2(c.ok(), c.status().message().c_str());
        return;
    }
    QVERIFY(!c.ok());
    QCOMPARE(c.status().code(), StatusCode::Invalid);
    QVERIFY2(c.status().message().find(error.toStdString()) != std::string::npos, c.status().message().c_str());
}

// A profile that disables a plugin, reweights another, changes the Fit strategy, and
// names an unknown plugin (refused).
void TestSchedulerFramework::configuredProfile()
{
    const std::string text = R"(apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 50
profiles:
- schedulerName: lab-scheduler
  plugins:
    score:
      disabled: [{name: ImageLocality}]
      enabled: [{name: NodeResourcesBalancedAllocation, weight: 5}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
)";
    Result<SchedulerConfig> c = parseSchedulerConfig(text);
    QVERIFY2(c.ok(), c.status().message().c_str());
    QCOMPARE(c->percentageOfNodesToScore, 50);
    test::SchedulerHarness h(c->profiles.front());
    QCOMPARE(h.framework().schedulerName(), std::string("lab-scheduler"));
    std::map<std::string, std::int64_t> weights;
    for (const auto &e : h.framework().scorePlugins())
        weights[e.name] = e.weight;
    QVERIFY(!weights.count("ImageLocality"));
    QCOMPARE(weights["NodeResourcesBalancedAllocation"], std::int64_t{5});
    QCOMPARE(h.framework().scorePlugins().front().name, std::string("NodeResourcesBalancedAllocation"));

    ProfileConfig bad;
    bad.multiPoint.enabled.push_back({"NoSuchPlugin", 0});
    Handle handle;
    Snapshot snapshot;
    handle.snapshot = &snapshot;
    auto fw = Framework::create(bad, plugins::inTreeRegistry(), handle);
    QVERIFY(!fw.ok());
    QCOMPARE(fw.status().message(), std::string("plugins: Invalid value: \"NoSuchPlugin\": plugin \"NoSuchPlugin\" does not exist"));

    ProfileConfig wrongPoint;
    wrongPoint.points["filter"].enabled.push_back({"ImageLocality", 0});
    fw = Framework::create(wrongPoint, plugins::inTreeRegistry(), handle);
    QVERIFY(!fw.ok());
    QVERIFY(fw.status().message().find("does not extend filter plugin") != std::string::npos);
}

void TestSchedulerFramework::nodesToFind_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("percentage");
    QTest::addColumn<int>("expected");
    // The reference's table (adaptive percentage).
    for (auto [n, want] : std::vector<std::pair<int, int>>{{50, 50}, {100, 100}, {150, 100}, {200, 100}, {500, 230},
                                                           {1000, 420}, {2000, 680}, {5000, 500}, {6000, 300}, {15000, 750}})
        QTest::addRow("%d nodes, adaptive", n) << n << 0 << want;
    QTest::newRow("a set percentage") << 1000 << 50 << 500;
    QTest::newRow("never fewer than 100") << 1000 << 5 << 100;
}

// numFeasibleNodesToFind as upstream.
void TestSchedulerFramework::nodesToFind()
{
    QFETCH(int, nodes);
    QFETCH(int, percentage);
    QFETCH(int, expected);
    QCOMPARE(numFeasibleNodesToFind(percentage, nodes), expected);
}

// The node tree: zones interleaved, each in insertion order.
void TestSchedulerFramework::zonesInterleave()
{
    test::SchedulerHarness h;
    for (auto [name, zone] : std::vector<std::pair<std::string, std::string>>{
             {"a1", "a"}, {"a2", "a"}, {"a3", "a"}, {"b1", "b"}, {"c1", "c"}, {"c2", "c"}})
        h.addNode(NodeBuilder(name).label("topology.kubernetes.io/zone", zone).build());
    std::vector<std::string> order;
    for (NodeInfo *n : h.snapshot().nodes())
        order.push_back(n->name());
    QCOMPARE(order, (std::vector<std::string>{"a1", "b1", "c1", "a2", "c2", "a3"}));
}

// With 200 nodes, 100 are examined per attempt and the next scan starts where the last stopped.
void TestSchedulerFramework::roundRobinScan()
{
    test::SchedulerHarness h;
    for (int i = 0; i < 200; ++i)
        h.addNode(NodeBuilder("n" + std::to_string(i)).build());
    DecisionRecord first;
    QVERIFY(h.schedule(PodBuilder("p1").build(), &first).status.ok());
    QCOMPARE(first.startIndex, 0);
    QCOMPARE(first.numNodesToFind, 100);
    QCOMPARE(static_cast<int>(first.nodes.size()), 100);
    QCOMPARE(first.notExamined, 100);
    QCOMPARE(first.nodes.front().node, std::string("n0"));
    DecisionRecord second;
    QVERIFY(h.schedule(PodBuilder("p2").build(), &second).status.ok());
    QCOMPARE(second.startIndex, 100);
    QCOMPARE(second.nodes.front().node, std::string("n100"));
    DecisionRecord third;
    QVERIFY(h.schedule(PodBuilder("p3").build(), &third).status.ok());
    QCOMPARE(third.startIndex, 0);
}

// Equal top scores: each tied node gets picked (reservoir sampling with the lab's seed).
void TestSchedulerFramework::tiesAreBrokenAtRandom()
{
    test::SchedulerHarness h;
    for (int i = 0; i < 4; ++i)
        h.addNode(NodeBuilder("n" + std::to_string(i)).build());
    std::map<std::string, int> picks;
    for (int i = 0; i < 400; ++i)
        ++picks[h.schedule(PodBuilder("p").build()).suggestedHost];
    QCOMPARE(picks.size(), std::size_t{4});
    for (const auto &[node, n] : picks)
        QVERIFY2(n > 50, node.c_str()); // ~100 each
}

// A single feasible node is chosen without scoring.
void TestSchedulerFramework::oneFeasibleNodeSkipsScoring()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("big").cpu("8").build());
    h.addNode(NodeBuilder("small").cpu("1").build());
    DecisionRecord record;
    ScheduleResult r = h.schedule(PodBuilder("p").req("cpu", "2").build(), &record);
    QCOMPARE(r.suggestedHost, std::string("big"));
    QVERIFY(record.preScore.empty());
    for (const NodeDecision &d : record.nodes)
        QVERIFY(d.raw.empty());
}

// Every node examined appears with where it stopped or its scores; volume plugins say they were skipped.
void TestSchedulerFramework::recordExplainsEveryNode()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("a").build());
    h.addNode(NodeBuilder("b").build());
    h.addNode(NodeBuilder("tainted").taint("k", "v", "NoSchedule").build());
    DecisionRecord record;
    ScheduleResult r = h.schedule(PodBuilder("p").req("cpu", "1").build(), &record);
    QVERIFY(r.status.ok());
    QCOMPARE(record.nodes.size(), std::size_t{3});
    QCOMPARE(record.numAllNodes, 3);
    const NodeDecision &tainted = record.nodes[2];
    QCOMPARE(tainted.rejectedBy, std::string("TaintToleration"));
    QCOMPARE(tainted.reasons, std::vector<std::string>{"node(s) had untolerated taint {k: v}"});
    const NodeDecision &a = record.nodes[0];
    QVERIFY(a.rejectedBy.empty());
    QCOMPARE(a.raw.size(), record.scorePlugins.size());
    std::int64_t total = 0;
    for (std::size_t p = 0; p < record.scorePlugins.size(); ++p)
        if (!record.scorePlugins[p].skipped)
            total += a.normalized[p] * record.scorePlugins[p].weight;
    QCOMPARE(a.total, total);
    bool volumeSkipped = false;
    for (const PluginOutcome &o : record.preFilter)
        if (o.plugin == "VolumeBinding")
            volumeSkipped = o.code == Code::Skip && o.message.find("not modelled") != std::string::npos;
    QVERIFY(volumeSkipped);
    const Json j = record.toJson();
    QCOMPARE(j["nodes"].size(), std::size_t{3});
    QVERIFY(j["nodes"][0].contains("scores"));
    QCOMPARE(j["nodes"][2]["reasons"][0], Json("node(s) had untolerated taint {k: v}"));
}

QTEST_APPLESS_MAIN(TestSchedulerFramework)
#include "tst_scheduler_framework.moc"
