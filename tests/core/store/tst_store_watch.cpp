#include "core/store/mvcc_store.h"
#include "tests/support/test_support.h"

#include <QTest>

#include <atomic>

using namespace k8slab;
using namespace k8slab::store;
using k8slab::test::TempRecording;

namespace {

// Ten writes: create a, create b, update a, delete b, create c, update a, ... under pods/.
void writeHistory(MvccStore &store)
{
    QVERIFY(store.create("/registry/pods/d/a", "a1").ok());    // 1
    QVERIFY(store.create("/registry/pods/d/b", "b1").ok());    // 2
    QVERIFY(store.update("/registry/pods/d/a", "a2").ok());    // 3
    QVERIFY(store.remove("/registry/pods/d/b").ok());          // 4
    QVERIFY(store.create("/registry/services/d/s", "s1").ok()); // 5 (other prefix)
    QVERIFY(store.create("/registry/pods/d/c", "c1").ok());    // 6
    QVERIFY(store.update("/registry/pods/d/a", "a3").ok());    // 7
}

std::vector<Revision> revisionsOf(const std::vector<WatchEvent> &events)
{
    std::vector<Revision> out;
    for (const WatchEvent &e : events)
        out.push_back(e.kv.modRevision);
    return out;
}

} // namespace

class TestStoreWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void watchFromAnOldRevisionReplaysThenFollows_data();
    void watchFromAnOldRevisionReplaysThenFollows();
    void watchFromACompactedRevisionFails();
    void watchOfOneKeySeesOnlyThatKey();
    void deleteEventsCarryThePreviousValue();
    void watchersThatWriteStillSeeEveryEventInOrder();
    void aWatchCanCancelItselfFromItsCallback();
    void durableRevisionCatchesUpAndIsAnnounced();
};

void TestStoreWatch::watchFromAnOldRevisionReplaysThenFollows_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<QList<qint64>>("expected");
    // Live writes after the watch starts: revisions 8 (pods) and 9 (services) and 10 (pods).
    QTest::newRow("from the beginning") << qint64(1) << QList<qint64>{1, 2, 3, 4, 6, 7, 8, 10};
    QTest::newRow("from a delete") << qint64(4) << QList<qint64>{4, 6, 7, 8, 10};
    QTest::newRow("from a revision of another prefix") << qint64(5) << QList<qint64>{6, 7, 8, 10};
    QTest::newRow("from the current revision") << qint64(7) << QList<qint64>{7, 8, 10};
    QTest::newRow("from the next revision") << qint64(8) << QList<qint64>{8, 10};
    QTest::newRow("only new events") << qint64(0) << QList<qint64>{8, 10};
    QTest::newRow("from a future revision") << qint64(10) << QList<qint64>{10};
}

void TestStoreWatch::watchFromAnOldRevisionReplaysThenFollows()
{
    QFETCH(qint64, start);
    QFETCH(QList<qint64>, expected);
    TempRecording rec;
    MvccStore &store = rec.open().store();
    writeHistory(store);
    std::vector<WatchEvent> events;
    auto id = store.watch("/registry/pods/", start, [&](const WatchEvent &e) { events.push_back(e); });
    QVERIFY2(id.ok(), id.status().toString().c_str());
    QVERIFY(store.update("/registry/pods/d/c", "c2").ok());     // 8
    QVERIFY(store.create("/registry/services/d/t", "t1").ok()); // 9
    QVERIFY(store.create("/registry/pods/d/e", "e1").ok());     // 10
    std::vector<Revision> want(expected.begin(), expected.end());
    QCOMPARE(revisionsOf(events), want);
    // Replayed and live events carry the same facts.
    for (const WatchEvent &e : events) {
        QVERIFY(e.kv.key.starts_with("/registry/pods/"));
        if (e.kv.modRevision == 3) {
            QCOMPARE(e.kv.value, std::string("a2"));
            QCOMPARE(e.prevKv->value, std::string("a1"));
            QCOMPARE(e.kv.version, std::int64_t(2));
        }
    }
}

