#include "core/store/mvcc_store.h"
#include "tests/support/test_support.h"

#include <QTest>

#include <map>

using namespace k8slab;
using namespace k8slab::store;
using k8slab::test::TempRecording;

class TestMvccStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void revisionsStrictlyIncrease();
    void compareAndSwap_data();
    void compareAndSwap();
    void writesWithBadKeysChangeNothing_data();
    void writesWithBadKeysChangeNothing();
    void readsAtEveryPastRevisionMatchTheHistory();
    void rangeIsLimitedToItsPrefixAndPaginates();
    void restartKeepsRevisionAndData();
    void compactionDropsHistoryButKeepsTheState();
    void revisionSurvivesCompactedTombstonesAndRestart();
    void readOnlyRecordingRefusesWrites();
    void futureRevisionsAreNotReadable();
};

void TestMvccStore::revisionsStrictlyIncrease()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    QCOMPARE(store.revision(), Revision(0));
    Revision last = 0;
    auto expectNext = [&](const Result<KeyValue> &r, Revision expected) {
        QVERIFY2(r.ok(), r.status().toString().c_str());
        QCOMPARE(store.revision(), expected);
        QVERIFY(store.revision() > last);
        last = store.revision();
    };
    expectNext(store.create("/registry/pods/default/a", "1"), 1);
    expectNext(store.create("/registry/pods/default/b", "1"), 2);
    auto updated = store.update("/registry/pods/default/a", "2");
    expectNext(updated, 3);
    QCOMPARE(updated->createRevision, Revision(1));
    QCOMPARE(updated->modRevision, Revision(3));
    QCOMPARE(updated->version, std::int64_t(2));
    expectNext(store.remove("/registry/pods/default/b"), 4);
    expectNext(store.create("/registry/pods/default/b", "again"), 5);
    QCOMPARE(store.get("/registry/pods/default/b")->createRevision, Revision(5));
    QCOMPARE(store.get("/registry/pods/default/b")->version, std::int64_t(1));
    // A failed write takes no revision.
    QVERIFY(!store.create("/registry/pods/default/a", "dup").ok());
    QCOMPARE(store.revision(), Revision(5));
}

void TestMvccStore::compareAndSwap_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<qint64>("expected"); // mod revision the writer believes current
    QTest::addColumn<int>("code");
    // The key is created at revision 1 and updated at revision 2.
    QTest::newRow("update with the current revision") << "update" << qint64(2) << int(StatusCode::Ok);
    QTest::newRow("update with a stale revision") << "update" << qint64(1) << int(StatusCode::Conflict);
    QTest::newRow("update with a future revision") << "update" << qint64(9) << int(StatusCode::Conflict);
    QTest::newRow("unconditional update") << "update" << qint64(0) << int(StatusCode::Ok);
    QTest::newRow("delete with the current revision") << "delete" << qint64(2) << int(StatusCode::Ok);
    QTest::newRow("delete with a stale revision") << "delete" << qint64(1) << int(StatusCode::Conflict);
    QTest::newRow("create over an existing key") << "create" << qint64(0) << int(StatusCode::AlreadyExists);
    QTest::newRow("update a missing key") << "update-missing" << qint64(0) << int(StatusCode::NotFound);
    QTest::newRow("delete a missing key") << "delete-missing" << qint64(0) << int(StatusCode::NotFound);
}

void TestMvccStore::compareAndSwap()
{
    QFETCH(QString, op);
    QFETCH(qint64, expected);
    QFETCH(int, code);
    TempRecording rec;
    MvccStore &store = rec.open().store();
    const std::string key = "/registry/configmaps/default/cm";
    QVERIFY(store.create(key, "v1").ok());
    QVERIFY(store.update(key, "v2").ok());
    Status status;
    if (op == "update")
        status = store.update(key, "v3", expected).status();
    else if (op == "delete")
        status = store.remove(key, expected).status();
    else if (op == "create")
        status = store.create(key, "v3").status();
    else if (op == "update-missing")
        status = store.update("/registry/configmaps/default/none", "x").status();
    else
        status = store.remove("/registry/configmaps/default/none").status();
    QCOMPARE(int(status.code()), code);
    if (!status.ok()) {
        // A refused write changes nothing.
        QCOMPARE(store.revision(), Revision(2));
        QCOMPARE(store.get(key)->value, std::string("v2"));
        QVERIFY(!status.message().empty());
    }
}

