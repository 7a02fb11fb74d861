// rbac.authorization.k8s.io/v1 objects through the API server: stored with upstream's
// defaults, refused with upstream's validation messages, printed with upstream's columns.
// (The lab does not enforce them yet; auth can-i answers for its administrator.)
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {

const std::string kRoles = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles";
const std::string kBindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings";
const std::string kClusterBindings = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";

std::string role(const std::string &rules)
{
    return R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader"},"rules":)" + rules
           + "}";
}

const std::string kBinding =
    Json{{"apiVersion", "rbac.authorization.k8s.io/v1"},
         {"kind", "RoleBinding"},
         {"metadata", {{"name", "read-pods"}}},
         {"roleRef", {{"kind", "Role"}, {"name", "pod-reader"}}},
         {"subjects", Json::array({{{"kind", "User"}, {"name", "jane"}},
                                   {{"kind", "ServiceAccount"}, {"name", "builder"}, {"namespace", "default"}}})}}
        .dump();

} // namespace

class TestRbac : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rolesAndBindingsAreStoredWithUpstreamDefaults()
    {
        ApiFixture f;
        QCOMPARE(f.send("POST", kRoles, role(R"([{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}])")).code, 201);
        auto created = f.send("POST", kBindings, kBinding);
        QCOMPARE(created.code, 201);
        const Json binding = ApiFixture::json(created);
        QCOMPARE(binding["roleRef"]["apiGroup"], Json("rbac.authorization.k8s.io"));
        QCOMPARE(binding["subjects"][0]["apiGroup"], Json("rbac.authorization.k8s.io")); // a user's group
        QVERIFY(!binding["subjects"][1].contains("apiGroup"));                            // a service account's: none
        QVERIFY(!binding.contains("spec"));

        // The wide Table: ROLE as Kind/name, subjects by kind.
        auto table = f.send("GET", kBindings, {}, "application/json",
                            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        const Json row = ApiFixture::json(table)["rows"][0]["cells"];
        QCOMPARE(row[1], Json("Role/pod-reader"));
        QCOMPARE(row[3], Json("jane"));
        QCOMPARE(row[5], Json("default/builder"));
    }

    void aBindingsRoleCannotChange()
    {
        ApiFixture f;
        QCOMPARE(f.send("POST", kBindings, kBinding).code, 201);
        auto refused = f.send("PATCH", kBindings + "/read-pods", R"({"roleRef":{"name":"other"}})", "application/merge-patch+json");
        QCOMPARE(refused.code, 422);
        QCOMPARE(ApiFixture::json(refused)["message"],
                 Json(R"(RoleBinding.rbac.authorization.k8s.io "read-pods" is invalid: roleRef: Invalid value: )"
                      R"(rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"pod-reader"}: cannot change roleRef)"));
        // Its subjects may.
        QCOMPARE(f.send("PATCH", kBindings + "/read-pods", R"({"subjects":[{"kind":"Group","name":"ops"}]})",
                        "application/merge-patch+json")
                     .code,
                 200);
    }

    void invalidObjectsAreRefusedInUpstreamWords_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("a rule without verbs")
            << QString::fromStdString(kRoles) << QString::fromStdString(role(R"([{"apiGroups":[""],"resources":["pods"]}])"))
            << R"(Role.rbac.authorization.k8s.io "pod-reader" is invalid: rules[0].verbs: Required value: verbs must contain at least one value)";
        QTest::newRow("a rule without resources")
            << QString::fromStdString(kRoles) << QString::fromStdString(role(R"([{"apiGroups":[""],"verbs":["get"]}])"))
            << R"(Role.rbac.authorization.k8s.io "pod-reader" is invalid: rules[0].resources: Required value: resource rules must supply at least one resource)";
        QTest::newRow("a Role naming a URL")
            << QString::fromStdString(kRoles) << QString::fromStdString(role(R"([{"nonResourceURLs":["/healthz"],"verbs":["get"]}])"))
            << R"(Role.rbac.authorization.k8s.io "pod-reader" is invalid: rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs)";
        QTest::newRow("a cluster binding to a Role")
            << QString::fromStdString(kClusterBindings)
            << R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"Role","name":"r"}})"
            << R"(ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole")";
        QTest::newRow("a subject of no kind")
            << QString::fromStdString(kBindings)
            << R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b"},"roleRef":{"kind":"Role","name":"r"},"subjects":[{"kind":"Robot","name":"x"}]})"
            << R"(RoleBinding.rbac.authorization.k8s.io "b" is invalid: subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group")";
    }

    void invalidObjectsAreRefusedInUpstreamWords()
    {
        QFETCH(QString, path);
        QFETCH(QString, body);
        QFETCH(QString, message);
        ApiFixture f;
        const std::int64_t revision = f.api->store().revision();
        auto refused = f.send("POST", path.toStdString(), body.toStdString());
        QCOMPARE(refused.code, 422);
        QCOMPARE(QString::fromStdString(ApiFixture::json(refused)["message"].get<std::string>()), message);
        QCOMPARE(f.api->store().revision(), revision);
    }
};

QTEST_GUILESS_MAIN(TestRbac)
#include "tst_rbac.moc"
