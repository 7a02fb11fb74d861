#include "core/controllers/namespace_controller.h"
#include "tests/support/controller_fixture.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

class TestNamespaceController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aDeletedNamespaceIsEmptiedThenGoes();
    void itWaitsForContentThatTakesItsTime();
};

void TestNamespaceController::aDeletedNamespaceIsEmptiedThenGoes()
{
    test::ControllerFixture<controllers::NamespaceController> c("kube-controller-manager/namespace");
    ApiFixture &f = c.f;
    QCOMPARE(f.send("POST", "/api/v1/namespaces", R"({"metadata":{"name":"class"}})").code, 201);
    QCOMPARE(f.send("POST", "/api/v1/namespaces/class/configmaps", R"({"metadata":{"name":"a"}})").code, 201);
    QCOMPARE(f.send("POST", "/apis/apps/v1/namespaces/class/deployments",
                    R"({"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}})").code, 201);
    QCOMPARE(f.send("DELETE", "/api/v1/namespaces/class").code, 200);
    QCOMPARE(ApiFixture::json(f.send("GET", "/api/v1/namespaces/class"))["status"]["phase"], Json("Terminating"));
    f.loop.runAll();
    QCOMPARE(f.send("GET", "/api/v1/namespaces/class/configmaps/a").code, 404);
    QCOMPARE(f.send("GET", "/apis/apps/v1/namespaces/class/deployments/d").code, 404);
    QCOMPARE(f.send("GET", "/api/v1/namespaces/class").code, 404);
}

void TestNamespaceController::itWaitsForContentThatTakesItsTime()
{
    test::ControllerFixture<controllers::NamespaceController> c("ns");
    ApiFixture &f = c.f;
    QCOMPARE(f.send("POST", "/api/v1/namespaces", R"({"metadata":{"name":"slow"}})").code, 201);
    QCOMPARE(f.send("POST", "/api/v1/namespaces/slow/configmaps", R"({"metadata":{"name":"held","finalizers":["example.com/x"]}})").code, 201);
    QCOMPARE(f.send("DELETE", "/api/v1/namespaces/slow").code, 200);
    f.loop.advance(std::chrono::seconds(10));
    QCOMPARE(f.send("GET", "/api/v1/namespaces/slow").code, 200); // held by the finalizer inside
    // The conditions say why, as kubectl describe namespace shows them.
    const Json held = ApiFixture::json(f.send("GET", "/api/v1/namespaces/slow"));
    std::map<std::string, std::string> messages;
    for (const Json &c : held["status"]["conditions"])
        messages[c["type"]] = c["message"];
    QCOMPARE(messages["NamespaceContentRemaining"], std::string("Some resources are remaining: configmaps. has 1 resource instances"));
    QCOMPARE(messages["NamespaceFinalizersRemaining"],
             std::string("Some content in the namespace has finalizers remaining: example.com/x in 1 resource instances"));
    QCOMPARE(f.send("PATCH", "/api/v1/namespaces/slow/configmaps/held", R"({"metadata":{"finalizers":null}})",
                    "application/merge-patch+json").code, 200);
    f.loop.advance(std::chrono::seconds(2));
    QCOMPARE(f.send("GET", "/api/v1/namespaces/slow").code, 404);
}

QTEST_GUILESS_MAIN(TestNamespaceController)
#include "tst_namespace_controller.moc"
