// PodTopologySpread against upstream v1.30-v1.32: the filter's skew formula
// (matchNum + selfMatch - minMatch <= maxSkew) over zones and hostnames, its two
// reasons, minDomains, the node inclusion policies, which pods count, the PreFilter
// extensions, and the soft-constraint score (raw and normalized), including the
// system default constraints for pods a Service or controller selects.
#include "core/scheduler/plugins/pod_topology_spread/pod_topology_spread.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

#include <map>
#include <optional>

using namespace k8slab;
using namespace k8slab::scheduler;
using api::Json;
using plugins::PodTopologySpread;
using test::NodeBuilder;
using test::PodBuilder;
using test::addNodes;

Q_DECLARE_METATYPE(api::Json)

namespace {

constexpr const char *kZone = "topology.kubernetes.io/zone";
constexpr const char *kHost = "kubernetes.io/hostname";

// Existing pods from "node k=v ... [+ns=name] [+terminating]" (named e0, e1, ...).
void addPods(test::SchedulerHarness &h, const QStringList &specs)
{
    int n = 0;
    for (const QString &spec : specs) {
        const QStringList parts = spec.split(' ', Qt::SkipEmptyParts);
        std::string ns = "default";
        for (const QString &p : parts)
            if (p.startsWith("+ns="))
                ns = p.mid(4).toStdString();
        PodBuilder pod("e" + std::to_string(n++), ns);
        pod.nodeName(parts.front().toStdString());
        for (qsizetype i = 1; i < parts.size(); ++i) {
            if (parts[i] == "+terminating") {
                pod.terminating();
            } else if (!parts[i].startsWith('+')) {
                const QStringList kv = parts[i].split('=');
                pod.label(kv[0].toStdString(), kv[1].toStdString());
            }
        }
        h.addPod(pod.build());
    }
}

Json app(const std::string &value) { return {{"matchLabels", {{"app", value}}}}; }

// The incoming pod "p" labelled app=<label>.
PodBuilder incoming(const std::string &label = "web") { return PodBuilder("p").label("app", label); }

// Sets a field of the pod's i-th topology spread constraint.
Json withField(Json pod, std::size_t i, const std::string &field, const Json &value)
{
    pod["spec"]["topologySpreadConstraints"][i][field] = value;
    return pod;
}

// A status as one word, each demanding its exact code, message and plugin:
// pass, skew, label (PodTopologySpread), selector (NodeAffinity), taint (TaintToleration).
QString outcome(const PluginStatus &s)
{
    if (s.ok())
        return "pass";
    if (s.plugin() == "PodTopologySpread" && s.code() == Code::Unschedulable &&
        s.message() == PodTopologySpread::kReasonConstraintsNotMatch)
        return "skew";
    if (s.plugin() == "PodTopologySpread" && s.code() == Code::UnschedulableAndUnresolvable &&
        s.message() == PodTopologySpread::kReasonNodeLabelNotMatch)
        return "label";
    if (s.plugin() == "NodeAffinity" && s.code() == Code::UnschedulableAndUnresolvable)
        return "selector";
    if (s.plugin() == "TaintToleration" && s.code() == Code::UnschedulableAndUnresolvable)
        return "taint";
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
    return test::scoreOutcomes(h, "PodTopologySpread", nodes, pod);
}

// A lister whose "Service" selects the pods matching `selector`.
class FakeLister : public ClusterLister {
public:
    std::optional<api::LabelSelector> selector;

    const Json *namespaceLabels(const std::string &) const override { return nullptr; }
    std::optional<api::LabelSelector> defaultSelector(const PodInfo &pod) const override
    {
        if (selector && selector->matches(pod.labels))
            return selector;
        return std::nullopt;
    }
    std::vector<const Json *> disruptionBudgets(const std::string &) const override { return {}; }
};

const QStringList kThreeZones = {"a1 zone=a", "a2 zone=a", "b1 zone=b", "c1 zone=c"};
const QStringList kTwoZones = {"a1 zone=a", "b1 zone=b"};

} // namespace

