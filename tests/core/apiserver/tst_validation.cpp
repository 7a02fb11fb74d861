// Upstream's object validation, rule by rule: names, labels and annotations (keys as
// qualified names, values as label values, the annotations' total size) on any kind and
// on pod templates, in apimachinery's words and field paths; the workload kinds' own
// fields (rolling-update fence posts, a Job's restart policy, a CronJob's schedule
// and time zone).
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
    void validatesWorkloads_data();
    void validatesWorkloads();
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

void TestValidation::validatesWorkloads_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("field");   // empty: valid
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message"); // the whole message
    const QString podSpec = R"({"restartPolicy":%1,"containers":[{"name":"c","image":"busybox"}]})";
    const QString deployment =
        R"({"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"strategy":{"rollingUpdate":%1},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})";
    const QString daemonSet =
        R"({"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"updateStrategy":{"rollingUpdate":%1},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})";
    const QString cronJob = R"({"metadata":{"name":"%1"},"spec":{"schedule":"%2",%3"jobTemplate":{"spec":{"template":{"spec":%4}}}}})";
    const QString never = podSpec.arg(R"("Never")");
    QTest::newRow("deployment: 25%/25%") << "Deployment" << deployment.arg(R"({"maxSurge":"25%","maxUnavailable":"25%"})") << ""
                                         << "" << "";
    QTest::newRow("deployment: both 0") << "Deployment" << deployment.arg(R"({"maxSurge":0,"maxUnavailable":0})")
                                        << "spec.strategy.rollingUpdate.maxUnavailable" << "FieldValueInvalid"
                                        << "Invalid value: 0: may not be 0 when `maxSurge` is 0";
    QTest::newRow("deployment: not a percent") << "Deployment" << deployment.arg(R"({"maxSurge":"lots"})")
                                               << "spec.strategy.rollingUpdate.maxSurge" << "FieldValueInvalid"
                                               << "Invalid value: \"lots\": a valid percent string must be a numeric string "
                                                  "followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation "
                                                  "is '[0-9]+%')";
    QTest::newRow("deployment: over 100%") << "Deployment" << deployment.arg(R"({"maxUnavailable":"150%"})")
                                           << "spec.strategy.rollingUpdate.maxUnavailable" << "FieldValueInvalid"
                                           << "Invalid value: \"150%\": must not be greater than 100%";
    QTest::newRow("deployment: negative") << "Deployment" << deployment.arg(R"({"maxSurge":-1,"maxUnavailable":1})")
                                          << "spec.strategy.rollingUpdate.maxSurge" << "FieldValueInvalid"
                                          << "Invalid value: -1: must be greater than or equal to 0";
    QTest::newRow("daemonset: surge alone") << "DaemonSet" << daemonSet.arg(R"({"maxSurge":1,"maxUnavailable":0})") << ""
                                            << "" << "";
    QTest::newRow("daemonset: surge and unavailable") << "DaemonSet" << daemonSet.arg(R"({"maxSurge":1,"maxUnavailable":1})")
                                                      << "spec.updateStrategy.rollingUpdate.maxSurge" << "FieldValueInvalid"
                                                      << "Invalid value: 1: may not be set when maxUnavailable is non-zero";
    QTest::newRow("daemonset: neither") << "DaemonSet" << daemonSet.arg(R"({"maxSurge":"0%","maxUnavailable":0})")
                                        << "spec.updateStrategy.rollingUpdate.maxUnavailable" << "FieldValueRequired"
                                        << "Required value: cannot be 0 when maxSurge is 0";
    QTest::newRow("job: Never") << "Job" << QStringLiteral(R"({"metadata":{"name":"j"},"spec":{"template":{"spec":%1}}})").arg(never)
                                << "" << "" << "";
    QTest::newRow("job: Always (the pod default)")
        << "Job" << QStringLiteral(R"({"metadata":{"name":"j"},"spec":{"template":{"spec":%1}}})").arg(podSpec.arg(R"("Always")"))
        << "spec.template.spec.restartPolicy" << "FieldValueNotSupported"
        << "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"";
    QTest::newRow("job: negative backoffLimit")
        << "Job" << QStringLiteral(R"({"metadata":{"name":"j"},"spec":{"backoffLimit":-1,"template":{"spec":%1}}})").arg(never)
        << "spec.backoffLimit" << "FieldValueInvalid" << "Invalid value: -1: must be greater than or equal to 0";
    QTest::newRow("cronjob: in Shanghai") << "CronJob" << cronJob.arg("c", "0 9 * * *", R"("timeZone":"Asia/Shanghai",)", never)
                                          << "" << "" << "";
    QTest::newRow("cronjob: @every") << "CronJob" << cronJob.arg("c", "@every 2h", "", never) << "" << "" << "";
    QTest::newRow("cronjob: a bad schedule") << "CronJob" << cronJob.arg("c", "61 * * * *", "", never) << "spec.schedule"
                                             << "FieldValueInvalid"
                                             << "Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61";
    QTest::newRow("cronjob: TZ in the schedule") << "CronJob" << cronJob.arg("c", "TZ=UTC 0 9 * * *", "", never)
                                                 << "spec.schedule" << "FieldValueInvalid"
                                                 << "Invalid value: \"TZ=UTC 0 9 * * *\": cannot use TZ or CRON_TZ in "
                                                    "schedule, use timeZone field instead";
    QTest::newRow("cronjob: unknown zone") << "CronJob" << cronJob.arg("c", "0 9 * * *", R"("timeZone":"Mars/Olympus",)", never)
                                           << "spec.timeZone" << "FieldValueInvalid"
                                           << "Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus";
    QTest::newRow("cronjob: Local") << "CronJob" << cronJob.arg("c", "0 9 * * *", R"("timeZone":"Local",)", never)
                                    << "spec.timeZone" << "FieldValueInvalid"
                                    << "Invalid value: \"Local\": timeZone must be an explicit time zone as defined in "
                                       "https://www.iana.org/time-zones";
    QTest::newRow("cronjob: a path in the zone") << "CronJob"
                                                 << cronJob.arg("c", "0 9 * * *", R"("timeZone":"../etc/passwd",)", never)
                                                 << "spec.timeZone" << "FieldValueInvalid"
                                                 << "Invalid value: \"../etc/passwd\": unknown time zone ../etc/passwd";
    QTest::newRow("cronjob: a long name") << "CronJob" << cronJob.arg(QString(53, QLatin1Char('c')), "@daily", "", never)
                                          << "metadata.name" << "FieldValueInvalid"
                                          << QStringLiteral("Invalid value: \"%1\": must be no more than 52 characters")
                                                 .arg(QString(53, QLatin1Char('c')));
    QTest::newRow("cronjob: concurrency") << "CronJob" << cronJob.arg("c", "@daily", R"("concurrencyPolicy":"Sometimes",)", never)
                                          << "spec.concurrencyPolicy" << "FieldValueNotSupported"
                                          << "Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", "
                                             "\"Replace\"";
    QTest::newRow("cronjob: the template's restart policy")
        << "CronJob" << cronJob.arg("c", "@daily", "", podSpec.arg(R"("Always")"))
        << "spec.jobTemplate.spec.template.spec.restartPolicy" << "FieldValueNotSupported"
        << "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"";
}

void TestValidation::validatesWorkloads()
{
    QFETCH(QString, kind);
    QFETCH(QString, object);
    QFETCH(QString, field);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    const std::vector<StatusCause> causes = apiserver::validateObject(kind.toStdString(), Json::parse(object.toStdString()));
    if (field.isEmpty()) {
        QVERIFY2(causes.empty(), causes.empty() ? "" : (causes.front().field + ": " + causes.front().message).c_str());
        return;
    }
    QCOMPARE(causes.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(causes.front().field), field);
    QCOMPARE(QString::fromStdString(causes.front().reason), reason);
    QCOMPARE(QString::fromStdString(causes.front().message), message);
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
