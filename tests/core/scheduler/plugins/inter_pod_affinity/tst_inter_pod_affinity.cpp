// InterPodAffinity against upstream v1.30-v1.32: the filter's three checks in order
// (the incoming pod's required affinity with the self-affinity exception, its required
// anti-affinity, existing pods' anti-affinity), term namespaces and namespaceSelector,
// the PreFilter extensions, and the score (preferred terms on both sides, the
// hardPodAffinityWeight, ignorePreferredTermsOfExistingPods, min-max normalization).
#include "core/scheduler/plugins/inter_pod_affinity/inter_pod_affinity.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

#include <map>
#include <optional>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using plugins::InterPodAffinity;
using test::NodeBuilder;
using test::PodBuilder;
using test::addNodes;

Q_DECLARE_METATYPE(api::Json)

namespace {

constexpr const char *kZone = "topology.kubernetes.io/zone";
constexpr const char *kHost = "kubernetes.io/hostname";

Json sel(const std::string &key, const std::string &value) { return {{"matchLabels", {{key, value}}}}; }
Json app(const std::string &value) { return sel("app", value); }

// A PodAffinityTerm; `extra` adds namespaces or namespaceSelector.
Json term(const Json &selector, const std::string &topologyKey, const Json &extra = Json::object())
{
    Json t = {{"labelSelector", selector}, {"topologyKey", topologyKey}};
    t.update(extra);
    return t;
}

// spec.affinity with pod (anti-)affinity terms.
struct Affinity {
    Json json = Json::object();
    Affinity &require(const Json &t)
    {
        json["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"].push_back(t);
        return *this;
    }
    Affinity &avoid(const Json &t)
    {
        json["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"].push_back(t);
        return *this;
    }
    Affinity &prefer(int weight, const Json &t)
    {
        json["podAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"].push_back(
            {{"weight", weight}, {"podAffinityTerm", t}});
        return *this;
    }
    Affinity &disprefer(int weight, const Json &t)
    {
        json["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"].push_back(
            {{"weight", weight}, {"podAffinityTerm", t}});
        return *this;
    }
};

// An existing pod "<app>-<node>" (namespace `ns`) labelled app=<app> on `node`.
PodBuilder existing(const std::string &node, const std::string &appLabel, const std::string &ns = "default")
{
    PodBuilder pod(appLabel + "-" + node, ns);
    pod.label("app", appLabel).nodeName(node);
    return pod;
}

// The incoming pod "p" labelled app=<label>.
PodBuilder incoming(const std::string &label = "web") { return PodBuilder("p").label("app", label); }

// A status as one word, each demanding its exact code and message from InterPodAffinity:
// pass, affinity, anti (the incoming pod's anti-affinity), existing (existing pods' anti-affinity).
QString outcome(const PluginStatus &s)
{
    if (s.ok())
        return "pass";
    if (s.plugin() == "InterPodAffinity") {
        if (s.code() == Code::UnschedulableAndUnresolvable && s.message() == InterPodAffinity::kReasonAffinity)
            return "affinity";
        if (s.code() == Code::Unschedulable && s.message() == InterPodAffinity::kReasonAntiAffinity)
            return "anti";
        if (s.code() == Code::Unschedulable && s.message() == InterPodAffinity::kReasonExistingAntiAffinity)
            return "existing";
    }
    return QString("unexpected(%1 %2: %3)")
        .arg(QString::fromStdString(s.plugin()), codeName(s.code()), QString::fromStdString(s.message()));
}

// "node:outcome ..." in the order of `nodes`.
QString filterOutcomes(test::SchedulerHarness &h, const QStringList &nodes, const Json &pod)
{
    return test::filterOutcomes(h, nodes, pod, outcome);
}

// "node=raw/normalized ..." in the order of `nodes`, or "skipped" when PreScore skipped.
QString scoreOutcomes(test::SchedulerHarness &h, const QStringList &nodes, const Json &pod)
{
    return test::scoreOutcomes(h, "InterPodAffinity", nodes, pod);
}

// Namespace labels for namespaceSelector: "other" is team=blue, "default" team=green.
class FakeLister : public ClusterLister {
public:
    std::map<std::string, Json> labels = {{"other", {{"team", "blue"}}}, {"default", {{"team", "green"}}}};

