#include "core/engine/trace_bus.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::engine;
using namespace std::chrono_literals;

class TestTraceBus : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishStampsIdTimeAndRevision();
    void stepsInOneTaskChainAndScheduledWorkInheritsTheCause();
    void causeScopePinsTheCauseForSiblings();
    void rootEventsHaveNoCause();
    void subscribersMayUnsubscribeWhileBeingCalled();
    void parametersAndObjectAreKept();
};

void TestTraceBus::publishStampsIdTimeAndRevision()
{
    EventLoop loop;
    TraceBus bus(loop);
    std::int64_t revision = 17;
    bus.setRevisionSource([&] { return revision; });
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    loop.schedule(3s, [&] { bus.publish("scheduler", proto::TRACE_KIND_DECISION, "scheduler.bound"); });
    loop.runAll();
    QCOMPARE(seen.size(), std::size_t(1));
    QCOMPARE(seen[0].id(), std::uint64_t(1));
    QCOMPARE(seen[0].time_ns(), toNanos(kDefaultVirtualEpoch + 3s));
    QCOMPARE(seen[0].revision(), std::int64_t(17));
    QCOMPARE(seen[0].component(), std::string("scheduler"));
    QCOMPARE(seen[0].code(), std::string("scheduler.bound"));
}

void TestTraceBus::stepsInOneTaskChainAndScheduledWorkInheritsTheCause()
{
    EventLoop loop;
    TraceBus bus(loop);
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    loop.post([&] {
        const TraceId request = bus.publish("apiserver", proto::TRACE_KIND_REQUEST, "apiserver.create");
        Q_UNUSED(request);
        bus.publish("store", proto::TRACE_KIND_STORE_WRITE, "store.create");
        loop.schedule(1s, [&] { bus.publish("scheduler", proto::TRACE_KIND_DECISION, "scheduler.bound"); });
    });
    loop.runAll();
    QCOMPARE(seen.size(), std::size_t(3));
    QCOMPARE(seen[0].cause_id(), std::uint64_t(0));
    QCOMPARE(seen[1].cause_id(), seen[0].id());
    QCOMPARE(seen[2].cause_id(), seen[1].id());
}

void TestTraceBus::causeScopePinsTheCauseForSiblings()
{
    EventLoop loop;
    TraceBus bus(loop);
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    loop.post([&] {
        const TraceId reconcile = bus.publish("controller/replicaset", proto::TRACE_KIND_RECONCILE, "rs.reconcile");
        for (int i = 0; i < 3; ++i) {
            CauseScope scope(loop, reconcile);
            bus.publish("controller/replicaset", proto::TRACE_KIND_ACTION, "rs.createPod");
        }
    });
    loop.runAll();
    QCOMPARE(seen.size(), std::size_t(4));
    for (int i = 1; i < 4; ++i)
        QCOMPARE(seen[i].cause_id(), seen[0].id());
}

void TestTraceBus::rootEventsHaveNoCause()
{
    EventLoop loop;
    TraceBus bus(loop);
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    loop.post([&] {
        bus.publish("lab", proto::TRACE_KIND_NOTE, "a");
        proto::TraceEvent root;
        root.set_code("kubectl.apply");
        bus.publishRoot(root);
    });
    loop.runAll();
    QCOMPARE(seen[1].cause_id(), std::uint64_t(0));
}

void TestTraceBus::subscribersMayUnsubscribeWhileBeingCalled()
{
    EventLoop loop;
    TraceBus bus(loop);
    int first = 0, second = 0;
    SubscriptionId id = 0;
    id = bus.subscribe([&](const proto::TraceEvent &) {
        ++first;
        bus.unsubscribe(id);
    });
    bus.subscribe([&](const proto::TraceEvent &) { ++second; });
    loop.post([&] {
        bus.publish("lab", proto::TRACE_KIND_NOTE, "one");
        bus.publish("lab", proto::TRACE_KIND_NOTE, "two");
    });
    loop.runAll();
    QCOMPARE(first, 1);
    QCOMPARE(second, 2);
}

void TestTraceBus::parametersAndObjectAreKept()
{
    EventLoop loop;
    TraceBus bus(loop);
    proto::TraceEvent last;
    bus.subscribe([&](const proto::TraceEvent &e) { last = e; });
    loop.post([&] {
        bus.publish("kubelet/worker-1", proto::TRACE_KIND_ACTION, "kubelet.pullImage",
                    ObjectRef{"Pod", "default", "web-1", "u-1"}, {{"image", "nginx:1.27"}});
    });
    loop.runAll();
    QCOMPARE(last.object().kind(), std::string("Pod"));
    QCOMPARE(last.object().namespace_(), std::string("default"));
    QCOMPARE(last.object().name(), std::string("web-1"));
    QCOMPARE(last.params().at("image"), std::string("nginx:1.27"));
}

QTEST_GUILESS_MAIN(TestTraceBus)
#include "tst_trace_bus.moc"
