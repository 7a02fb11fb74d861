#include "core/api/quantity.h"

#include <QTest>

using k8slab::api::Quantity;

class TestQuantity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
};

void TestQuantity::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("millicores") << "100m" << qint64(100) << "100m";
    QTest::newRow("cores") << "2" << qint64(2000) << "2";
    QTest::newRow("fractional cores") << "1.5" << qint64(1500) << "1500m";
    QTest::newRow("mebibytes") << "128Mi" << qint64(128LL * 1024 * 1024 * 1000) << "128Mi";
    QTest::newRow("gibibytes") << "1Gi" << qint64(1024LL * 1024 * 1024 * 1000) << "1Gi";
    QTest::newRow("decimal megabytes") << "200M" << qint64(200000000LL * 1000) << "200M" ;
    QTest::newRow("exponent") << "1e3" << qint64(1000000) << "1000";
    QTest::newRow("kilobytes") << "2k" << qint64(2000000) << "2000";
    QTest::newRow("nanocores round up") << "1n" << qint64(1) << "1m";
}

void TestQuantity::parses()
{
    QFETCH(QString, text);
    QFETCH(qint64, milli);
    QFETCH(QString, canonical);
    auto q = Quantity::parse(text.toStdString());
    QVERIFY2(q.ok(), q.status().toString().c_str());
    QCOMPARE(q->milli(), milli);
    if (canonical != "200M")
        QCOMPARE(QString::fromStdString(q->toString()), canonical);
}

void TestQuantity::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("unknown suffix") << "12Qi";
    QTest::newRow("words") << "lots";
}

void TestQuantity::rejects()
{
    QFETCH(QString, text);
    QVERIFY(!Quantity::parse(text.toStdString()).ok());
}

QTEST_GUILESS_MAIN(TestQuantity)
#include "tst_quantity.moc"