    const Json *namespaceLabels(const std::string &ns) const override
    {
        auto it = labels.find(ns);
        return it == labels.end() ? nullptr : &it->second;
    }
    std::optional<api::LabelSelector> defaultSelector(const PodInfo &) const override { return std::nullopt; }
    std::vector<const Json *> disruptionBudgets(const std::string &) const override { return {}; }
};

const QStringList kNodes = {"a1 zone=a", "a2 zone=a", "b1 zone=b", "x1"};
const QStringList kScoreNodes = {"a1 zone=a", "a2 zone=a", "b1 zone=b", "c1 zone=c"};

} // namespace

class TestInterPodAffinity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reasonsAreUpstreamStrings();
    void filter_data();
    void filter();
    void preFilterExtensionsUpdateCounts();
    void score_data();
    void score();
};

// The reason constants, and real statuses, carry upstream's exact text and codes.
void TestInterPodAffinity::reasonsAreUpstreamStrings()
{
    QCOMPARE(std::string(InterPodAffinity::kReasonAffinity), std::string("node(s) didn't match pod affinity rules"));
    QCOMPARE(std::string(InterPodAffinity::kReasonAntiAffinity),
             std::string("node(s) didn't match pod anti-affinity rules"));
    QCOMPARE(std::string(InterPodAffinity::kReasonExistingAntiAffinity),
             std::string("node(s) didn't satisfy existing pods anti-affinity rules"));

    test::SchedulerHarness h;
    addNodes(h, {"a1 zone=a", "b1 zone=b"});
    h.addPod(existing("a1", "db").affinity(Affinity().avoid(term(app("web"), kZone)).json).build());
    const auto status = [&](const Json &pod, const std::string &node) {
        for (const auto &[name, s] : h.filter(pod))
            if (name == node)
                return s;
        return PluginStatus(Code::Error, "no node " + node);
    };
    PluginStatus s = status(incoming("api").affinity(Affinity().require(term(app("db"), kZone)).json).build(), "b1");
    QCOMPARE(s.code(), Code::UnschedulableAndUnresolvable);
    QCOMPARE(s.message(), std::string("node(s) didn't match pod affinity rules"));
    s = status(incoming("api").affinity(Affinity().avoid(term(app("db"), kZone)).json).build(), "a1");
    QCOMPARE(s.code(), Code::Unschedulable);
    QCOMPARE(s.message(), std::string("node(s) didn't match pod anti-affinity rules"));
    s = status(incoming("web").build(), "a1");
    QCOMPARE(s.code(), Code::Unschedulable);
    QCOMPARE(s.message(), std::string("node(s) didn't satisfy existing pods anti-affinity rules"));
    QVERIFY(status(incoming("web").build(), "b1").ok());
}

