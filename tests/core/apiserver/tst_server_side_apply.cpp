// Server-side apply through the API server's handlers (PATCH with application/apply-patch+yaml)
// and the managedFields every other write records, driven in-process as kubectl drives them.
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {

const std::string kDeployments = "/apis/apps/v1/namespaces/default/deployments";
const std::string kWeb = kDeployments + "/web";
const std::string kApplyType = "application/apply-patch+yaml";

std::string webConfig(int replicas, const std::string &image = "nginx:1.27")
{
    Json config = {{"apiVersion", "apps/v1"},
                   {"kind", "Deployment"},
                   {"metadata", {{"name", "web"}}},
                   {"spec",
                    {{"replicas", replicas},
                     {"selector", {{"matchLabels", {{"app", "web"}}}}},
                     {"template",
                      {{"metadata", {{"labels", {{"app", "web"}}}}},
                       {"spec", {{"containers", Json::array({{{"name", "nginx"}, {"image", image}}})}}}}}}}};
    return config.dump();
}

const Json &entryOf(const Json &object, const std::string &manager, const std::string &subresource = "")
{
    static const Json none;
    for (const Json &entry : object["metadata"]["managedFields"])
        if (entry["manager"] == manager && entry.value("subresource", "") == subresource)
            return entry;
    return none;
}

} // namespace

