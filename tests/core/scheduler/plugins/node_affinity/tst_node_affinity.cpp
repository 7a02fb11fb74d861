// NodeAffinity: nodeSelector and required terms (ORed terms, ANDed expressions, the
// operators, matchFields), the PreFilter narrowing by metadata.name, the profile's
// addedAffinity, and the preferred-term score.
#include "core/scheduler/plugins/node_affinity/node_affinity.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using test::NodeBuilder;
using test::PodBuilder;

Q_DECLARE_METATYPE(api::Json)

namespace {

Json required(Json terms) { return {{"nodeAffinity", {{"requiredDuringSchedulingIgnoredDuringExecution", {{"nodeSelectorTerms", terms}}}}}}; }
Json expr(const std::string &key, const std::string &op, Json values = Json())
{
    Json e = {{"key", key}, {"operator", op}};
    if (!values.is_null())
        e["values"] = values;
    return e;
}

} // namespace

class TestNodeAffinity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filter_data();
    void filter();
    void preFilterNarrowsByName();
    void addedAffinity();
    void score();
};

void TestNodeAffinity::filter_data()
{
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<bool>("fits"); // on node n: disk=ssd, gen=5, zone=a
    QTest::newRow("nodeSelector matches") << PodBuilder("p").nodeSelector("disk", "ssd").build() << true;
    QTest::newRow("nodeSelector value differs") << PodBuilder("p").nodeSelector("disk", "hdd").build() << false;
    QTest::newRow("nodeSelector label missing") << PodBuilder("p").nodeSelector("gpu", "true").build() << false;
    QTest::newRow("In") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("zone", "In", {"a", "b"})}}}})).build() << true;
    QTest::newRow("NotIn") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("zone", "NotIn", {"a"})}}}})).build() << false;
    QTest::newRow("NotIn matches a node without the label")
        << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("rack", "NotIn", {"r1"})}}}})).build() << true;
    QTest::newRow("Exists") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("disk", "Exists")}}}})).build() << true;
    QTest::newRow("DoesNotExist") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("disk", "DoesNotExist")}}}})).build() << false;
    QTest::newRow("Gt") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("gen", "Gt", {"4"})}}}})).build() << true;
    QTest::newRow("Lt") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("gen", "Lt", {"5"})}}}})).build() << false;
    QTest::newRow("Gt on a non-number fails") << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("disk", "Gt", {"1"})}}}})).build() << false;
    QTest::newRow("expressions in a term are ANDed")
        << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("disk", "In", {"ssd"}), expr("zone", "In", {"b"})}}}})).build() << false;
    QTest::newRow("terms are ORed")
        << PodBuilder("p").affinity(required({{{"matchExpressions", {expr("zone", "In", {"b"})}}}, {{"matchExpressions", {expr("disk", "In", {"ssd"})}}}})).build() << true;
    QTest::newRow("an empty term matches nothing") << PodBuilder("p").affinity(required({Json::object()})).build() << false;
    QTest::newRow("matchFields metadata.name")
        << PodBuilder("p").affinity(required({{{"matchFields", {expr("metadata.name", "In", {"n"})}}}})).build() << true;
    QTest::newRow("nodeSelector and affinity must both hold")
        << PodBuilder("p").nodeSelector("disk", "hdd").affinity(required({{{"matchExpressions", {expr("zone", "In", {"a"})}}}})).build() << false;
}

// Fits or gets upstream's "node(s) didn't match Pod's node affinity/selector" (U&U).
void TestNodeAffinity::filter()
{
    QFETCH(api::Json, pod);
    QFETCH(bool, fits);
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("n").label("disk", "ssd").label("gen", "5").label("zone", "a").build());
    const PluginStatus s = h.filter(pod).front().second;
    QCOMPARE(s.ok(), fits);
    if (!fits) {
        QCOMPARE(s.code(), Code::UnschedulableAndUnresolvable);
        QCOMPARE(s.message(), std::string("node(s) didn't match Pod's node affinity/selector"));
    }
}