void TestInterPodAffinity::filter_data()
{
    QTest::addColumn<api::Json>("pods");
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("expected"); // on a1 zone=a, a2 zone=a, b1 zone=b, x1 (no zone)

    const Json dbA1 = Json::array({existing("a1", "db").build()});
    const Json none = Json::array();
    auto requiring = [](const Json &t, const std::string &label = "web") {
        return incoming(label).affinity(Affinity().require(t).json).build();
    };
    auto avoids = [](const Json &t) { return incoming().affinity(Affinity().avoid(t).json).build(); };

    // Required affinity (U&U).
    QTest::newRow("affinity: the zone of a matching pod")
        << dbA1 << requiring(term(app("db"), kZone)) << "a1:pass a2:pass b1:affinity x1:affinity";
    QTest::newRow("affinity: hostname confines the pod to the matching pod's node")
        << dbA1 << requiring(term(app("db"), kHost)) << "a1:pass a2:affinity b1:affinity x1:affinity";
    QTest::newRow("affinity: a matching pod on a node without the key is in no domain")
        << Json::array({existing("x1", "db").build()}) << requiring(term(app("db"), kZone))
        << "a1:affinity a2:affinity b1:affinity x1:affinity";
    QTest::newRow("affinity: the first pod of a self-affine group passes where the key exists")
        << none << requiring(term(app("db"), kZone), "db") << "a1:pass a2:pass b1:pass x1:affinity";
    QTest::newRow("affinity: no exception when the pod does not match its own term")
        << none << requiring(term(app("db"), kZone)) << "a1:affinity a2:affinity b1:affinity x1:affinity";
    QTest::newRow("affinity: no exception once a matching pod exists")
        << Json::array({existing("b1", "db").build()}) << requiring(term(app("db"), kZone), "db")
        << "a1:affinity a2:affinity b1:pass x1:affinity";
    const Json twoTerms = incoming()
                              .affinity(Affinity().require(term(app("db"), kZone)).require(term(sel("tier", "cache"), kHost)).json)
                              .build();
    QTest::newRow("affinity: one pod matching every term satisfies all their domains")
        << Json::array({existing("a1", "db").label("tier", "cache").build()}) << twoTerms
        << "a1:pass a2:affinity b1:affinity x1:affinity";
    QTest::newRow("affinity: pods matching only some terms count for none")
        << Json::array({existing("a1", "db").build(), existing("a1", "cache").label("tier", "cache").build()}) << twoTerms
        << "a1:affinity a2:affinity b1:affinity x1:affinity";

    // Namespaces of the incoming pod's terms.
    const Json dbOther = Json::array({existing("a1", "db", "other").build()});
    QTest::newRow("namespaces: a term defaults to the pod's own namespace")
        << dbOther << requiring(term(app("db"), kZone)) << "a1:affinity a2:affinity b1:affinity x1:affinity";
    QTest::newRow("namespaces: listed namespaces")
        << dbOther << requiring(term(app("db"), kZone, {{"namespaces", {"other"}}}))
        << "a1:pass a2:pass b1:affinity x1:affinity";
    QTest::newRow("namespaces: namespaceSelector {} selects every namespace")
        << dbOther << requiring(term(app("db"), kZone, {{"namespaceSelector", Json::object()}}))
        << "a1:pass a2:pass b1:affinity x1:affinity";
    QTest::newRow("namespaces: namespaceSelector by namespace labels")
        << dbOther << requiring(term(app("db"), kZone, {{"namespaceSelector", sel("team", "blue")}}))
        << "a1:pass a2:pass b1:affinity x1:affinity";
    QTest::newRow("namespaces: namespaceSelector not matching the namespace")
        << dbOther << requiring(term(app("db"), kZone, {{"namespaceSelector", sel("team", "red")}}))
        << "a1:affinity a2:affinity b1:affinity x1:affinity";

    // Required anti-affinity of the incoming pod (Unschedulable).
    QTest::newRow("anti-affinity: the zone of a matching pod is excluded")
        << dbA1 << avoids(term(app("db"), kZone)) << "a1:anti a2:anti b1:pass x1:pass";
    QTest::newRow("anti-affinity: hostname excludes only that node")
        << dbA1 << avoids(term(app("db"), kHost)) << "a1:anti a2:pass b1:pass x1:pass";
    QTest::newRow("anti-affinity: pods in other namespaces do not count")
        << dbOther << avoids(term(app("db"), kZone)) << "a1:pass a2:pass b1:pass x1:pass";
    QTest::newRow("anti-affinity: the pod does not repel itself")
        << none << avoids(term(app("web"), kZone)) << "a1:pass a2:pass b1:pass x1:pass";

    // Existing pods' required anti-affinity against the incoming pod (Unschedulable).
    auto repelling = [](const Json &t, const std::string &ns = "default") {
        return Json::array({existing("a1", "db", ns).affinity(Affinity().avoid(t).json).build()});
    };
    QTest::newRow("existing anti-affinity: a pod repels matching pods from its zone")
        << repelling(term(app("web"), kZone)) << incoming().build() << "a1:existing a2:existing b1:pass x1:pass";
    QTest::newRow("existing anti-affinity: by hostname")
        << repelling(term(app("web"), kHost)) << incoming().build() << "a1:existing a2:pass b1:pass x1:pass";
    QTest::newRow("existing anti-affinity: a term not selecting the incoming pod")
        << repelling(term(app("cache"), kZone)) << incoming().build() << "a1:pass a2:pass b1:pass x1:pass";
    QTest::newRow("existing anti-affinity: its namespaces default to the existing pod's")
        << repelling(term(app("web"), kZone), "other") << incoming().build() << "a1:pass a2:pass b1:pass x1:pass";
    QTest::newRow("existing anti-affinity: listing the incoming pod's namespace")
        << repelling(term(app("web"), kZone, {{"namespaces", {"default"}}}), "other") << incoming().build()
        << "a1:existing a2:existing b1:pass x1:pass";

    // Order: affinity, then the incoming anti-affinity, then existing pods' anti-affinity.
    QTest::newRow("order: affinity is reported before anti-affinity")
        << Json::array({existing("b1", "db").build(), existing("a1", "cache").build(), existing("b1", "cache").build()})
        << incoming().affinity(Affinity().require(term(app("db"), kZone)).avoid(term(app("cache"), kZone)).json).build()
        << "a1:affinity a2:affinity b1:anti x1:affinity";
    QTest::newRow("order: the pod's anti-affinity before existing pods'")
        << repelling(term(app("web"), kZone)) << avoids(term(app("db"), kHost)) << "a1:anti a2:existing b1:pass x1:pass";
}

