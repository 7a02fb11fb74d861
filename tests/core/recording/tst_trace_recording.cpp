#include "core/recording/store_tracer.h"
#include "core/recording/trace_recorder.h"
#include "tests/support/test_support.h"

#include <QTest>

using namespace k8slab;
using k8slab::test::TempRecording;

class TestTraceRecording : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storeWritesBecomeTraceEventsCausedByTheirStep();
    void recordedTraceReadsBackAndAResumedSessionAppends();
    void keysNameTheirObjects_data();
    void keysNameTheirObjects();
};

void TestTraceRecording::storeWritesBecomeTraceEventsCausedByTheirStep()
{
    TempRecording rec;
    recording::Recording &recording = rec.open();
    engine::EventLoop loop;
    engine::TraceBus bus(loop);
    recording::StoreTracer tracer(recording.store(), bus);
    std::vector<proto::TraceEvent> seen;
    bus.subscribe([&](const proto::TraceEvent &e) { seen.push_back(e); });
    loop.post([&] {
        bus.publish("apiserver", proto::TRACE_KIND_REQUEST, "apiserver.create");
        QVERIFY(recording.store().create("/registry/pods/default/web", "{}").ok());
        QVERIFY(recording.store().update("/registry/pods/default/web", "{\"a\":1}").ok());
        QVERIFY(recording.store().remove("/registry/pods/default/web").ok());
    });
    loop.runAll();
    QCOMPARE(seen.size(), std::size_t(4));
    const char *codes[] = {"apiserver.create", "store.create", "store.update", "store.delete"};
    for (std::size_t i = 0; i < 4; ++i) {
        QCOMPARE(seen[i].code(), std::string(codes[i]));
        if (i > 0) {
            QCOMPARE(seen[i].cause_id(), seen[i - 1].id());
            QCOMPARE(seen[i].revision(), std::int64_t(i));
            QCOMPARE(seen[i].kind(), proto::TRACE_KIND_STORE_WRITE);
            QCOMPARE(seen[i].store_write().key(), std::string("/registry/pods/default/web"));
            QCOMPARE(seen[i].object().name(), std::string("web"));
            QCOMPARE(seen[i].object().namespace_(), std::string("default"));
        }
    }
    QCOMPARE(seen[3].store_write().op(), proto::StoreWriteDetails::OP_DELETE);
    QCOMPARE(seen[3].store_write().prev_revision(), std::int64_t(2));
}

void TestTraceRecording::recordedTraceReadsBackAndAResumedSessionAppends()
{
    TempRecording rec;
    {
        recording::Recording &recording = rec.open();
        engine::EventLoop loop;
        engine::TraceBus bus(loop);
        recording::TraceRecorder recorder(bus, recording);
        loop.post([&] {
            for (int i = 0; i < 100; ++i)
                bus.publish("lab", proto::TRACE_KIND_NOTE, "note", {}, {{"i", std::to_string(i)}});
        });
        loop.runAll();
        QVERIFY(recorder.error().ok());
        rec.close();
    }
    recording::Recording &recording = rec.open();
    QCOMPARE(recording.lastTraceId(), std::uint64_t(100));
    engine::EventLoop loop;
    engine::TraceBus bus(loop);
    recording::TraceRecorder recorder(bus, recording);
    loop.post([&] { bus.publish("lab", proto::TRACE_KIND_NOTE, "resumed"); });
    loop.runAll();
    auto all = recording.readTrace();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), std::size_t(101));
    QCOMPARE(all->at(42).params().at("i"), std::string("42"));
    QCOMPARE(all->back().id(), std::uint64_t(101));
    QCOMPARE(all->back().code(), std::string("resumed"));
    auto page = recording.readTrace(90, 5);
    QCOMPARE(page->size(), std::size_t(5));
    QCOMPARE(page->front().id(), std::uint64_t(91));
}

void TestTraceRecording::keysNameTheirObjects_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::newRow("namespaced") << "/registry/pods/default/web-1" << "pods" << "default" << "web-1";
    QTest::newRow("cluster-scoped") << "/registry/nodes/worker-1" << "nodes" << "" << "worker-1";
    QTest::newRow("grouped") << "/registry/deployments.apps/kube-system/coredns" << "deployments.apps"
                             << "kube-system" << "coredns";
}

void TestTraceRecording::keysNameTheirObjects()
{
    QFETCH(QString, key);
    QFETCH(QString, resource);
    QFETCH(QString, ns);
    QFETCH(QString, name);
    const engine::ObjectRef ref = recording::StoreTracer::objectForKey(key.toStdString());
    QCOMPARE(QString::fromStdString(ref.kind), resource);
    QCOMPARE(QString::fromStdString(ref.ns), ns);
    QCOMPARE(QString::fromStdString(ref.name), name);
}

QTEST_GUILESS_MAIN(TestTraceRecording)
#include "tst_trace_recording.moc"