class TestPodTopologySpread : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reasonsAreUpstreamStrings();
    void filter_data();
    void filter();
    void barePodSkips();
    void preFilterExtensionsUpdateCounts();
    void score_data();
    void score();
    void systemDefaultsNeedASelectingController();
};

// The reason constants, and a real status, carry upstream's exact text.
void TestPodTopologySpread::reasonsAreUpstreamStrings()
{
    QCOMPARE(std::string(PodTopologySpread::kReasonConstraintsNotMatch),
             std::string("node(s) didn't match pod topology spread constraints"));
    QCOMPARE(std::string(PodTopologySpread::kReasonNodeLabelNotMatch),
             std::string("node(s) didn't match pod topology spread constraints (missing required label)"));

    test::SchedulerHarness h;
    addNodes(h, {"a1 zone=a", "b1 zone=b", "x1"});
    addPods(h, {"a1 app=web"});
    const auto results = h.filter(incoming().spread(1, kZone, true, app("web")).build());
    QCOMPARE(results.size(), std::size_t{3});
    for (const auto &[name, s] : results) {
        if (name == "a1") {
            QCOMPARE(s.code(), Code::Unschedulable);
            QCOMPARE(s.message(), std::string("node(s) didn't match pod topology spread constraints"));
        } else if (name == "x1") {
            QCOMPARE(s.code(), Code::UnschedulableAndUnresolvable);
            QCOMPARE(s.message(), std::string("node(s) didn't match pod topology spread constraints (missing required label)"));
        } else {
            QVERIFY(s.ok());
        }
    }
}

