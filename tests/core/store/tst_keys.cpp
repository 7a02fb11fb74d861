#include "core/store/keys.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::store;

class TestKeys : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keys_data();
    void keys();
    void prefixes_data();
    void prefixes();
    void prefixEndBoundsThePrefix();
};

void TestKeys::keys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("valid");
    QTest::newRow("namespaced object") << "/registry/pods/default/web-1" << true;
    QTest::newRow("cluster-scoped object") << "/registry/nodes/worker-1" << true;
    QTest::newRow("group resource") << "/registry/deployments.apps/default/web" << true;
    QTest::newRow("outside the keyspace") << "/etc/passwd" << false;
    QTest::newRow("the root itself") << "/registry/" << false;
    QTest::newRow("no leading slash") << "registry/pods/default/web" << false;
    QTest::newRow("empty segment") << "/registry/pods//web" << false;
    QTest::newRow("trailing slash") << "/registry/pods/default/" << false;
    QTest::newRow("dot-dot escape") << "/registry/pods/../secrets/x" << false;
    QTest::newRow("control character") << QString("/registry/pods/a\nb") << false;
    QTest::newRow("empty") << "" << false;
}

void TestKeys::keys()
{
    QFETCH(QString, key);
    QFETCH(bool, valid);
    const Status s = validateKey(key.toStdString());
    QCOMPARE(s.ok(), valid);
    if (!valid) {
        QCOMPARE(s.code(), StatusCode::Invalid);
        QCOMPARE(s.reason(), std::string_view("Invalid"));
        QCOMPARE(s.causes().size(), std::size_t(1));
        QCOMPARE(s.causes()[0].field, std::string("key"));
    }
}

void TestKeys::prefixes_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("valid");
    QTest::newRow("whole keyspace") << "/registry/" << true;
    QTest::newRow("one resource") << "/registry/pods/" << true;
    QTest::newRow("one namespace") << "/registry/pods/default/" << true;
    QTest::newRow("no trailing slash would match pods2") << "/registry/pods" << false;
    QTest::newRow("outside") << "/other/" << false;
    QTest::newRow("double slash") << "/registry//" << false;
}

void TestKeys::prefixes()
{
    QFETCH(QString, prefix);
    QFETCH(bool, valid);
    QCOMPARE(validatePrefix(prefix.toStdString()).ok(), valid);
}

void TestKeys::prefixEndBoundsThePrefix()
{
    QCOMPARE(prefixEnd("/registry/pods/"), std::string("/registry/pods0"));
    QVERIFY(std::string("/registry/pods/zzz") < prefixEnd("/registry/pods/"));
    QVERIFY(!(std::string("/registry/pods0") < prefixEnd("/registry/pods/")));
}

QTEST_GUILESS_MAIN(TestKeys)
#include "tst_keys.moc"