void TestStoreWatch::watchFromACompactedRevisionFails()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    writeHistory(store);
    QVERIFY(store.compact(4).ok());
    auto old = store.watch("/registry/pods/", 3, [](const WatchEvent &) { QFAIL("no event for a failed watch"); });
    QCOMPARE(old.status().code(), StatusCode::Expired);
    QCOMPARE(old.status().reason(), std::string_view("Expired"));
    QVERIFY(old.status().message().find("compacted") != std::string::npos);
    QCOMPARE(store.watch("/registry/pods/", 4, [](const WatchEvent &) {}).status().code(), StatusCode::Expired);
    std::vector<WatchEvent> events;
    QVERIFY(store.watch("/registry/pods/", 5, [&](const WatchEvent &e) { events.push_back(e); }).ok());
    QCOMPARE(revisionsOf(events), (std::vector<Revision>{6, 7}));
}

void TestStoreWatch::watchOfOneKeySeesOnlyThatKey()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    writeHistory(store);
    std::vector<WatchEvent> events;
    QVERIFY(store.watch("/registry/pods/d/a", 2, [&](const WatchEvent &e) { events.push_back(e); }).ok());
    QVERIFY(store.update("/registry/pods/d/a", "a4").ok());
    QVERIFY(store.update("/registry/pods/d/c", "c2").ok());
    QCOMPARE(revisionsOf(events), (std::vector<Revision>{3, 7, 8}));
}

void TestStoreWatch::deleteEventsCarryThePreviousValue()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    writeHistory(store);
    std::vector<WatchEvent> replayed, live;
    QVERIFY(store.watch("/registry/pods/", 1, [&](const WatchEvent &e) { replayed.push_back(e); }).ok());
    QVERIFY(store.watch("/registry/pods/", 0, [&](const WatchEvent &e) { live.push_back(e); }).ok());
    QVERIFY(store.remove("/registry/pods/d/a").ok()); // 8
    for (const auto *events : {&replayed, &live}) {
        auto del = std::find_if(events->begin(), events->end(), [](const WatchEvent &e) {
            return e.type == EventType::Delete && e.kv.key == "/registry/pods/d/a";
        });
        QVERIFY(del != events->end());
        QCOMPARE(del->kv.modRevision, Revision(8));
        QVERIFY(del->prevKv.has_value());
        QCOMPARE(del->prevKv->value, std::string("a3"));
        QCOMPARE(del->prevKv->modRevision, Revision(7));
    }
    auto delB = std::find_if(replayed.begin(), replayed.end(), [](const WatchEvent &e) {
        return e.type == EventType::Delete && e.kv.key == "/registry/pods/d/b";
    });
    QCOMPARE(delB->prevKv->value, std::string("b1"));
}

void TestStoreWatch::watchersThatWriteStillSeeEveryEventInOrder()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    std::vector<Revision> first, second;
    // The first watcher reacts to each pod by writing an event object, like a kubelet.
    QVERIFY(store.watch("/registry/", 0, [&](const WatchEvent &e) {
        first.push_back(e.kv.modRevision);
        if (e.kv.key.starts_with("/registry/pods/") && e.type == EventType::Put)
            QVERIFY(store.create("/registry/events/d/" + e.kv.key.substr(17), "event").ok());
    }).ok());
    QVERIFY(store.watch("/registry/", 0, [&](const WatchEvent &e) { second.push_back(e.kv.modRevision); }).ok());
    QVERIFY(store.create("/registry/pods/d/a", "a").ok());
    QVERIFY(store.create("/registry/pods/d/b", "b").ok());
    const std::vector<Revision> all{1, 2, 3, 4};
    QCOMPARE(first, all);
    QCOMPARE(second, all);
}

void TestStoreWatch::aWatchCanCancelItselfFromItsCallback()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    int seen = 0;
    WatchId id = 0;
    id = *store.watch("/registry/pods/", 0, [&](const WatchEvent &) {
        ++seen;
        store.cancelWatch(id);
    });
    QVERIFY(store.create("/registry/pods/d/a", "a").ok());
    QVERIFY(store.create("/registry/pods/d/b", "b").ok());
    QCOMPARE(seen, 1);
}

void TestStoreWatch::durableRevisionCatchesUpAndIsAnnounced()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    std::atomic<Revision> announced{0};
    store.setDurableListener([&](Revision r) { announced = r; });
    for (int i = 0; i < 500; ++i)
        QVERIFY(store.create("/registry/pods/d/p" + std::to_string(i), "x").ok());
    QVERIFY(store.sync().ok());
    QCOMPARE(store.durableRevision(), Revision(500));
    QTRY_COMPARE(announced.load(), Revision(500));
}

QTEST_GUILESS_MAIN(TestStoreWatch)
#include "tst_store_watch.moc"
