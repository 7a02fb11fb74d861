// Kill a writer with SIGKILL in the middle of thousands of writes; every acknowledged
// write must be there after reopening, and no object may be torn.
#include "core/recording/recording.h"
#include "tests/support/test_support.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace k8slab;

namespace {
std::string crashKey(long long n)
{
    return "/registry/configmaps/crash/cm-" + std::to_string(n % 300);
}
std::size_t crashSize(long long n)
{
    return static_cast<std::size_t>(50 + (n * 7919) % 12000);
}
} // namespace

class TestStoreCrash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWriterLosesNoAcknowledgedWrite_data();
    void killedWriterLosesNoAcknowledgedWrite();
};

void TestStoreCrash::killedWriterLosesNoAcknowledgedWrite_data()
{
    QTest::addColumn<QString>("synchronous");
    QTest::addColumn<long long>("killAfterAcked");
    QTest::newRow("synchronous FULL, killed after 3000 acked") << "FULL" << 3000LL;
    QTest::newRow("synchronous NORMAL, killed after 5000 acked") << "NORMAL" << 5000LL;
}

void TestStoreCrash::killedWriterLosesNoAcknowledgedWrite()
{
    QFETCH(QString, synchronous);
    QFETCH(long long, killAfterAcked);
    QTemporaryDir dir;
    const QString path = dir.filePath("crash.k8slab");
    QProcess writer;
    writer.start(CRASH_WRITER, {path, QString::number(1000000), synchronous});
    QVERIFY(writer.waitForStarted());
    long long acked = 0;
    QByteArray pending;
    while (acked < killAfterAcked) {
        QVERIFY2(writer.state() == QProcess::Running || writer.bytesAvailable() > 0,
                 writer.readAllStandardError().constData());
        writer.waitForReadyRead(1000);
        pending += writer.readAllStandardOutput();
        int newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline);
            pending.remove(0, newline + 1);
            if (line.startsWith("ACK "))
                acked = std::max(acked, line.mid(4).toLongLong());
        }
    }
    ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
    QVERIFY(writer.waitForFinished());
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
    // Acks that were written before the kill but not read yet count too.
    pending += writer.readAllStandardOutput();
    for (const QByteArray &line : pending.split('\n')) {
        if (line.startsWith("ACK "))
            acked = std::max(acked, line.mid(4).toLongLong());
    }

    auto reopened = recording::Recording::open(path.toStdString());
    QVERIFY2(reopened.ok(), reopened.status().toString().c_str());
    store::MvccStore &store = (*reopened)->store();
    qInfo("acknowledged %lld writes; the reopened store is at revision %lld", acked,
          static_cast<long long>(store.revision()));
    QVERIFY(store.revision() >= acked);

    // Every acknowledged write, at its own revision, holds exactly what was written.
    for (long long n = 1; n <= acked; ++n) {
        auto kv = store.get(crashKey(n), n);
        QVERIFY2(kv.ok(), qPrintable(QStringLiteral("write %1: %2").arg(n).arg(kv.status().toString().c_str())));
        QCOMPARE(kv->modRevision, store::Revision(n));
        QVERIFY2(kv->value == test::checkedValue(crashKey(n), n, crashSize(n)),
                 qPrintable(QStringLiteral("write %1 differs").arg(n)));
    }
    // No object in the latest state is torn.
    auto all = store.range("/registry/configmaps/crash/");
    QVERIFY(all.ok());
    QCOMPARE(all->kvs.size(), std::size_t(std::min<long long>(300, store.revision())));
    for (const store::KeyValue &kv : all->kvs)
        QVERIFY2(test::isWholeCheckedValue(kv.value), kv.key.c_str());
    // And the store goes on from where it was.
    auto next = store.create("/registry/configmaps/crash/after", "{}");
    QCOMPARE(next->modRevision, store.revision());
    QCOMPARE(next->modRevision, (*reopened)->store().revision());
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_store_crash.moc"