void TestPodTopologySpread::filter_data()
{
    QTest::addColumn<QStringList>("nodes");
    QTest::addColumn<QStringList>("pods");
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("expected");

    const Json zone1 = incoming().spread(1, kZone, true, app("web")).build();
    const Json host1 = incoming().spread(1, kHost, true, app("web")).build();

    // Counts a=2 b=1 c=0, min 0: a 2+1-0=3 > 1, b 1+1-0=2 > 1, c 0+1-0=1.
    QTest::newRow("zone: only the emptiest domain is within maxSkew 1")
        << kThreeZones << QStringList{"a1 app=web", "a2 app=web", "b1 app=web"} << zone1
        << "a1:skew a2:skew b1:skew c1:pass";
    // Same counts, maxSkew 2: a 3 > 2, b 2 <= 2.
    QTest::newRow("zone: maxSkew 2 admits a domain one above the minimum")
        << kThreeZones << QStringList{"a1 app=web", "a2 app=web", "b1 app=web"}
        << incoming().spread(2, kZone, true, app("web")).build() << "a1:skew a2:skew b1:pass c1:pass";
    // Counts 1/1/1, min 1: 1+1-1=1 everywhere.
    QTest::newRow("zone: balanced domains all pass")
        << kThreeZones << QStringList{"a1 app=web", "b1 app=web", "c1 app=web"} << zone1
        << "a1:pass a2:pass b1:pass c1:pass";
    // Counts a=2 b=1 c=1, min 1; the pod (app=api) does not match: a 2+0-1=1.
    QTest::newRow("zone: no self-match when the pod's labels miss the selector")
        << kThreeZones << QStringList{"a1 app=web", "a2 app=web", "b1 app=web", "c1 app=web"}
        << incoming("api").spread(1, kZone, true, app("web")).build() << "a1:pass a2:pass b1:pass c1:pass";
    QTest::newRow("zone: pods the selector does not match are not counted")
        << kThreeZones << QStringList{"a1 app=db", "a1 app=db", "a2 app=db"} << zone1
        << "a1:pass a2:pass b1:pass c1:pass";
    // Per node a1=2 a2=1 b1=1 c1=0, min 0.
    QTest::newRow("hostname: only the empty node is within maxSkew 1")
        << kThreeZones << QStringList{"a1 app=web", "a1 app=web", "a2 app=web", "b1 app=web"} << host1
        << "a1:skew a2:skew b1:skew c1:pass";
    // Per node a1=2, others 1, min 1: a1 2+1-1=2 > 1, others 1.
    QTest::newRow("hostname: only the node above the minimum fails")
        << kThreeZones << QStringList{"a1 app=web", "a1 app=web", "a2 app=web", "b1 app=web", "c1 app=web"} << host1
        << "a1:skew a2:pass b1:pass c1:pass";
    // Zones a=1 b=1 (min 1, all fine); hosts a1=1 a2=0 b1=1 (min 0): a1, b1 reach 2.
    QTest::newRow("zone and hostname: every constraint must hold")
        << QStringList{"a1 zone=a", "a2 zone=a", "b1 zone=b"} << QStringList{"a1 app=web", "b1 app=web"}
        << incoming().spread(1, kZone, true, app("web")).spread(1, kHost, true, app("web")).build()
        << "a1:skew a2:pass b1:skew";
    // x1 has no zone: U&U, and its three pods count in no domain (a=1 b=0).
    QTest::newRow("missing topology label: U&U, its pods count nowhere")
        << QStringList{"a1 zone=a", "b1 zone=b", "x1"}
        << QStringList{"x1 app=web", "x1 app=web", "x1 app=web", "a1 app=web"} << zone1 << "a1:skew b1:pass x1:label";
    // c1 lacks rack: it is left out of both counts and fails the rack constraint.
    QTest::newRow("missing one of two keys: the label reason")
        << QStringList{"a1 zone=a rack=r1", "b1 zone=b rack=r2", "c1 zone=c"} << QStringList{}
        << incoming().spread(1, kZone, true, app("web")).spread(1, "rack", true, app("web")).build()
        << "a1:pass b1:pass c1:label";
    // Counts a=1 b=1: 2 domains < minDomains 3, so min is 0 and 1+1-0=2 > 1.
    QTest::newRow("minDomains above the domain count makes the minimum 0")
        << kTwoZones << QStringList{"a1 app=web", "b1 app=web"} << withField(zone1, 0, "minDomains", 3)
        << "a1:skew b1:skew";
    QTest::newRow("minDomains equal to the domain count keeps the real minimum")
        << kTwoZones << QStringList{"a1 app=web", "b1 app=web"} << withField(zone1, 0, "minDomains", 2)
        << "a1:pass b1:pass";
    // nodeSelector pool=x: c1 is left out (Honor), so a=1 b=1, min 1.
    const Json pooled = incoming().nodeSelector("pool", "x").spread(1, kZone, true, app("web")).build();
    QTest::newRow("nodeAffinityPolicy Honor: nodes outside the nodeSelector are not domains")
        << QStringList{"a1 zone=a pool=x", "b1 zone=b pool=x", "c1 zone=c"} << QStringList{"a1 app=web", "b1 app=web"}
        << pooled << "a1:pass b1:pass c1:selector";
    // With Ignore, c (0 pods) is a domain: min 0, a and b reach 2.
    QTest::newRow("nodeAffinityPolicy Ignore: every node with the key counts")
        << QStringList{"a1 zone=a pool=x", "b1 zone=b pool=x", "c1 zone=c"} << QStringList{"a1 app=web", "b1 app=web"}
        << withField(pooled, 0, "nodeAffinityPolicy", "Ignore") << "a1:skew b1:skew c1:selector";
    QTest::newRow("nodeTaintsPolicy Ignore (default): a tainted node is a domain")
        << QStringList{"a1 zone=a", "b1 zone=b", "c1 zone=c +taint=dedicated:NoSchedule"}
        << QStringList{"a1 app=web", "b1 app=web"} << zone1 << "a1:skew b1:skew c1:taint";
    QTest::newRow("nodeTaintsPolicy Honor: an untolerated tainted node is not")
        << QStringList{"a1 zone=a", "b1 zone=b", "c1 zone=c +taint=dedicated:NoSchedule"}
        << QStringList{"a1 app=web", "b1 app=web"} << withField(zone1, 0, "nodeTaintsPolicy", "Honor")
        << "a1:pass b1:pass c1:taint";
    QTest::newRow("terminating pods are not counted")
        << kTwoZones << QStringList{"a1 app=web +terminating", "a1 app=web +terminating"} << zone1 << "a1:pass b1:pass";
    QTest::newRow("pods in other namespaces are not counted")
        << kTwoZones << QStringList{"a1 app=web +ns=other", "a1 app=web +ns=kube-system"} << zone1 << "a1:pass b1:pass";
    // countPodsMatchSelector returns 0 for an empty selector (v1.27-v1.32); the pod itself matches.
    QTest::newRow("empty labelSelector counts no existing pod")
        << kTwoZones << QStringList{"a1 app=web", "a1 app=web"}
        << incoming().spread(1, kZone, true, Json::object()).build() << "a1:pass b1:pass";
    // matchLabelKeys adds version=v2 to the selector: the v1 pods no longer count.
    QTest::newRow("matchLabelKeys: the pod's own value joins the selector")
        << kTwoZones << QStringList{"a1 app=web version=v1", "a1 app=web version=v1"}
        << withField(incoming().label("version", "v2").spread(1, kZone, true, app("web")).build(), 0, "matchLabelKeys",
                     Json::array({"version"}))
        << "a1:pass b1:pass";
}

