#include "core/engine/event_loop.h"

#include <QTest>

#include <thread>
#include <vector>

using namespace k8slab::engine;
using namespace std::chrono_literals;

class TestEventLoop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void virtualTimeJumpsToTheNextTimer_data();
    void virtualTimeJumpsToTheNextTimer();
    void tasksDueTogetherRunInSchedulingOrder();
    void postedWorkRunsBeforeLaterTimers();
    void cancelledTimersNeverRun();
    void runUntilStopsAtTheTargetAndLeavesTheClockThere();
    void stepRunsExactlyOneTask();
    void runReadyNeverAdvancesVirtualTime();
    void tasksInheritTheCauseOfTheirScheduler();
    void postsFromOtherThreadsAllRunAndWakeTheDriver();
    void wallClockRunsOnlyTasksWhoseMomentHasCome();
};

void TestEventLoop::virtualTimeJumpsToTheNextTimer_data()
{
    QTest::addColumn<qint64>("delayMs");
    QTest::newRow("immediately") << qint64(0);
    QTest::newRow("one second") << qint64(1000);
    QTest::newRow("five minutes of CrashLoopBackOff") << qint64(5 * 60 * 1000);
    QTest::newRow("a day") << qint64(24 * 3600 * 1000);
}

void TestEventLoop::virtualTimeJumpsToTheNextTimer()
{
    QFETCH(qint64, delayMs);
    EventLoop loop;
    const TimePoint start = loop.now();
    TimePoint firedAt{};
    loop.schedule(std::chrono::milliseconds(delayMs), [&] { firedAt = loop.now(); });
    QCOMPARE(loop.runAll(), std::size_t(1));
    QCOMPARE(firedAt - start, Duration(std::chrono::milliseconds(delayMs)));
    QCOMPARE(loop.now(), firedAt);
}

void TestEventLoop::tasksDueTogetherRunInSchedulingOrder()
{
    EventLoop loop;
    std::vector<int> order;
    loop.schedule(2s, [&] { order.push_back(3); });
    loop.schedule(1s, [&] { order.push_back(1); });
    loop.schedule(1s, [&] { order.push_back(2); });
    loop.schedule(3s, [&] { order.push_back(4); });
    loop.runAll();
    QCOMPARE(order, (std::vector<int>{1, 2, 3, 4}));
}

void TestEventLoop::postedWorkRunsBeforeLaterTimers()
{
    EventLoop loop;
    std::vector<std::string> order;
    loop.schedule(1s, [&] {
        order.push_back("timer");
        loop.post([&] { order.push_back("posted by timer"); });
        loop.schedule(0s, [&] { order.push_back("zero-delay timer"); });
    });
    loop.schedule(2s, [&] { order.push_back("later timer"); });
    loop.post([&] { order.push_back("posted"); });
    loop.runAll();
    QCOMPARE(order, (std::vector<std::string>{"posted", "timer", "posted by timer", "zero-delay timer", "later timer"}));
}

void TestEventLoop::cancelledTimersNeverRun()
{
    EventLoop loop;
    bool ran = false;
    const TimerId id = loop.schedule(5s, [&] { ran = true; });
    QVERIFY(loop.cancel(id));
    QVERIFY(!loop.cancel(id));
    QCOMPARE(loop.runAll(), std::size_t(0));
    QVERIFY(!ran);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch); // nothing to jump to
}

void TestEventLoop::runUntilStopsAtTheTargetAndLeavesTheClockThere()
{
    EventLoop loop;
    int ran = 0;
    loop.schedule(1s, [&] { ++ran; });
    loop.schedule(10s, [&] { ++ran; });
    QCOMPARE(loop.advance(5s), std::size_t(1));
    QCOMPARE(ran, 1);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 5s);
    QCOMPARE(loop.advance(5s), std::size_t(1)); // the timer exactly at the target runs
    QCOMPARE(ran, 2);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 10s);
}

void TestEventLoop::stepRunsExactlyOneTask()
{
    EventLoop loop;
    int ran = 0;
    loop.post([&] { ++ran; });
    loop.post([&] { ++ran; });
    loop.schedule(1min, [&] { ++ran; });
    QVERIFY(loop.step());
    QCOMPARE(ran, 1);
    QVERIFY(loop.step());
    QCOMPARE(ran, 2);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch);
    QVERIFY(loop.step());
    QCOMPARE(ran, 3);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 1min);
    QVERIFY(!loop.step());
    QCOMPARE(loop.executedCount(), std::uint64_t(3));
}

void TestEventLoop::runReadyNeverAdvancesVirtualTime()
{
    EventLoop loop;
    int ran = 0;
    loop.post([&] { ++ran; loop.post([&] { ++ran; }); });
    loop.schedule(1ns, [&] { ++ran; });
    QCOMPARE(loop.runReady(), std::size_t(2));
    QCOMPARE(ran, 2);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch);
    QCOMPARE(loop.pendingCount(), std::size_t(1));
}

void TestEventLoop::tasksInheritTheCauseOfTheirScheduler()
{
    EventLoop loop;
    std::vector<TraceId> seen;
    loop.post([&] {
        loop.setCurrentCause(42);
        loop.schedule(1s, [&] { seen.push_back(loop.currentCause()); });
        {
            CauseScope scope(loop, 7);
            loop.post([&] { seen.push_back(loop.currentCause()); });
        }
        loop.post([&] { seen.push_back(loop.currentCause()); });
    });
    loop.post([&] { seen.push_back(loop.currentCause()); }); // posted outside any step: no cause
    loop.runAll();
    QCOMPARE(seen, (std::vector<TraceId>{0, 7, 42, 42}));
}

void TestEventLoop::postsFromOtherThreadsAllRunAndWakeTheDriver()
{
    EventLoop loop;
    std::atomic<int> wakeUps{0};
    loop.setWakeUp([&] { ++wakeUps; });
    int ran = 0;
    constexpr int kThreads = 4;
    constexpr int kPosts = 2000;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kPosts; ++i)
                loop.post([&] { ++ran; }); // runs on the loop thread only: no race on `ran`
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    loop.runAll();
    QCOMPARE(ran, kThreads * kPosts);
    QCOMPARE(wakeUps.load(), kThreads * kPosts);
}

void TestEventLoop::wallClockRunsOnlyTasksWhoseMomentHasCome()
{
    EventLoop loop(ClockMode::Wall);
    bool past = false;
    bool future = false;
    loop.scheduleAt(loop.now() - 1s, [&] { past = true; });
    loop.schedule(1h, [&] { future = true; });
    QCOMPARE(loop.runReady(), std::size_t(1));
    QVERIFY(past);
    QVERIFY(!loop.step()); // the next timer is an hour away
    QVERIFY(!future);
    QVERIFY(loop.nextDue().has_value());
}

QTEST_GUILESS_MAIN(TestEventLoop)
#include "tst_event_loop.moc"