// Each node passes or fails with the reason and code upstream gives for that cluster.
void TestInterPodAffinity::filter()
{
    QFETCH(api::Json, pods);
    QFETCH(api::Json, pod);
    QFETCH(QString, expected);
    FakeLister lister;
    test::SchedulerHarness h;
    h.snapshot().setLister(&lister);
    addNodes(h, kNodes);
    for (const Json &p : pods)
        h.addPod(p);
    QCOMPARE(filterOutcomes(h, kNodes, pod), expected);
}

// AddPod/RemovePod (used for nominated pods and preemption) update the three counts.
void TestInterPodAffinity::preFilterExtensionsUpdateCounts()
{
    test::SchedulerHarness h;
    addNodes(h, {"a1 zone=a", "b1 zone=b"});
    const PodInfoPtr pod = incoming().affinity(Affinity().avoid(term(app("db"), kHost)).json).info();
    CycleState state;
    PreFilterResult pre;
    QVERIFY(h.framework().runPreFilter(state, *pod, pre).ok());
    auto outcomes = [&] {
        return outcome(h.framework().runFilters(state, *pod, h.node("a1"))) + " " +
               outcome(h.framework().runFilters(state, *pod, h.node("b1")));
    };
    QCOMPARE(outcomes(), QString("pass pass"));

    const PodInfoPtr db = existing("b1", "db").info();
    QVERIFY(h.framework().runPreFilterAddPod(state, *pod, db, h.node("b1")).ok());
    QCOMPARE(outcomes(), QString("pass anti"));
    const PodInfoPtr repeller = existing("a1", "cache").affinity(Affinity().avoid(term(app("web"), kZone)).json).info();
    QVERIFY(h.framework().runPreFilterAddPod(state, *pod, repeller, h.node("a1")).ok());
    QCOMPARE(outcomes(), QString("existing anti"));
    QVERIFY(h.framework().runPreFilterRemovePod(state, *pod, db, h.node("b1")).ok());
    QVERIFY(h.framework().runPreFilterRemovePod(state, *pod, repeller, h.node("a1")).ok());
    QCOMPARE(outcomes(), QString("pass pass"));
}

