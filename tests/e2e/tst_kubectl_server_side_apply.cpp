// kubectl apply --server-side end to end with the real kubectl against k8slab-server:
// creating through an apply, field ownership in managedFields, a conflict with the
// manager kubectl scale left behind and --force-conflicts, fields a manager stops
// applying going away, a second manager's conflict, server dry-run, a configuration
// with a field the schema lacks, and kubectl taking over an object client-side apply made.
#include "tests/e2e/kubectl_scenario.h"

#include <QTest>

class TestKubectlServerSideApply : public k8slab::test::KubectlScenario {
    Q_OBJECT
public:
    TestKubectlServerSideApply() : KubectlScenario(QStringList{"--nodes", "1"}) {}

protected:
    void addRows() override;
    [[nodiscard]] QString stderrPattern(const QString &row) const override;
};

QString TestKubectlServerSideApply::stderrPattern(const QString &row) const
{
    // kubectl prints the server's conflict and its advice; the manager kubectl scale
    // writes as is the User-Agent's product ("kubectl", or the wrapper's "kubectl.1.32").
    if (row == "the next apply conflicts")
        return "error: Apply failed with 1 conflict: conflict with \"kubectl[.0-9]*\" with subresource \"scale\" "
               "using apps/v1: \\.spec\\.replicas\nPlease review the fields above--they currently have other managers\\.[\\s\\S]*"
               "--force-conflicts[\\s\\S]*";
    if (row == "another manager conflicts with kubectl")
        return "error: Apply failed with 1 conflict: conflict with \"kubectl\": \\.spec\\.replicas\n[\\s\\S]*";
    if (row == "a field the schema lacks")
        return "Error from server: failed to create typed patch object \\(default/web; apps/v1, Kind=Deployment\\): "
               "\\.spec\\.replicass: field not declared in schema\n";
    return {};
}

void TestKubectlServerSideApply::addRows()
{
    const QString ssa = QStringLiteral(MANIFESTS) + "/ssa/";
    const auto apply = [&](const QString &file, const QStringList &options = {}) {
        return QStringList{"apply", "--server-side"} + options + QStringList{"-f", ssa + file};
    };
    QTest::newRow("an apply creates") << apply("web.yaml") << 0
                                      << "deployment.apps/web serverside-applied\n";
    QTest::newRow("as written") << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.labels.tier}"}
                                << 0 << "2 front";
    QTest::newRow("kubectl owns what it applied")
        << QStringList{"get", "deploy", "web", "--show-managed-fields", "-o",
                       "jsonpath={.metadata.managedFields[0].manager} {.metadata.managedFields[0].operation} "
                       "{.metadata.managedFields[0].fieldsV1.f:spec.f:replicas}"}
        << 0 << "kubectl Apply \\{\\}";
    QTest::newRow("kubectl get hides managedFields") << QStringList{"get", "deploy", "web", "-o", "yaml"} << 0
                                                     << "(?![\\s\\S]*managedFields)[\\s\\S]*replicas: 2[\\s\\S]*";
    QTest::newRow("scale takes .spec.replicas") << QStringList{"scale", "deploy", "web", "--replicas=4"} << 0
                                                << "deployment.apps/web scaled\n";
    QTest::newRow("the next apply conflicts")
        << apply("web.yaml") << 1 << "";
    QTest::newRow("nothing changed") << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"} << 0 << "4";
    QTest::newRow("forced, kubectl takes it back") << apply("web.yaml", {"--force-conflicts"}) << 0
                                                   << "deployment.apps/web serverside-applied\n";
    QTest::newRow("two replicas again") << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"} << 0 << "2";
    QTest::newRow("server dry run") << apply("web-v2.yaml", {"--dry-run=server"}) << 0
                                    << "deployment.apps/web serverside-applied \\(server dry run\\)\n";
    QTest::newRow("still the first image")
        << QStringList{"get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"} << 0 << "nginx:1.27";
    QTest::newRow("a label no longer applied") << apply("web-v2.yaml") << 0
                                               << "deployment.apps/web serverside-applied\n";
    QTest::newRow("is gone") << QStringList{"get", "deploy", "web", "-o",
                                            "jsonpath={.metadata.labels} {.spec.template.spec.containers[0].image}"}
                             << 0 << "\\{\"app\":\"web\"\\} nginx:1.28";
    QTest::newRow("another manager conflicts with kubectl")
        << apply("web-replicas-3.yaml", {"--field-manager=ci"}) << 1 << "";
    QTest::newRow("a field the schema lacks") << apply("web-typo.yaml") << 1 << "";
    QTest::newRow("client-side apply") << QStringList{"apply", "-f", ssa + "settings.yaml"} << 0
                                       << "configmap/settings created\n";
    QTest::newRow("taken over server-side") << apply("settings-v2.yaml") << 0
                                            << "configmap/settings serverside-applied\n";
    QTest::newRow("with its annotation in step")
        << QStringList{"get", "cm", "settings", "-o",
                       "jsonpath={.data.color} {.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}"}
        << 0 << "green \\{\"apiVersion\":\"v1\",\"data\":\\{\"color\":\"green\"\\}.*\n?";
}

QTEST_GUILESS_MAIN(TestKubectlServerSideApply)
#include "tst_kubectl_server_side_apply.moc"
