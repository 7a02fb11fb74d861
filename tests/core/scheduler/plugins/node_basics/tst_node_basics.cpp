// The small plugins: SchedulingGates, PrioritySort, NodeUnschedulable, NodeName and
// NodePorts — their checks and upstream's exact reason strings.
#include "core/scheduler/plugins/node_name/node_name.h"
#include "core/scheduler/plugins/node_ports/node_ports.h"
#include "core/scheduler/plugins/node_unschedulable/node_unschedulable.h"
#include "core/scheduler/plugins/priority_sort/priority_sort.h"
#include "core/scheduler/plugins/scheduling_gates/scheduling_gates.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using test::NodeBuilder;
using test::PodBuilder;

Q_DECLARE_METATYPE(api::Json)

class TestNodeBasics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schedulingGates();
    void prioritySort();
    void filters_data();
    void filters();
};

// A gated pod is held with upstream's "%v" rendering of the gate names.
void TestNodeBasics::schedulingGates()
{
    plugins::SchedulingGates gates;
    QVERIFY(gates.preEnqueue(*PodBuilder("free").info()).ok());
    const PluginStatus held = gates.preEnqueue(*PodBuilder("held").gate("example.com/a").gate("b").info());
    QCOMPARE(held.code(), Code::UnschedulableAndUnresolvable);
    QCOMPARE(held.message(), std::string("waiting for scheduling gates: [example.com/a b]"));
}

// Higher priority first; equal priority: the pod queued earlier.
void TestNodeBasics::prioritySort()
{
    plugins::PrioritySort sort;
    auto high = PodBuilder("high").priority(100).info();
    auto low = PodBuilder("low").priority(1).info();
    auto low2 = PodBuilder("low2").priority(1).info();
    QVERIFY(sort.less({high.get(), 50}, {low.get(), 10}));
    QVERIFY(!sort.less({low.get(), 10}, {high.get(), 50}));
    QVERIFY(sort.less({low.get(), 10}, {low2.get(), 20}));
    QVERIFY(!sort.less({low2.get(), 20}, {low.get(), 10}));
}

void TestNodeBasics::filters_data()
{
    QTest::addColumn<api::Json>("node");
    QTest::addColumn<api::Json>("existing"); // a pod already on the node, or null
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    const int ok = static_cast<int>(Code::Success);
    const int unsched = static_cast<int>(Code::Unschedulable);
    const int unresolvable = static_cast<int>(Code::UnschedulableAndUnresolvable);
    const api::Json none;

    QTest::newRow("cordoned node refuses a pod") << NodeBuilder("n").unschedulable().build() << none
                                                 << PodBuilder("p").build() << unresolvable << "node(s) were unschedulable";
    QTest::newRow("cordoned node takes a pod tolerating the unschedulable taint")
        << NodeBuilder("n").unschedulable().build() << none
        << PodBuilder("p").toleration("node.kubernetes.io/unschedulable", "Exists", "", "NoSchedule").build() << ok << "";
    QTest::newRow("nodeName elsewhere") << NodeBuilder("n").build() << none << PodBuilder("p").nodeName("other").build()
                                        << unresolvable << "node(s) didn't match the requested node name";
    QTest::newRow("nodeName here") << NodeBuilder("n").build() << none << PodBuilder("p").nodeName("n").build() << ok << "";
    const api::Json busy = PodBuilder("web").nodeName("n").hostPort(8080).build();
    QTest::newRow("host port taken") << NodeBuilder("n").build() << busy << PodBuilder("p").hostPort(8080).build()
                                     << unsched << "node(s) didn't have free ports for the requested pod ports";
    QTest::newRow("same port, other protocol") << NodeBuilder("n").build() << busy
                                               << PodBuilder("p").hostPort(8080, "UDP").build() << ok << "";
    QTest::newRow("0.0.0.0 conflicts with a specific IP")
        << NodeBuilder("n").build() << PodBuilder("web").nodeName("n").hostPort(8080, "TCP", "10.0.0.1").build()
        << PodBuilder("p").hostPort(8080).build() << unsched << "node(s) didn't have free ports for the requested pod ports";
    QTest::newRow("two specific IPs share a port")
        << NodeBuilder("n").build() << PodBuilder("web").nodeName("n").hostPort(8080, "TCP", "10.0.0.1").build()
        << PodBuilder("p").hostPort(8080, "TCP", "10.0.0.2").build() << ok << "";
}

// Each plugin's verdict through the default profile's filter chain.
void TestNodeBasics::filters()
{
    QFETCH(api::Json, node);
    QFETCH(api::Json, existing);
    QFETCH(api::Json, pod);
    QFETCH(int, code);
    QFETCH(QString, reason);
    test::SchedulerHarness h;
    h.addNode(node);
    if (!existing.is_null())
        h.addPod(existing);
    const auto results = h.filter(pod);
    QCOMPARE(results.size(), std::size_t{1});
    QCOMPARE(static_cast<int>(results[0].second.code()), code);
    QCOMPARE(QString::fromStdString(results[0].second.message()), reason);
}

QTEST_APPLESS_MAIN(TestNodeBasics)
#include "tst_node_basics.moc"