void TestMvccStore::writesWithBadKeysChangeNothing_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("outside the keyspace") << "/etc/shadow";
    QTest::newRow("escape") << "/registry/../x";
    QTest::newRow("empty") << "";
}

void TestMvccStore::writesWithBadKeysChangeNothing()
{
    QFETCH(QString, key);
    TempRecording rec;
    MvccStore &store = rec.open().store();
    const auto created = store.create(key.toStdString(), "x");
    QVERIFY(!created.ok());
    QCOMPARE(created.status().code(), StatusCode::Invalid);
    QCOMPARE(created.status().causes().at(0).field, std::string("key"));
    QCOMPARE(store.update(key.toStdString(), "x").status().code(), StatusCode::Invalid);
    QCOMPARE(store.remove(key.toStdString()).status().code(), StatusCode::Invalid);
    QCOMPARE(store.get(key.toStdString()).status().code(), StatusCode::Invalid);
    QCOMPARE(store.revision(), Revision(0));
    QCOMPARE(store.size(), std::size_t(0));
}

void TestMvccStore::readsAtEveryPastRevisionMatchTheHistory()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    // A model of the state after each revision, built alongside the writes.
    std::vector<std::map<std::string, std::string>> model(1);
    std::map<std::string, std::string> state;
    for (int i = 0; i < 120; ++i) {
        const std::string key = "/registry/pods/ns" + std::to_string(i % 3) + "/p" + std::to_string(i % 7);
        const std::string value = "v" + std::to_string(i);
        if (!state.contains(key)) {
            QVERIFY(store.create(key, value).ok());
            state[key] = value;
        } else if (i % 5 == 0) {
            QVERIFY(store.remove(key).ok());
            state.erase(key);
        } else {
            QVERIFY(store.update(key, value).ok());
            state[key] = value;
        }
        model.push_back(state);
    }
    QCOMPARE(store.revision(), Revision(model.size() - 1));
    for (Revision rev = 1; rev <= store.revision(); ++rev) {
        RangeOptions options;
        options.revision = rev;
        auto range = store.range("/registry/pods/", options);
        QVERIFY2(range.ok(), range.status().toString().c_str());
        std::map<std::string, std::string> seen;
        for (const KeyValue &kv : range->kvs)
            seen[kv.key] = kv.value;
        QCOMPARE(seen, model[rev]);
        for (const auto &[key, value] : model[rev]) {
            auto got = store.get(key, rev);
            QVERIFY(got.ok());
            QCOMPARE(got->value, value);
            QVERIFY(got->modRevision <= rev);
        }
    }
}

void TestMvccStore::rangeIsLimitedToItsPrefixAndPaginates()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    for (int i = 0; i < 25; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "p%02d", i);
        QVERIFY(store.create(std::string("/registry/pods/default/") + name, "x").ok());
    }
    QVERIFY(store.create("/registry/podsecurity/default/x", "other resource").ok());
    QVERIFY(store.create("/registry/pods0", "just past the prefix").ok());
    auto all = store.range("/registry/pods/");
    QCOMPARE(all->kvs.size(), std::size_t(25));

    for (Revision at : {Revision(0), Revision(20)}) {
        std::vector<std::string> pages;
        RangeOptions options;
        options.limit = 10;
        options.revision = at;
        for (;;) {
            auto page = store.range("/registry/pods/", options);
            QVERIFY(page.ok());
            for (const KeyValue &kv : page->kvs)
                pages.push_back(kv.key);
            if (!page->more)
                break;
            options.startKey = page->kvs.back().key + '\0';
        }
        QCOMPARE(pages.size(), std::size_t(at == 0 ? 25 : 20));
        QVERIFY(std::is_sorted(pages.begin(), pages.end()));
    }
}

void TestMvccStore::restartKeepsRevisionAndData()
{
    TempRecording rec;
    {
        MvccStore &store = rec.open().store();
        QVERIFY(store.create("/registry/nodes/n1", "node one").ok());
        QVERIFY(store.create("/registry/nodes/n2", "node two").ok());
        QVERIFY(store.update("/registry/nodes/n1", "node one, updated").ok());
        QVERIFY(store.remove("/registry/nodes/n2").ok());
        rec.close();
    }
    MvccStore &store = rec.open().store();
    QCOMPARE(store.revision(), Revision(4));
    QCOMPARE(store.durableRevision(), Revision(4));
    auto n1 = store.get("/registry/nodes/n1");
    QVERIFY(n1.ok());
    QCOMPARE(n1->value, std::string("node one, updated"));
    QCOMPARE(n1->createRevision, Revision(1));
    QCOMPARE(n1->version, std::int64_t(2));
    QCOMPARE(store.get("/registry/nodes/n2").status().code(), StatusCode::NotFound);
    QCOMPARE(store.get("/registry/nodes/n2", 2)->value, std::string("node two"));
    auto next = store.create("/registry/nodes/n3", "three");
    QCOMPARE(next->modRevision, Revision(5));
}