// Each node passes or fails with the reason and code upstream gives for that cluster.
void TestPodTopologySpread::filter()
{
    QFETCH(QStringList, nodes);
    QFETCH(QStringList, pods);
    QFETCH(api::Json, pod);
    QFETCH(QString, expected);
    test::SchedulerHarness h;
    addNodes(h, nodes);
    addPods(h, pods);
    QCOMPARE(filterOutcomes(h, nodes, pod), expected);
}

// A pod without constraints (and no Service selecting it) skips: every node passes, no score.
void TestPodTopologySpread::barePodSkips()
{
    test::SchedulerHarness h;
    addNodes(h, {"a1 zone=a", "b1 zone=b", "x1"});
    addPods(h, {"a1 app=web", "a1 app=web", "a1 app=web"});
    QCOMPARE(filterOutcomes(h, {"a1", "b1", "x1"}, incoming().build()), QString("a1:pass b1:pass x1:pass"));
    QCOMPARE(scoreOutcomes(h, {"a1", "b1", "x1"}, incoming().build()), QString("skipped"));
    // Only soft constraints: the filter skips; only hard ones: the score skips.
    QCOMPARE(filterOutcomes(h, {"a1", "b1", "x1"}, incoming().spread(1, kZone, false, app("web")).build()),
             QString("a1:pass b1:pass x1:pass"));
    QCOMPARE(scoreOutcomes(h, {"a1", "b1", "x1"}, incoming().spread(1, kZone, true, app("web")).build()),
             QString("skipped"));
}

// AddPod/RemovePod (used for nominated pods and preemption) change the counts like upstream.
void TestPodTopologySpread::preFilterExtensionsUpdateCounts()
{
    test::SchedulerHarness h;
    addNodes(h, kTwoZones);
    addPods(h, {"a1 app=web"});
    const PodInfoPtr pod = incoming().spread(1, kZone, true, app("web")).info();
    CycleState state;
    PreFilterResult pre;
    QVERIFY(h.framework().runPreFilter(state, *pod, pre).ok());
    auto outcomes = [&] {
        return outcome(h.framework().runFilters(state, *pod, h.node("a1"))) + " " +
               outcome(h.framework().runFilters(state, *pod, h.node("b1")));
    };
    QCOMPARE(outcomes(), QString("skew pass")); // a=1 b=0

    // Another namespace's pod changes nothing; a matching one on b1 balances the zones.
    QVERIFY(h.framework().runPreFilterAddPod(state, *pod, PodBuilder("x", "other").label("app", "web").nodeName("b1").info(),
                                             h.node("b1")).ok());
    QCOMPARE(outcomes(), QString("skew pass"));
    const PodInfoPtr added = PodBuilder("n").label("app", "web").nodeName("b1").info();
    QVERIFY(h.framework().runPreFilterAddPod(state, *pod, added, h.node("b1")).ok());
    QCOMPARE(outcomes(), QString("pass pass")); // a=1 b=1

    // Removing the pod on a1 leaves a=0 b=1: b1 reaches 1+1-0=2.
    QVERIFY(h.framework().runPreFilterRemovePod(state, *pod, h.node("a1").pods().front(), h.node("a1")).ok());
    QCOMPARE(outcomes(), QString("pass skew"));
}

