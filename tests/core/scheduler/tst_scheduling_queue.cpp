// The scheduling queue: activeQ order, scheduling gates, backoff (1 s doubling to
// 10 s), unschedulable pods moved by the events their rejecting plugins registered
// for, the five-minute flush, and the nominator.
#include "core/engine/event_loop.h"
#include "core/scheduler/queue/scheduling_queue.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using namespace std::chrono_literals;
using test::PodBuilder;

namespace {

struct Fixture {
    engine::EventLoop loop;
    test::SchedulerHarness harness;
    SchedulingQueue queue{loop, [this](const PodInfo &) { return &harness.framework(); }, 1s, 10s};
};

} // namespace

class TestSchedulingQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void activeOrder();
    void gatedUntilGatesGo();
    void backoffDoubles_data();
    void backoffDoubles();
    void backoffTimerReturnsPods();
    void eventsMoveOnlyInterestedPods();
    void unschedulableFlushAfterFiveMinutes();
    void errorsGoToBackoff();
    void nominator();
};

// Higher priority first, then the earlier queued.
void TestSchedulingQueue::activeOrder()
{
    Fixture f;
    f.queue.add(PodBuilder("low").priority(1).info());
    f.loop.advance(1s);
    f.queue.add(PodBuilder("high").priority(100).info());
    f.queue.add(PodBuilder("low-later").priority(1).info());
    QCOMPARE(f.queue.pop()->pod->name, std::string("high"));
    QCOMPARE(f.queue.pop()->pod->name, std::string("low"));
    QCOMPARE(f.queue.pop()->pod->name, std::string("low-later"));
    QVERIFY(!f.queue.pop());
}

// A gated pod waits outside activeQ until an update removes its gates.
void TestSchedulingQueue::gatedUntilGatesGo()
{
    Fixture f;
    f.queue.add(PodBuilder("held").gate("wait").info());
    QCOMPARE(f.queue.where("uid-default-held"), QueueName::Gated);
    QVERIFY(!f.queue.pop());
    f.queue.update(PodBuilder("held").info(), true);
    QCOMPARE(f.queue.where("uid-default-held"), QueueName::Active);
    QCOMPARE(f.queue.pop()->pod->name, std::string("held"));
}

void TestSchedulingQueue::backoffDoubles_data()
{
    QTest::addColumn<int>("attempts");
    QTest::addColumn<int>("seconds");
    QTest::newRow("1st") << 1 << 1;
    QTest::newRow("2nd") << 2 << 2;
    QTest::newRow("3rd") << 3 << 4;
    QTest::newRow("4th") << 4 << 8;
    QTest::newRow("5th is capped") << 5 << 10;
    QTest::newRow("10th") << 10 << 10;
}

// initial x 2^(attempts-1), capped at the maximum.
void TestSchedulingQueue::backoffDoubles()
{
    QFETCH(int, attempts);
    QFETCH(int, seconds);
    Fixture f;
    QueuedPod p;
    p.pod = PodBuilder("p").info();
    p.attempts = attempts;
    p.timestampNs = 0;
    QCOMPARE(f.queue.backoffExpiryNs(p), std::int64_t{seconds} * 1'000'000'000);
}

// A pod in backoffQ returns to activeQ when its backoff ends.
void TestSchedulingQueue::backoffTimerReturnsPods()
{
    Fixture f;
    int wakes = 0;
    f.queue.setNotify([&] { ++wakes; });
    f.queue.add(PodBuilder("p").info());
    QueuedPod p = *f.queue.pop();
    f.queue.addBackoff(p);
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Backoff);
    f.loop.advance(999ms);
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Backoff);
    f.loop.advance(1ms);
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Active);
    QCOMPARE(wakes, 2);
}

// NodeResourcesFit registered for pod deletions; TaintToleration did not.
void TestSchedulingQueue::eventsMoveOnlyInterestedPods()
{
    Fixture f;
    f.queue.add(PodBuilder("needs-cpu").info());
    f.queue.add(PodBuilder("needs-toleration").info());
    QueuedPod a = *f.queue.pop();
    QueuedPod b = *f.queue.pop();
    f.queue.addUnschedulable(a, {"NodeResourcesFit"});
    f.queue.addUnschedulable(b, {"TaintToleration"});
    f.loop.advance(20s); // past any backoff
    f.queue.moveOnEvent(ClusterEvent::PodDelete, "AssignedPodDelete");
    QCOMPARE(f.queue.where(a.pod->uid), QueueName::Active);
    QCOMPARE(f.queue.where(b.pod->uid), QueueName::Unschedulable);
    f.queue.moveOnEvent(ClusterEvent::NodeTaint, "NodeTaintChange");
    QCOMPARE(f.queue.where(b.pod->uid), QueueName::Active);
}

// An unschedulable pod is retried after five minutes even without an event.
void TestSchedulingQueue::unschedulableFlushAfterFiveMinutes()
{
    Fixture f;
    f.queue.add(PodBuilder("p").info());
    QueuedPod p = *f.queue.pop();
    f.queue.addUnschedulable(p, {"NodeResourcesFit"});
    f.loop.advance(4min + 59s);
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Unschedulable);
    f.loop.advance(1s);
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Active);
}

// A failure no plugin explains (an error, no nodes) goes to backoffQ.
void TestSchedulingQueue::errorsGoToBackoff()
{
    Fixture f;
    f.queue.add(PodBuilder("p").info());
    QueuedPod p = *f.queue.pop();
    f.queue.addUnschedulable(p, {});
    QCOMPARE(f.queue.where(p.pod->uid), QueueName::Backoff);
}

// Nominations are kept per node and cleared.
void TestSchedulingQueue::nominator()
{
    Fixture f;
    auto pod = PodBuilder("p").info();
    f.queue.nominate(pod, "n1");
    QCOMPARE(f.queue.nominatedPods("n1").size(), std::size_t{1});
    f.queue.nominate(pod, "n2");
    QVERIFY(f.queue.nominatedPods("n1").empty());
    QCOMPARE(f.queue.nominatedPods("n2").size(), std::size_t{1});
    f.queue.clearNomination(pod->uid);
    QVERIFY(f.queue.nominatedPods("n2").empty());
}

QTEST_APPLESS_MAIN(TestSchedulingQueue)
#include "tst_scheduling_queue.moc"