class TestServerSideApply : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anApplyCreatesThenUpdates()
    {
        ApiFixture f;
        auto created = f.send("PATCH", kWeb + "?fieldManager=kubectl&fieldValidation=Strict&force=false", webConfig(2), kApplyType);
        QCOMPARE(created.code, 201);
        Json web = ApiFixture::json(created);
        QCOMPARE(web["spec"]["replicas"], Json(2));
        QCOMPARE(web["spec"]["strategy"]["type"], Json("RollingUpdate")); // defaulted as any create
        QCOMPARE(web["metadata"]["managedFields"].size(), std::size_t(1));
        QCOMPARE(entryOf(web, "kubectl")["operation"], Json("Apply"));

        auto updated = f.send("PATCH", kWeb + "?fieldManager=kubectl&force=false", webConfig(2, "nginx:1.28"), kApplyType);
        QCOMPARE(updated.code, 200);
        web = ApiFixture::json(updated);
        QCOMPARE(web["spec"]["template"]["spec"]["containers"][0]["image"], Json("nginx:1.28"));
        QCOMPARE(web["metadata"]["generation"], Json(2));

        // YAML works as well as JSON (another manager, sharing the same replica count).
        const std::string yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        QCOMPARE(f.send("PATCH", kWeb + "?fieldManager=yaml-user", yaml, kApplyType).code, 200);
    }

    void everyWriteRecordsItsManager()
    {
        ApiFixture f;
        QCOMPARE(f.send("POST", kDeployments + "?fieldManager=kubectl-create", webConfig(1)).code, 201);
        // A merge patch without fieldManager is the User-Agent's: "kubectl".
        QCOMPARE(f.send("PATCH", kWeb, R"({"metadata":{"labels":{"team":"blue"}}})", "application/merge-patch+json").code, 200);
        auto status = f.send("PATCH", kWeb + "/status?fieldManager=kube-controller-manager", R"({"status":{"replicas":1}})",
                             "application/merge-patch+json");
        QCOMPARE(status.code, 200);
        const Json web = ApiFixture::json(f.send("GET", kWeb));
        QVERIFY(entryOf(web, "kubectl-create")["fieldsV1"]["f:spec"].contains("f:replicas"));
        QVERIFY(entryOf(web, "kubectl")["fieldsV1"]["f:metadata"]["f:labels"].contains("f:team"));
        QVERIFY(entryOf(web, "kube-controller-manager", "status")["fieldsV1"]["f:status"].contains("f:replicas"));

        // kubectl scale through the scale subresource owns the replicas from then on.
        QCOMPARE(f.send("PATCH", kWeb + "/scale", R"({"spec":{"replicas":3}})", "application/merge-patch+json").code, 200);
        const Json scaled = ApiFixture::json(f.send("GET", kWeb));
        QVERIFY(entryOf(scaled, "kubectl", "scale")["fieldsV1"]["f:spec"].contains("f:replicas"));
        QVERIFY(!entryOf(scaled, "kubectl-create")["fieldsV1"]["f:spec"].contains("f:replicas"));

        // An empty entry in a patch resets managedFields (upstream's way to clear them).
        QCOMPARE(f.send("PATCH", kWeb, R"({"metadata":{"managedFields":[{}]}})", "application/merge-patch+json").code, 200);
        QVERIFY(!ApiFixture::json(f.send("GET", kWeb))["metadata"].contains("managedFields"));
    }

    void aConflictIsA409WithCauses()
    {
        ApiFixture f;
        QCOMPARE(f.send("PATCH", kWeb + "?fieldManager=kubectl", webConfig(2), kApplyType).code, 201);
        QCOMPARE(f.send("PATCH", kWeb + "?fieldManager=kubectl-edit", R"({"spec":{"replicas":5}})",
                        "application/merge-patch+json")
                     .code,
                 200);
        const std::int64_t revision = f.api->store().revision();
        auto refused = f.send("PATCH", kWeb + "?fieldManager=kubectl&force=false", webConfig(2), kApplyType);
        QCOMPARE(refused.code, 409);
        const Json status = ApiFixture::json(refused);
        QCOMPARE(status["reason"], Json("Conflict"));
        QCOMPARE(status["message"],
                 Json(R"(Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas)"));
        QCOMPARE(status["details"]["causes"][0],
                 (Json{{"reason", "FieldManagerConflict"}, {"message", R"(conflict with "kubectl-edit" using apps/v1)"},
                       {"field", ".spec.replicas"}}));
        QCOMPARE(f.api->store().revision(), revision);

        auto forced = f.send("PATCH", kWeb + "?fieldManager=kubectl&force=true", webConfig(2), kApplyType);
        QCOMPARE(forced.code, 200);
        QCOMPARE(ApiFixture::json(forced)["spec"]["replicas"], Json(2));
    }

    void badApplyRequestsChangeNothing_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString config = QString::fromStdString(webConfig(2));
        QTest::newRow("no fieldManager") << "" << config << QString::fromStdString(kApplyType) << 422
                                         << R"(PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch)";
        QTest::newRow("an unprintable fieldManager") << QString("?fieldManager=a\x07" "b") << config << QString::fromStdString(kApplyType) << 422
                                                     << R"(PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\u0007b": invalid character U+0007 (at position 1))";
        QTest::newRow("another version") << "?fieldManager=k"
                                         << R"({"apiVersion":"apps/v1beta1","kind":"Deployment","metadata":{"name":"web"}})"
                                         << QString::fromStdString(kApplyType) << 400
                                         << "Incorrect version specified in apply patch. Specified patch version: "
                                            "apps/v1beta1, expected: apps/v1";
        QTest::newRow("managedFields set") << "?fieldManager=k"
                                           << R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[]}})"
                                           << QString::fromStdString(kApplyType) << 400 << "metadata.managedFields must be nil";
        QTest::newRow("another name") << "?fieldManager=k"
                                      << R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"}})"
                                      << QString::fromStdString(kApplyType) << 400
                                      << "the name of the object (api) does not match the name on the URL (web)";
        QTest::newRow("an unknown field") << "?fieldManager=k"
                                          << R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicass":1}})"
                                          << QString::fromStdString(kApplyType) << 500
                                          << "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): "
                                             ".spec.replicass: field not declared in schema";
        QTest::newRow("not YAML") << "?fieldManager=k" << "a: [1" << QString::fromStdString(kApplyType) << 400 << "";
        QTest::newRow("force on a merge patch") << "?force=true" << R"({"spec":{"replicas":1}})"
                                                << "application/merge-patch+json" << 422
                                                << R"(PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch)";
    }

    void badApplyRequestsChangeNothing()
    {
        QFETCH(QString, query);
        QFETCH(QString, body);
        QFETCH(QString, contentType);
        QFETCH(int, code);
        QFETCH(QString, message);
        ApiFixture f;
        QCOMPARE(f.send("PATCH", kWeb + "?fieldManager=kubectl", webConfig(2), kApplyType).code, 201);
        const std::int64_t revision = f.api->store().revision();
        auto answer = f.send("PATCH", kWeb + query.toStdString(), body.toStdString(), contentType.toStdString());
        QCOMPARE(answer.code, code);
        const Json status = ApiFixture::json(answer);
        QCOMPARE(status["kind"], Json("Status"));
        if (!message.isEmpty())
            QCOMPARE(QString::fromStdString(status["message"].get<std::string>()), message);
        QCOMPARE(status.contains("reason"), code != 500); // upstream's unknown reason is left out
        QCOMPARE(f.api->store().revision(), revision);
    }

    void serverDryRunPersistsNothing()
    {
        ApiFixture f;
        auto dry = f.send("PATCH", kWeb + "?fieldManager=kubectl&dryRun=All", webConfig(2), kApplyType);
        QCOMPARE(dry.code, 201);
        QCOMPARE(ApiFixture::json(dry)["spec"]["replicas"], Json(2));
        QCOMPARE(f.send("GET", kWeb).code, 404);
    }
};

QTEST_GUILESS_MAIN(TestServerSideApply)
#include "tst_server_side_apply.moc"