void TestPodTopologySpread::score_data()
{
    QTest::addColumn<QStringList>("nodes");
    QTest::addColumn<QStringList>("pods");
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("expected");

    const Json zone1 = incoming().spread(1, kZone, false, app("web")).build();

    // 3 zones: w = ln(3+2) = 1.6094. Raw a = round(2w) = round(3.219) = 3, b = round(w) = 2, c = 0.
    // Normalized 100*(max+min-s)/max, max 3 min 0: a 0, b 100*1/3 = 33, c 100.
    QTest::newRow("zone: raw grows with matching pods, normalized inverts it")
        << kThreeZones << QStringList{"a1 app=web", "a2 app=web", "b1 app=web"} << zone1
        << "a1=3/0 a2=3/0 b1=2/33 c1=0/100";
    // Hostname over 3 nodes: w = ln(3+2) = 1.6094, plus maxSkew-1 = 1.
    // n1 round(2w+1) = round(4.219) = 4, n2 round(w+1) = round(2.609) = 3, n3 1.
    // max 4 min 1: n1 100*(5-4)/4 = 25, n2 100*2/4 = 50, n3 100*4/4 = 100.
    QTest::newRow("hostname: maxSkew 2 adds 1 to every raw score")
        << QStringList{"n1", "n2", "n3"} << QStringList{"n1 app=web", "n1 app=web", "n2 app=web"}
        << incoming().spread(2, kHost, false, app("web")).build() << "n1=4/25 n2=3/50 n3=1/100";
    // x1 lacks the zone: ignored (0, left out of min/max, its pods uncounted).
    // Zones a, b: w = ln(4) = 1.3863. a1 round(2w) = round(2.773) = 3, b1 0. max 3 min 0: a1 0, b1 100.
    QTest::newRow("node without the key is ignored and scores 0")
        << QStringList{"a1 zone=a", "b1 zone=b", "x1"}
        << QStringList{"a1 app=web", "a1 app=web", "x1 app=web", "x1 app=web", "x1 app=web"} << zone1
        << "a1=3/0 b1=0/100 x1=0/0";
    // Zone w = ln(2+2) = 1.3863 (a=2, b=1); hostname w = ln(3+2) = 1.6094 (a1=2, b1=1).
    // a1 round(2*1.3863 + 2*1.6094) = round(5.991) = 6; a2 round(2.773) = 3;
    // b1 round(1.3863 + 1.6094) = round(2.996) = 3. max 6 min 3: a1 100*3/6 = 50, a2 and b1 100*6/6 = 100.
    QTest::newRow("zone and hostname constraints add up")
        << QStringList{"a1 zone=a", "a2 zone=a", "b1 zone=b"} << QStringList{"a1 app=web", "a1 app=web", "b1 app=web"}
        << incoming().spread(1, kZone, false, app("web")).spread(1, kHost, false, app("web")).build()
        << "a1=6/50 a2=3/100 b1=3/100";
    // All raw 0: max 0 gives every node 100.
    QTest::newRow("no matching pods: every node 100") << kTwoZones << QStringList{} << zone1 << "a1=0/100 b1=0/100";
    // w = ln(4) = 1.3863; maxSkew 3 adds 2: a1 round(3.386) = 3, b1 2. max 3 min 2: a1 100*2/3 = 66, b1 100*3/3 = 100.
    QTest::newRow("maxSkew 3 adds 2 to every raw score")
        << kTwoZones << QStringList{"a1 app=web"} << incoming().spread(3, kZone, false, app("web")).build()
        << "a1=3/66 b1=2/100";
    // nodeSelector pool=x (Honor): a2's three pods are not counted: a=0 b=1. w = ln(4).
    // a1 0, a2 0, b1 round(1.386) = 1. max 1 min 0: a 100*(1-0)/1 = 100, b1 0.
    const Json pooled = incoming().nodeSelector("pool", "x").spread(1, kZone, false, app("web")).build();
    const QStringList poolNodes = {"a1 zone=a pool=x", "a2 zone=a", "b1 zone=b pool=x"};
    const QStringList poolPods = {"a2 app=web", "a2 app=web", "a2 app=web", "b1 app=web"};
    QTest::newRow("nodeAffinityPolicy Honor: pods on non-matching nodes are not counted")
        << poolNodes << poolPods << pooled << "a1=0/100 a2=0/100 b1=1/0";
    // Ignore: a=3 b=1: a round(3*1.3863) = round(4.159) = 4, b1 1. max 4 min 1: a 100*1/4 = 25, b1 100*4/4 = 100.
    QTest::newRow("nodeAffinityPolicy Ignore: they are")
        << poolNodes << poolPods << withField(pooled, 0, "nodeAffinityPolicy", "Ignore") << "a1=4/25 a2=4/25 b1=1/100";
    // a=0 (terminating, other namespace) b=1: a1 0, b1 round(1.386) = 1. max 1 min 0: a1 100, b1 0.
    QTest::newRow("terminating pods and other namespaces are not counted")
        << kTwoZones << QStringList{"a1 app=web +terminating", "a1 app=web +terminating", "a1 app=web +ns=other", "b1 app=web"}
        << zone1 << "a1=0/100 b1=1/0";
}

