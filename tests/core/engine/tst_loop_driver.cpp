#include "core/engine/loop_driver.h"

#include <QSignalSpy>
#include <QTest>

#include <thread>

using namespace k8slab::engine;
using namespace std::chrono_literals;

class TestLoopDriver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void asFastAsPossibleRunsAnHourOfTimersAtOnce();
    void pausedDriverRunsNothingUntilStepped();
    void workPostedFromAnotherThreadWakesTheDriver();
    void pacedVirtualClockFollowsTheSpeedFactor();
    void aTaskThatPausesStopsTheClockRightThere();
};

void TestLoopDriver::asFastAsPossibleRunsAnHourOfTimersAtOnce()
{
    EventLoop loop;
    LoopDriver driver(loop);
    int fired = 0;
    for (int i = 1; i <= 60; ++i)
        loop.schedule(std::chrono::minutes(i), [&] { ++fired; });
    driver.setSpeed(LoopDriver::kAsFastAsPossible);
    driver.play();
    QTRY_COMPARE(fired, 60);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 1h);
}

void TestLoopDriver::pausedDriverRunsNothingUntilStepped()
{
    EventLoop loop;
    LoopDriver driver(loop);
    driver.setSpeed(LoopDriver::kAsFastAsPossible);
    QSignalSpy paused(&driver, &LoopDriver::pausedChanged);
    int fired = 0;
    loop.schedule(1s, [&] { ++fired; });
    loop.schedule(2s, [&] { ++fired; });
    QVERIFY(driver.isPaused());
    QTest::qWait(20);
    QCOMPARE(fired, 0);
    QVERIFY(driver.stepOnce());
    QCOMPARE(fired, 1);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 1s);
    driver.play();
    QCOMPARE(paused.count(), 1);
    QTRY_COMPARE(fired, 2);
    driver.pause();
    QVERIFY(!driver.stepOnce()); // nothing left
    QCOMPARE(paused.count(), 2);
}

void TestLoopDriver::workPostedFromAnotherThreadWakesTheDriver()
{
    EventLoop loop;
    LoopDriver driver(loop);
    driver.setSpeed(1.0);
    driver.play();
    bool ran = false;
    std::thread poster([&] { loop.post([&] { ran = true; }); });
    poster.join();
    QTRY_VERIFY(ran);
}

void TestLoopDriver::pacedVirtualClockFollowsTheSpeedFactor()
{
    // At 1000x, a 10-virtual-second timer fires after ~10 ms of wall time. The test only
    // checks that it fires and that virtual time moved at least that far: no timing bounds.
    EventLoop loop;
    LoopDriver driver(loop);
    driver.setSpeed(1000.0);
    bool fired = false;
    loop.schedule(10s, [&] { fired = true; });
    driver.play();
    QTRY_VERIFY(fired);
    QVERIFY(loop.now() >= kDefaultVirtualEpoch + 10s);
}

void TestLoopDriver::aTaskThatPausesStopsTheClockRightThere()
{
    // The lab-control API pauses from inside a task: nothing after it may run, and the
    // clock must not move on to the paced time afterwards.
    EventLoop loop;
    LoopDriver driver(loop);
    driver.setSpeed(LoopDriver::kAsFastAsPossible);
    bool later = false;
    loop.schedule(1s, [&] { driver.pause(); });
    loop.schedule(2s, [&] { later = true; });
    driver.play();
    QTRY_VERIFY(driver.isPaused());
    QTest::qWait(50);
    QVERIFY(!later);
    QCOMPARE(loop.now(), kDefaultVirtualEpoch + 1s);
}

QTEST_GUILESS_MAIN(TestLoopDriver)
#include "tst_loop_driver.moc"
