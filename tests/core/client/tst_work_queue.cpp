#include "core/client/work_queue.h"
#include "core/engine/trace_bus.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;

class TestWorkQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aKeyWaitsOnceHoweverOftenAdded();
    void aKeyAddedWhileProcessingComesBack();
    void failuresBackOffExponentially_data();
    void failuresBackOffExponentially();
    void theBucketLimitsBursts();
    void eachKeyIsItsOwnStep();
    void aCoalescedKeyRemembersEveryCause();
};

void TestWorkQueue::aKeyWaitsOnceHoweverOftenAdded()
{
    engine::EventLoop loop;
    std::vector<std::string> done;
    client::WorkQueue q(loop, "test", [&](const std::string &k) { done.push_back(k); });
    q.add("default/a");
    q.add("default/b");
    q.add("default/a");
    QCOMPARE(q.length(), std::size_t(2));
    loop.runAll();
    QCOMPARE(done, (std::vector<std::string>{"default/a", "default/b"}));
}

void TestWorkQueue::aKeyAddedWhileProcessingComesBack()
{
    engine::EventLoop loop;
    int runs = 0;
    client::WorkQueue *queue = nullptr;
    client::WorkQueue q(loop, "test", [&](const std::string &k) {
        if (++runs == 1)
            queue->add(k); // the object changed while we reconciled it
    });
    queue = &q;
    q.add("a");
    loop.runAll();
    QCOMPARE(runs, 2);
}

void TestWorkQueue::failuresBackOffExponentially_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("delayMs");
    QTest::newRow("first retry after 5 ms") << 0 << qint64(5);
    QTest::newRow("then 10 ms") << 1 << qint64(10);
    QTest::newRow("then 20 ms") << 2 << qint64(20);
    QTest::newRow("the tenth after 2.56 s") << 9 << qint64(2560);
    QTest::newRow("capped at 1000 s") << 30 << qint64(1000000);
}

void TestWorkQueue::failuresBackOffExponentially()
{
    QFETCH(int, failures);
    QFETCH(qint64, delayMs);
    engine::EventLoop loop;
    client::WorkQueue q(loop, "test", [](const std::string &) {});
    for (int i = 0; i < failures; ++i) {
        (void)q.nextDelay("a");
        loop.advance(1s); // keep the bucket full so only the exponential part counts
    }
    QCOMPARE(q.numRequeues("a"), failures);
    QCOMPARE(std::chrono::duration_cast<std::chrono::milliseconds>(q.nextDelay("a")).count(), delayMs);
    q.forget("a");
    QCOMPARE(q.numRequeues("a"), 0);
}

void TestWorkQueue::theBucketLimitsBursts()
{
    engine::EventLoop loop;
    client::WorkQueue q(loop, "test", [](const std::string &) {});
    for (int i = 0; i < 100; ++i)
        (void)q.nextDelay("key-" + std::to_string(i)); // the burst of 100 is free
    // The 101st new key waits for a token: 1/10 s.
    QCOMPARE(std::chrono::duration_cast<std::chrono::milliseconds>(q.nextDelay("key-100")).count(), 100);
}

void TestWorkQueue::eachKeyIsItsOwnStep()
{
    engine::EventLoop loop;
    int processed = 0;
    client::WorkQueue q(loop, "test", [&](const std::string &) { ++processed; });
    q.add("a");
    q.add("b");
    q.addAfter("c", 5s);
    QVERIFY(loop.step());
    QCOMPARE(processed, 1);
    QVERIFY(loop.step());
    QCOMPARE(processed, 2);
    QCOMPARE(loop.runAll(), std::size_t(2)); // the timer, then c
    QCOMPARE(processed, 3);
    QCOMPARE(loop.now(), engine::kDefaultVirtualEpoch + 5s);
}

void TestWorkQueue::aCoalescedKeyRemembersEveryCause()
{
    engine::EventLoop loop;
    engine::TraceBus bus(loop);
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    client::WorkQueue q(loop, "test", [&](const std::string &) { bus.publish("controller", proto::TRACE_KIND_RECONCILE, "x"); });
    // Three changes add the same key before it is processed; one reconcile answers them.
    for (engine::TraceId cause : {5, 7, 5, 9}) {
        engine::CauseScope scope(loop, cause);
        q.add("default/a");
    }
    loop.runAll();
    QCOMPARE(seen.size(), std::size_t(1));
    QCOMPARE(seen[0].cause_id(), engine::TraceId(5));
    QCOMPARE(std::vector<engine::TraceId>(seen[0].also_caused_by().begin(), seen[0].also_caused_by().end()),
             (std::vector<engine::TraceId>{7, 9}));
    // The next processing starts afresh.
    {
        engine::CauseScope scope(loop, 11);
        q.add("default/a");
    }
    loop.runAll();
    QCOMPARE(seen.back().cause_id(), engine::TraceId(11));
    QCOMPARE(seen.back().also_caused_by_size(), 0);
}

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_work_queue.moc"
