// Fields JSON text sets twice, named as Kubernetes' strict decoding names them.
#include "core/api/json_duplicates.h"

#include <QTest>

using k8slab::api::duplicateFields;

class TestJsonDuplicates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void duplicates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("paths");
        QTest::newRow("none") << R"({"a":1,"b":{"a":2}})" << QStringList{};
        QTest::newRow("top level") << R"({"kind":"Pod","kind":"Pod"})" << QStringList{"kind"};
        QTest::newRow("nested") << R"({"metadata":{"name":"x","labels":{},"name":"y"}})" << QStringList{"metadata.name"};
        QTest::newRow("in a list item")
            << R"({"spec":{"containers":[{"name":"a"},{"name":"b","image":"i","image":"j"}]}})"
            << QStringList{"spec.containers[1].image"};
        QTest::newRow("after scalars in a list") << R"({"args":["x",1,null,{"k":1,"k":2}]})" << QStringList{"args[3].k"};
        QTest::newRow("twice, in order") << R"({"a":1,"a":2,"b":{"c":1,"c":2}})" << QStringList{"a", "b.c"};
        QTest::newRow("not JSON") << "{\"a\":1,\"a\"" << QStringList{};
    }

    void duplicates()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, paths);
        QStringList found;
        for (const std::string &path : duplicateFields(text.toStdString()))
            found << QString::fromStdString(path);
        QCOMPARE(found, paths);
    }
};

QTEST_GUILESS_MAIN(TestJsonDuplicates)
#include "tst_json_duplicates.moc"
