// Bad input to the store: a clear error, never a crash or a silently empty store, and
// the file is left as it was.
#include "core/recording/recording.h"
#include "tests/support/test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace k8slab;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

void sqlite(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

// A real recording with some history, closed cleanly (WAL checkpointed into the file).
void makeRecording(const QString &path, int objects)
{
    auto rec = recording::Recording::open(path.toStdString());
    QVERIFY(rec.ok());
    for (int i = 0; i < objects; ++i)
        QVERIFY((*rec)->store().create("/registry/pods/d/p" + std::to_string(i), test::checkedValue("k", i, 3000)).ok());
}

} // namespace

class TestRecording : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badFilesAreRefusedClearly_data();
    void badFilesAreRefusedClearly();
    void unknownDurabilityIsRefused();
    void newFileGetsTheSchemaAndReopens();
};

void TestRecording::badFilesAreRefusedClearly_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("expectedMessage");
    QTest::newRow("random bytes") << "random" << "rw" << "not a K8s Lab recording";
    QTest::newRow("a text file") << "text" << "rw" << "not a K8s Lab recording";
    QTest::newRow("someone else's SQLite database") << "foreign" << "rw" << "without the recording's meta table";
    QTest::newRow("another format name") << "format" << "rw" << "does not name the format";
    QTest::newRow("a newer schema version") << "version" << "rw" << "schema version is 7";
    QTest::newRow("the kv table dropped") << "notable" << "rw" << "'kv' is missing";
    QTest::newRow("pages overwritten with garbage") << "garbage" << "rw" << "";
    QTest::newRow("truncated in the middle") << "truncated" << "rw" << "";
    QTest::newRow("an empty file opened read-only") << "empty" << "ro" << "the file is empty";
    QTest::newRow("a missing file opened read-only") << "missing" << "ro" << "cannot open";
}

void TestRecording::badFilesAreRefusedClearly()
{
    QFETCH(QString, damage);
    QFETCH(QString, mode);
    QFETCH(QString, expectedMessage);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.k8slab");
    if (damage == "random") {
        QByteArray bytes(8192, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 7919 + 13) % 251);
        writeAll(path, bytes);
    } else if (damage == "text") {
        writeAll(path, "apiVersion: v1\nkind: Pod\n");
    } else if (damage == "foreign") {
        sqlite(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
    } else if (damage == "format") {
        makeRecording(path, 1);
        sqlite(path, "UPDATE meta SET value = 'something-else' WHERE name = 'format'");
    } else if (damage == "version") {
        makeRecording(path, 1);
        sqlite(path, "UPDATE meta SET value = '7' WHERE name = 'schema_version'");
    } else if (damage == "notable") {
        makeRecording(path, 1);
        sqlite(path, "DROP TABLE kv");
    } else if (damage == "garbage" || damage == "truncated") {
        makeRecording(path, 200);
        QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 64 * 1024);
        if (damage == "garbage") {
            for (int i = bytes.size() / 3; i < bytes.size() / 3 + 40000; ++i)
                bytes[i] = static_cast<char>(0xA5 ^ i);
        } else {
            bytes.truncate(bytes.size() / 2);
        }
        writeAll(path, bytes);
    } else if (damage == "empty") {
        writeAll(path, QByteArray());
    }
    const QByteArray before = readAll(path);

    recording::RecordingOptions options;
    options.mode = mode == "ro" ? store::OpenMode::ReadOnly : store::OpenMode::ReadWrite;
    auto opened = recording::Recording::open(path.toStdString(), options);
    QVERIFY2(!opened.ok(), "a damaged file must not open as a recording");
    const Status &status = opened.status();
    qInfo("%s", status.toString().c_str());
    if (damage == "missing")
        QCOMPARE(status.code(), StatusCode::FailedPrecondition);
    else
        QCOMPARE(status.code(), StatusCode::Corrupt);
    QVERIFY2(QString::fromStdString(status.message()).contains(expectedMessage), status.message().c_str());
    QVERIFY(QString::fromStdString(status.message()).contains(path));
    QCOMPARE(readAll(path), before); // refused, and left as it was
}

void TestRecording::unknownDurabilityIsRefused()
{
    QTemporaryDir dir;
    recording::RecordingOptions options;
    options.synchronous = "FULL; DROP TABLE kv";
    auto opened = recording::Recording::open(dir.filePath("x.k8slab").toStdString(), options);
    QCOMPARE(opened.status().code(), StatusCode::Invalid);
    QCOMPARE(opened.status().causes().at(0).field, std::string("synchronous"));
}

void TestRecording::newFileGetsTheSchemaAndReopens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("new.k8slab");
    makeRecording(path, 3);
    recording::RecordingOptions readOnly;
    readOnly.mode = store::OpenMode::ReadOnly;
    auto reopened = recording::Recording::open(path.toStdString(), readOnly);
    QVERIFY2(reopened.ok(), reopened.status().toString().c_str());
    QCOMPARE((*reopened)->store().revision(), store::Revision(3));
    QCOMPARE((*reopened)->store().size(), std::size_t(3));
}

QTEST_GUILESS_MAIN(TestRecording)
#include "tst_recording.moc"
