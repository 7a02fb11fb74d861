// FieldSet: the FieldsV1 encoding of managedFields, set algebra on field paths, and
// paths printed as upstream prints them in apply conflicts.
#include "core/apiserver/field_set.h"

#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab::apiserver;
using k8slab::api::Json;

namespace {

// A Deployment's fields as kubectl create records them (v1.32), abridged.
const char *kCreated = "{"
                       "\"f:metadata\": {\"f:labels\": {\".\": {}, \"f:app\": {}}},"
                       "\"f:spec\": {"
                       "  \"f:replicas\": {},"
                       "  \"f:selector\": {},"
                       "  \"f:strategy\": {\"f:rollingUpdate\": {\".\": {}, \"f:maxSurge\": {}, \"f:maxUnavailable\": {}},"
                       "                   \"f:type\": {}},"
                       "  \"f:template\": {\"f:spec\": {\"f:containers\": {\"k:{\\\"name\\\":\\\"nginx\\\"}\": "
                       "     {\".\": {}, \"f:image\": {}, \"f:name\": {}}}}}"
                       "}}";

FieldSet parse(const char *text)
{
    auto set = FieldSet::fromFieldsV1(Json::parse(text));
    if (!set.ok())
        qFatal("not FieldsV1: %s", set.status().message().c_str());
    return *set;
}

} // namespace

class TestFieldSet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldsV1RoundTrips()
    {
        const FieldSet set = parse(kCreated);
        QCOMPARE(set.toFieldsV1(), Json::parse(kCreated));
        QVERIFY(set.has({"f:spec", "f:replicas"}));
        QVERIFY(set.has({"f:metadata", "f:labels"}));            // "." makes the map a path of its own
        QVERIFY(!set.has({"f:spec"}));                           // a structure holding paths is not one
        QVERIFY(set.has({"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}"}));
        QCOMPARE(set.paths().size(), std::size_t(11));
    }

    void malformedFieldsV1IsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("not an object") << R"(["f:spec"])";
        QTest::newRow("unknown prefix") << R"({"x:spec": {}})";
        QTest::newRow("key without json") << R"({"k:{name}": {}})";
        QTest::newRow("nested not an object") << R"({"f:spec": {"f:replicas": 3}})";
    }

    void malformedFieldsV1IsRefused()
    {
        QFETCH(QString, text);
        auto set = FieldSet::fromFieldsV1(Json::parse(text.toStdString()));
        QVERIFY(!set.ok());
        QCOMPARE(set.status().code(), k8slab::StatusCode::BadRequest);
    }

    void setAlgebra()
    {
        FieldSet a;
        a.insert({"f:spec", "f:replicas"});
        a.insert({"f:spec", "f:paused"});
        a.insert({"f:metadata", "f:labels", "f:app"});
        FieldSet b;
        b.insert({"f:spec", "f:replicas"});
        b.insert({"f:spec", "f:minReadySeconds"});

        const FieldSet both = a.united(b);
        QCOMPARE(both.paths().size(), std::size_t(4));
        QCOMPARE(a.common(b).paths(), (std::vector<FieldPath>{{"f:spec", "f:replicas"}}));
        const FieldSet onlyA = a.without(b);
        QVERIFY(!onlyA.has({"f:spec", "f:replicas"}));
        QVERIFY(onlyA.has({"f:spec", "f:paused"}));
        QVERIFY(a.without(a).empty());

        // Removing whole subtrees: everything below .metadata goes.
        FieldSet metadata;
        metadata.insert({"f:metadata"});
        QCOMPARE(a.withoutSubtrees(metadata).paths().size(), std::size_t(2));
        QCOMPARE(a.without(metadata).paths().size(), std::size_t(3)); // a plain difference keeps them

        // Named fields count as paths once anything below them is in the set.
        const FieldSet named = a.withNamedFields();
        QVERIFY(named.has({"f:spec"}));
        QVERIFY(named.has({"f:metadata", "f:labels"}));
        QVERIFY(!a.has({"f:spec"}));
    }

    void pathsPrintAsUpstreamPrintsThem_data()
    {
        QTest::addColumn<QStringList>("elements");
        QTest::addColumn<QString>("printed");
        QTest::newRow("field") << QStringList{"f:spec", "f:replicas"} << ".spec.replicas";
        QTest::newRow("keyed item") << QStringList{"f:spec", "f:containers", R"(k:{"name":"web"})", "f:image"}
                                    << R"(.spec.containers[name="web"].image)";
        QTest::newRow("two keys") << QStringList{"f:ports", R"(k:{"containerPort":80,"protocol":"TCP"})"}
                                  << R"(.ports[containerPort=80,protocol="TCP"])";
        QTest::newRow("set value") << QStringList{"f:metadata", "f:finalizers", R"(v:"example.com/x")"}
                                   << R"(.metadata.finalizers[="example.com/x"])";
        QTest::newRow("index") << QStringList{"f:args", "i:2"} << ".args[2]";
    }

    void pathsPrintAsUpstreamPrintsThem()
    {
        QFETCH(QStringList, elements);
        QFETCH(QString, printed);
        FieldPath path;
        for (const QString &e : elements)
            path.push_back(e.toStdString());
        QCOMPARE(QString::fromStdString(describePath(path)), printed);
    }

    void elementsAreSpelledAsFieldsV1()
    {
        QCOMPARE(fieldElement("spec"), std::string("f:spec"));
        QCOMPARE(keyElement(Json{{"protocol", "TCP"}, {"containerPort", 80}}),
                 std::string(R"(k:{"containerPort":80,"protocol":"TCP"})"));
        QCOMPARE(valueElement(Json("x")), std::string(R"(v:"x")"));
    }
};

QTEST_GUILESS_MAIN(TestFieldSet)
#include "tst_field_set.moc"