void TestMvccStore::compactionDropsHistoryButKeepsTheState()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    QVERIFY(store.create("/registry/pods/d/a", "a1").ok());      // 1
    QVERIFY(store.update("/registry/pods/d/a", "a2").ok());      // 2
    QVERIFY(store.create("/registry/pods/d/b", "b1").ok());      // 3
    QVERIFY(store.remove("/registry/pods/d/b").ok());            // 4
    QVERIFY(store.update("/registry/pods/d/a", "a3").ok());      // 5
    QVERIFY(store.compact(4).ok());
    QCOMPARE(store.compactRevision(), Revision(4));
    QCOMPARE(store.get("/registry/pods/d/a", 2).status().code(), StatusCode::Expired);
    QCOMPARE(store.get("/registry/pods/d/a", 4)->value, std::string("a2"));
    QCOMPARE(store.get("/registry/pods/d/a", 5)->value, std::string("a3"));
    RangeOptions at4;
    at4.revision = 4;
    QCOMPARE(store.range("/registry/pods/", at4)->kvs.size(), std::size_t(1));
    QCOMPARE(store.compact(3).code(), StatusCode::Expired);
    QCOMPARE(store.compact(99).code(), StatusCode::Invalid);
    rec.close();
    MvccStore &reopened = rec.open().store();
    QCOMPARE(reopened.compactRevision(), Revision(4));
    QCOMPARE(reopened.get("/registry/pods/d/a", 3).status().code(), StatusCode::Expired);
    QCOMPARE(reopened.get("/registry/pods/d/a", 4)->value, std::string("a2"));
}

void TestMvccStore::revisionSurvivesCompactedTombstonesAndRestart()
{
    TempRecording rec;
    {
        MvccStore &store = rec.open().store();
        QVERIFY(store.create("/registry/pods/d/a", "a").ok());
        QVERIFY(store.remove("/registry/pods/d/a").ok()); // the newest row is a tombstone
        QVERIFY(store.compact(2).ok());                   // ...and compaction removes it
        rec.close();
    }
    MvccStore &store = rec.open().store();
    QCOMPARE(store.revision(), Revision(2));
    QCOMPARE(store.create("/registry/pods/d/a", "again")->modRevision, Revision(3));
}

void TestMvccStore::readOnlyRecordingRefusesWrites()
{
    TempRecording rec;
    {
        MvccStore &store = rec.open().store();
        QVERIFY(store.create("/registry/pods/d/a", "a").ok());
        QVERIFY(store.update("/registry/pods/d/a", "b").ok());
        rec.close();
    }
    recording::RecordingOptions readOnly;
    readOnly.mode = OpenMode::ReadOnly;
    MvccStore &store = rec.open(readOnly).store();
    QVERIFY(store.isReadOnly());
    QCOMPARE(store.get("/registry/pods/d/a", 1)->value, std::string("a"));
    QCOMPARE(store.get("/registry/pods/d/a")->value, std::string("b"));
    const auto refused = store.update("/registry/pods/d/a", "c");
    QCOMPARE(refused.status().code(), StatusCode::FailedPrecondition);
    QVERIFY(refused.status().message().find("read-only") != std::string::npos);
    QCOMPARE(store.compact(1).code(), StatusCode::FailedPrecondition);
    QCOMPARE(store.revision(), Revision(2));
}

void TestMvccStore::futureRevisionsAreNotReadable()
{
    TempRecording rec;
    MvccStore &store = rec.open().store();
    QVERIFY(store.create("/registry/pods/d/a", "a").ok());
    QCOMPARE(store.get("/registry/pods/d/a", 5).status().code(), StatusCode::NotFound);
    RangeOptions options;
    options.revision = 5;
    QCOMPARE(store.range("/registry/pods/", options).status().code(), StatusCode::NotFound);
}

QTEST_GUILESS_MAIN(TestMvccStore)
#include "tst_mvcc_store.moc"
