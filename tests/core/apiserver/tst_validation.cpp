// Upstream's object validation, rule by rule: names, labels and annotations (keys as
// qualified names, values as label values, the annotations' total size) on any kind and
// on pod templates, in apimachinery's words and field paths.
#include "core/apiserver/validation.h"

#include <QTest>

using namespace k8slab;
using api::Json;

class TestValidation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validatesMetadata_data();
    void validatesMetadata();
    void annotationsHaveATotalSize();
};

void TestValidation::validatesMetadata_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("field");   // empty: valid
    QTest::addColumn<QString>("message"); // a part of the cause's message
    const QString node = R"({"metadata":{"name":"worker-1","labels":%1}})";
    QTest::newRow("plain labels") << "Node" << node.arg(R"({"disktype":"ssd","tier":""})") << "" << "";
    QTest::newRow("prefixed keys") << "Node" << node.arg(R"({"node-role.kubernetes.io/control-plane":"","app.kubernetes.io/name":"My_App.2"})")
                                   << "" << "";
    QTest::newRow("a space in a key") << "Node" << node.arg(R"({"bad key":"x"})") << "metadata.labels"
                                      << "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' "
                                         "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                                         "'my.name',  or '123-abc', regex used for validation is "
                                         "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    QTest::newRow("two slashes") << "Node" << node.arg(R"({"a/b/c":"x"})") << "metadata.labels"
                                 << "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    QTest::newRow("an uppercase prefix") << "Node" << node.arg(R"({"Example.com/x":"y"})") << "metadata.labels"
                                         << "prefix part a lowercase RFC 1123 subdomain must consist of";
    QTest::newRow("an empty prefix") << "Node" << node.arg(R"({"/x":"y"})") << "metadata.labels" << "prefix part must be non-empty";
    QTest::newRow("an empty name part") << "Node" << node.arg(R"({"example.com/":"y"})") << "metadata.labels"
                                        << "name part must be non-empty";
    QTest::newRow("a long name part") << "Node" << node.arg(QStringLiteral(R"({"%1":"y"})").arg(QString(64, QLatin1Char('a'))))
                                      << "metadata.labels" << "name part must be no more than 63 characters";
    QTest::newRow("a value with a comma") << "Node" << node.arg(R"({"ok":"bad,value"})") << "metadata.labels"
                                          << "Invalid value: \"bad,value\": a valid label must be an empty string or consist of "
                                             "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                             "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
                                             "used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    QTest::newRow("a long value") << "Node" << node.arg(QStringLiteral(R"({"ok":"%1"})").arg(QString(64, QLatin1Char('v'))))
                                  << "metadata.labels" << "must be no more than 63 characters";
    QTest::newRow("a value ending in a dash") << "Pod"
                                              << R"({"metadata":{"name":"p","labels":{"app":"web-"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}})"
                                              << "metadata.labels" << "a valid label must be an empty string";
    QTest::newRow("a pod template's labels") << "Deployment"
                                             << R"({"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x","bad key":"y"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})"
                                             << "spec.template.metadata.labels" << "name part must consist of";
    QTest::newRow("an annotation key with uppercase (lowered first)")
        << "ConfigMap" << R"({"metadata":{"name":"c","annotations":{"Example.COM/Note":"any value, even: this!"}}})" << "" << "";
    QTest::newRow("an annotation key with a space") << "ConfigMap" << R"({"metadata":{"name":"c","annotations":{"my note":"x"}}})"
                                                    << "metadata.annotations" << "name part must consist of";
}

void TestValidation::validatesMetadata()
{
    QFETCH(QString, kind);
    QFETCH(QString, object);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const std::vector<StatusCause> causes = apiserver::validateObject(kind.toStdString(), Json::parse(object.toStdString()));
    if (field.isEmpty()) {
        QVERIFY2(causes.empty(), causes.empty() ? "" : (causes.front().field + ": " + causes.front().message).c_str());
        return;
    }
    QVERIFY(!causes.empty());
    QCOMPARE(QString::fromStdString(causes.front().field), field);
    QCOMPARE(QString::fromStdString(causes.front().reason), QStringLiteral("FieldValueInvalid"));
    QVERIFY2(QString::fromStdString(causes.front().message).contains(message), causes.front().message.c_str());
}

void TestValidation::annotationsHaveATotalSize()
{
    Json object = {{"metadata", {{"name", "c"}, {"annotations", {{"big", std::string(256 * 1024, 'x')}}}}}};
    std::vector<StatusCause> causes = apiserver::validateObject("ConfigMap", object);
    QCOMPARE(causes.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(causes.front().field), QStringLiteral("metadata.annotations"));
    QCOMPARE(QString::fromStdString(causes.front().message), QStringLiteral("Too long: must have at most 262144 bytes"));
    object["metadata"]["annotations"]["big"] = std::string(256 * 1024 - 3, 'x'); // with the key: exactly the limit
    QVERIFY(apiserver::validateObject("ConfigMap", object).empty());
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