// matchFields on metadata.name narrow the nodes; conflicting terms reject in PreFilter.
void TestNodeAffinity::preFilterNarrowsByName()
{
    plugins::NodeAffinity plugin;
    CycleState state;
    PreFilterResult result;
    auto pod = PodBuilder("p").affinity(required({{{"matchFields", {expr("metadata.name", "In", {"a", "b"})}}},
                                                  {{"matchFields", {expr("metadata.name", "In", {"c"})}}}})).info();
    QVERIFY(plugin.preFilter(state, *pod, result).ok());
    QVERIFY(result.nodeNames);
    QCOMPARE(*result.nodeNames, (std::set<std::string>{"a", "b", "c"}));

    PreFilterResult conflict;
    auto bad = PodBuilder("p").affinity(required({{{"matchFields", {expr("metadata.name", "In", {"a"}),
                                                                     expr("metadata.name", "In", {"b"})}}}})).info();
    const PluginStatus s = plugin.preFilter(state, *bad, conflict);
    QCOMPARE(s.code(), Code::UnschedulableAndUnresolvable);
    QCOMPARE(s.message(), std::string("pod affinity terms conflict"));

    PreFilterResult none;
    QCOMPARE(plugin.preFilter(state, *PodBuilder("bare").info(), none).code(), Code::Skip);

    // Through the framework, the FailedScheduling message names the PreFilter reason once.
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("a").build());
    h.addNode(NodeBuilder("b").build());
    ScheduleResult r = h.schedule(PodBuilder("p").affinity(required({{{"matchFields", {expr("metadata.name", "In", {"a"}),
                                                                     expr("metadata.name", "In", {"b"})}}}})).build());
    QVERIFY(r.fitError);
    QCOMPARE(r.fitError->message(), std::string("0/2 nodes are available: pod affinity terms conflict."));
}

// The profile's addedAffinity applies to every pod, with its own reason.
void TestNodeAffinity::addedAffinity()
{
    ProfileConfig profile;
    profile.pluginArgs["NodeAffinity"] = {{"addedAffinity", {{"requiredDuringSchedulingIgnoredDuringExecution",
                                                             {{"nodeSelectorTerms", {{{"matchExpressions", {expr("pool", "In", {"lab"})}}}}}}}}}};
    test::SchedulerHarness h(profile);
    h.addNode(NodeBuilder("in").label("pool", "lab").build());
    h.addNode(NodeBuilder("out").build());
    const auto results = h.filter(PodBuilder("p").build());
    QVERIFY(results[0].second.ok());
    QCOMPARE(results[1].second.message(), std::string("node(s) didn't match scheduler-enforced node affinity"));
}

// Raw = sum of matching preferred weights; normalized 100*s/max; no preferred terms: skipped.
void TestNodeAffinity::score()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("both").label("disk", "ssd").label("zone", "a").build());
    h.addNode(NodeBuilder("ssd").label("disk", "ssd").build());
    h.addNode(NodeBuilder("none").build());
    const Json preferred = {{"nodeAffinity", {{"preferredDuringSchedulingIgnoredDuringExecution",
                                               {{{"weight", 80}, {"preference", {{"matchExpressions", {expr("disk", "In", {"ssd"})}}}}},
                                                {{"weight", 20}, {"preference", {{"matchExpressions", {expr("zone", "In", {"a"})}}}}}}}}}};
    const auto scores = h.score("NodeAffinity", PodBuilder("p").affinity(preferred).build());
    QCOMPARE(scores.size(), std::size_t{3});
    QCOMPARE(scores[0], std::make_pair(std::int64_t{100}, std::int64_t{100}));
    QCOMPARE(scores[1], std::make_pair(std::int64_t{80}, std::int64_t{80}));
    QCOMPARE(scores[2], std::make_pair(std::int64_t{0}, std::int64_t{0}));
    QVERIFY(h.score("NodeAffinity", PodBuilder("bare").build()).empty());
}

QTEST_APPLESS_MAIN(TestNodeAffinity)
#include "tst_node_affinity.moc"
