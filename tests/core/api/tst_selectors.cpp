#include "core/api/selectors.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::api;

class TestSelectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void labelSelectorsMatch_data();
    void labelSelectorsMatch();
    void badLabelSelectorsAreBadRequests_data();
    void badLabelSelectorsAreBadRequests();
    void selectorObjectsBecomeRequirements();
    void fieldSelectorsMatch_data();
    void fieldSelectorsMatch();
    void unsupportedFieldsAreNamed();
};

void TestSelectors::labelSelectorsMatch_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("match");
    QTest::newRow("empty selects everything") << "" << R"({})" << true;
    QTest::newRow("equality") << "app=web" << R"({"app":"web"})" << true;
    QTest::newRow("double equals") << "app==web" << R"({"app":"web"})" << true;
    QTest::newRow("equality fails on other value") << "app=web" << R"({"app":"db"})" << false;
    QTest::newRow("inequality holds when absent") << "tier!=frontend" << R"({"app":"web"})" << true;
    QTest::newRow("inequality") << "tier!=frontend" << R"({"tier":"frontend"})" << false;
    QTest::newRow("in") << "env in (prod, staging)" << R"({"env":"staging"})" << true;
    QTest::newRow("in fails when absent") << "env in (prod)" << R"({})" << false;
    QTest::newRow("notin holds when absent") << "env notin (prod)" << R"({})" << true;
    QTest::newRow("exists") << "gpu" << R"({"gpu":""})" << true;
    QTest::newRow("does not exist") << "!gpu" << R"({"gpu":"a"})" << false;
    QTest::newRow("all requirements must hold") << "app=web,env in (prod),!canary" << R"({"app":"web","env":"prod"})" << true;
    QTest::newRow("one failing requirement") << "app=web,env in (prod),!canary" << R"({"app":"web","env":"prod","canary":"1"})" << false;
    QTest::newRow("prefixed key") << "app.kubernetes.io/name=web" << R"({"app.kubernetes.io/name":"web"})" << true;
}

void TestSelectors::labelSelectorsMatch()
{
    QFETCH(QString, selector);
    QFETCH(QString, labels);
    QFETCH(bool, match);
    auto parsed = LabelSelector::parse(selector.toStdString());
    QVERIFY2(parsed.ok(), parsed.status().toString().c_str());
    QCOMPARE(parsed->matches(Json::parse(labels.toStdString())), match);
}

void TestSelectors::badLabelSelectorsAreBadRequests_data()
{
    QTest::addColumn<QString>("selector");
    QTest::newRow("bad key") << "a b=c";
    QTest::newRow("in without parentheses") << "env in prod";
    QTest::newRow("empty requirement") << "a=b,,c=d";
    QTest::newRow("bad value") << "a=b c";
}

void TestSelectors::badLabelSelectorsAreBadRequests()
{
    QFETCH(QString, selector);
    auto parsed = LabelSelector::parse(selector.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.status().code(), StatusCode::BadRequest);
    QVERIFY(parsed.status().message().starts_with("unable to parse requirement"));
}

void TestSelectors::selectorObjectsBecomeRequirements()
{
    auto parsed = LabelSelector::fromJson(Json::parse(
        R"({"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]})"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->toString(), std::string("app=web,tier in (a,b)"));
    QVERIFY(parsed->matches(Json::parse(R"({"app":"web","tier":"a"})")));
    QVERIFY(!parsed->matches(Json::parse(R"({"app":"web"})")));
    QCOMPARE(LabelSelector::fromJson(Json::parse(R"({"matchExpressions":[{"key":"a","operator":"Near"}]})")).status().code(),
             StatusCode::Invalid);
}

void TestSelectors::fieldSelectorsMatch_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("match");
    // The object: name web-0, node worker-1, phase Running.
    QTest::newRow("name") << "metadata.name=web-0" << true;
    QTest::newRow("describe node's pods") << "spec.nodeName=worker-1,status.phase!=Succeeded,status.phase!=Failed" << true;
    QTest::newRow("other node") << "spec.nodeName=worker-2" << false;
    QTest::newRow("phase not running") << "status.phase!=Running" << false;
    QTest::newRow("double equals") << "metadata.name==web-0" << true;
}

void TestSelectors::fieldSelectorsMatch()
{
    QFETCH(QString, selector);
    QFETCH(bool, match);
    auto parsed = FieldSelector::parse(selector.toStdString());
    QVERIFY(parsed.ok());
    auto lookup = [](std::string_view field) -> std::optional<std::string> {
        if (field == "metadata.name")
            return "web-0";
        if (field == "spec.nodeName")
            return "worker-1";
        if (field == "status.phase")
            return "Running";
        return std::nullopt;
    };
    QVERIFY(parsed->checkSupported(lookup).ok());
    QCOMPARE(parsed->matches(lookup), match);
}

void TestSelectors::unsupportedFieldsAreNamed()
{
    auto parsed = FieldSelector::parse("spec.color=blue");
    QVERIFY(parsed.ok());
    const Status s = parsed->checkSupported([](std::string_view) { return std::nullopt; });
    QCOMPARE(s.code(), StatusCode::BadRequest);
    QCOMPARE(s.message(), std::string("field label not supported: spec.color"));
    QCOMPARE(FieldSelector::parse("novalue").status().code(), StatusCode::BadRequest);
    QCOMPARE(parsed->equalityValue("spec.color"), std::optional<std::string>("blue"));
}

QTEST_GUILESS_MAIN(TestSelectors)
#include "tst_selectors.moc"