void TestInterPodAffinity::score_data()
{
    QTest::addColumn<api::Json>("args"); // InterPodAffinityArgs, null for the defaults
    QTest::addColumn<api::Json>("pods");
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("expected"); // on a1 zone=a, a2 zone=a, b1 zone=b, c1 zone=c

    const Json defaults;
    const Json dbA1 = Json::array({existing("a1", "db").build()});
    auto prefers = [](const Affinity &a) { return incoming().affinity(a.json).build(); };

    // Normalized: int64(100*(s-min)/(max-min)), 0 everywhere when max == min.
    // Zone a +80: raw 80, 80, 0, 0; min 0 max 80.
    QTest::newRow("preferred affinity: +weight in the matching pod's zone")
        << defaults << dbA1 << prefers(Affinity().prefer(80, term(app("db"), kZone)))
        << "a1=80/100 a2=80/100 b1=0/0 c1=0/0";
    // Zone a -50: raw -50, -50, 0, 0; min -50 max 0: a 0, b and c 100*50/50 = 100.
    QTest::newRow("preferred anti-affinity: -weight in the matching pod's zone")
        << defaults << dbA1 << prefers(Affinity().disprefer(50, term(app("db"), kZone)))
        << "a1=-50/0 a2=-50/0 b1=0/100 c1=0/100";
    // zone a +30 (db), host b1 +60 (cache), host a1 -20 (db): a1 10, a2 30, b1 60, c1 0;
    // min 0 max 60: a1 100*10/60 = 16.7 -> 16, a2 50, b1 100.
    QTest::newRow("weights add up per domain, normalized and truncated")
        << defaults << Json::array({existing("a1", "db").build(), existing("b1", "cache").build()})
        << prefers(Affinity().prefer(30, term(app("db"), kZone)).prefer(60, term(app("cache"), kHost))
                       .disprefer(20, term(app("db"), kHost)))
        << "a1=10/16 a2=30/50 b1=60/100 c1=0/0";
    // Zones a, b, c +10 each: all raw 10, max == min.
    QTest::newRow("all nodes equal: every normalized score 0")
        << defaults
        << Json::array({existing("a1", "db").build(), existing("b1", "db").build(), existing("c1", "db").build()})
        << prefers(Affinity().prefer(10, term(app("db"), kZone))) << "a1=10/0 a2=10/0 b1=10/0 c1=10/0";
    // The existing pod requires app=web in its zone: zone b +hardPodAffinityWeight.
    const Json requiresWeb =
        Json::array({existing("b1", "db").affinity(Affinity().require(term(app("web"), kZone)).json).build()});
    QTest::newRow("hardPodAffinityWeight: an existing pod's required affinity adds 1")
        << defaults << requiresWeb << incoming().build() << "a1=0/0 a2=0/0 b1=1/100 c1=0/0";
    QTest::newRow("hardPodAffinityWeight: 5 from the plugin args")
        << Json{{"hardPodAffinityWeight", 5}} << requiresWeb << incoming().build() << "a1=0/0 a2=0/0 b1=5/100 c1=0/0";
    QTest::newRow("hardPodAffinityWeight: 0 adds nothing, PreScore skips")
        << Json{{"hardPodAffinityWeight", 0}} << requiresWeb << incoming().build() << "skipped";
    // Zone a +40 (db prefers web), host b1 -70 (cache avoids web): a 40, b1 -70, c1 0;
    // min -70 max 40: a 100, b1 0, c1 100*70/110 = 63.6 -> 63.
    const Json existingPreferences = Json::array(
        {existing("a1", "db").affinity(Affinity().prefer(40, term(app("web"), kZone)).json).build(),
         existing("b1", "cache").affinity(Affinity().disprefer(70, term(app("web"), kHost)).json).build()});
    QTest::newRow("existing pods' preferred affinity and anti-affinity count")
        << defaults << existingPreferences << incoming().build() << "a1=40/100 a2=40/100 b1=-70/0 c1=0/63";
    QTest::newRow("preferred terms see only the pod's own namespace by default")
        << defaults << Json::array({existing("a1", "db", "other").build()})
        << prefers(Affinity().prefer(80, term(app("db"), kZone))) << "skipped";
    QTest::newRow("preferred terms with namespaceSelector {} see every namespace")
        << defaults << Json::array({existing("a1", "db", "other").build()})
        << prefers(Affinity().prefer(80, term(app("db"), kZone, {{"namespaceSelector", Json::object()}})))
        << "a1=80/100 a2=80/100 b1=0/0 c1=0/0";
    // Zone a +40 (db's preference still counts), zone b +10 (the pod's own): b1 100*10/40 = 25.
    const Json ignore = {{"ignorePreferredTermsOfExistingPods", true}};
    QTest::newRow("ignorePreferredTermsOfExistingPods: still counted when the pod has preferred terms")
        << ignore
        << Json::array({existing("a1", "db").affinity(Affinity().prefer(40, term(app("web"), kZone)).json).build(),
                        existing("b1", "cache").build()})
        << prefers(Affinity().prefer(10, term(app("cache"), kZone))) << "a1=40/100 a2=40/100 b1=10/25 c1=0/0";
    QTest::newRow("ignorePreferredTermsOfExistingPods: a pod without preferred terms skips")
        << ignore << existingPreferences << incoming().build() << "skipped";
    QTest::newRow("no pod affinity anywhere: PreScore skips") << defaults << dbA1 << incoming().build() << "skipped";
    QTest::newRow("existing terms not selecting the pod: PreScore skips")
        << defaults
        << Json::array({existing("a1", "db").affinity(Affinity().prefer(40, term(app("cache"), kZone)).json).build()})
        << incoming().build() << "skipped";
}

// Raw = summed weights of the node's domains; normalized min-max, as computed by hand.
void TestInterPodAffinity::score()
{
    QFETCH(api::Json, args);
    QFETCH(api::Json, pods);
    QFETCH(api::Json, pod);
    QFETCH(QString, expected);
    ProfileConfig profile;
    if (!args.is_null())
        profile.pluginArgs["InterPodAffinity"] = args;
    test::SchedulerHarness h(profile);
    addNodes(h, kScoreNodes);
    for (const Json &p : pods)
        h.addPod(p);
    QCOMPARE(scoreOutcomes(h, kScoreNodes, pod), expected);
}

QTEST_APPLESS_MAIN(TestInterPodAffinity)
#include "tst_inter_pod_affinity.moc"