// Raw = round(sum of cnt*ln(size+2) + maxSkew-1), normalized 100*(max+min-s)/max, as computed by hand.
void TestPodTopologySpread::score()
{
    QFETCH(QStringList, nodes);
    QFETCH(QStringList, pods);
    QFETCH(api::Json, pod);
    QFETCH(QString, expected);
    test::SchedulerHarness h;
    addNodes(h, nodes);
    addPods(h, pods);
    QCOMPARE(scoreOutcomes(h, nodes, pod), expected);
}

// The system defaults (hostname maxSkew 3, zone maxSkew 5, soft) apply only to pods a
// Service/RC/RS/STS selects, with its selector, and then nodes without a zone still score.
void TestPodTopologySpread::systemDefaultsNeedASelectingController()
{
    FakeLister lister;
    test::SchedulerHarness h;
    h.snapshot().setLister(&lister);
    const QStringList nodes = {"a1 zone=a", "a2 zone=a", "b1 zone=b", "x1"};
    addNodes(h, nodes);
    addPods(h, {"a1 app=web", "a1 app=web", "b1 app=web", "x1 app=web"});

    // No Service selects the pod: skipped.
    QCOMPARE(scoreOutcomes(h, nodes, incoming().build()), QString("skipped"));

    lister.selector = *api::LabelSelector::fromJson(app("web"));
    // Hostname: size 4 nodes, w = ln(6) = 1.7918, +2; zone: values a, b and "" (x1), w = ln(5) = 1.6094, +4.
    // a1: 2*1.7918+2 + 2*1.6094+4 = 12.802 -> 13;  a2: 0+2 + 7.219 = 9.219 -> 9;
    // b1: 1.7918+2 + 1.6094+4 = 9.401 -> 9;        x1: 1.7918+2 (no zone term) = 3.792 -> 4.
    // max 13 min 4: a1 100*4/13 = 30, a2 and b1 100*8/13 = 61, x1 100*13/13 = 100.
    QCOMPARE(scoreOutcomes(h, nodes, incoming().build()), QString("a1=13/30 a2=9/61 b1=9/61 x1=4/100"));
    // The defaults are soft only: the filter still passes everywhere.
    QCOMPARE(filterOutcomes(h, nodes, incoming().build()), QString("a1:pass a2:pass b1:pass x1:pass"));
    // A pod with constraints of its own ignores the defaults.
    QCOMPARE(scoreOutcomes(h, nodes, incoming().spread(1, kZone, true, app("web")).build()), QString("skipped"));
}

QTEST_APPLESS_MAIN(TestPodTopologySpread)
#include "tst_pod_topology_spread.moc"
