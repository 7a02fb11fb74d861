// The review kinds (SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview):
// answered, never stored, create-only; and the verbs discovery reports are the verbs
// the server serves (405 otherwise) for every resource.
#include "core/apiserver/access_review.h"
#include "tests/support/api_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {
const std::string kAccess = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
const std::string kRules = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
const std::string kWhoAmI = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
} // namespace

class TestAccessReview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void accessIsAllowedAndNothingIsStored()
    {
        ApiFixture f;
        const std::int64_t revision = f.api->store().revision();
        const auto answered = f.send("POST", kAccess,
                                     R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{},)"
                                     R"("spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"pods"}}})");
        QCOMPARE(answered.code, 201);
        const Json review = ApiFixture::json(answered);
        QCOMPARE(review["status"]["allowed"], Json(true));
        QVERIFY(review["status"]["reason"].get<std::string>().find("no authorization") != std::string::npos);
        QCOMPARE(review["spec"]["resourceAttributes"]["verb"], Json("create"));
        QCOMPARE(review["metadata"], Json({{"creationTimestamp", nullptr}}));
        QCOMPARE(answered.writtenRevision, std::int64_t(0));
        QCOMPARE(f.api->store().revision(), revision);
    }

    void accessNeedsExactlyOneAttributeSet_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("neither") << "{}"
                                 << "spec.resourceAttributes"
                                 << "Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified";
        QTest::newRow("both") << R"({"resourceAttributes":{"verb":"get"},"nonResourceAttributes":{"path":"/healthz","verb":"get"}})"
                              << "spec.nonResourceAttributes"
                              << R"(Invalid value: {"path":"/healthz","verb":"get"}: cannot be specified in combination with resourceAttributes)";
    }

    void accessNeedsExactlyOneAttributeSet()
    {
        QFETCH(QString, spec);
        QFETCH(QString, field);
        QFETCH(QString, message);
        ApiFixture f;
        const auto answered = f.send("POST", kAccess,
                                     R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":)"
                                         + spec.toStdString() + "}");
        QCOMPARE(answered.code, 422);
        const Json status = ApiFixture::json(answered);
        QCOMPARE(status["reason"], Json("Invalid"));
        QCOMPARE(status["details"]["kind"], Json("SelfSubjectAccessReview"));
        QCOMPARE(status["details"]["group"], Json("authorization.k8s.io"));
        QCOMPARE(status["details"]["causes"][0]["field"], Json(field.toStdString()));
        QCOMPARE(status["details"]["causes"][0]["message"], Json(message.toStdString()));
        QVERIFY2(status["message"].get<std::string>().starts_with(
                     "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: " + field.toStdString()),
                 status["message"].get<std::string>().c_str());
    }

    void rulesAreEverything()
    {
        ApiFixture f;
        const auto answered = f.send("POST", kRules,
                                     R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":"default"}})");
        QCOMPARE(answered.code, 201);
        const Json status = ApiFixture::json(answered)["status"];
        QCOMPARE(status["resourceRules"], Json::parse(R"([{"verbs":["*"],"apiGroups":["*"],"resources":["*"]}])"));
        QCOMPARE(status["nonResourceRules"], Json::parse(R"([{"verbs":["*"],"nonResourceURLs":["*"]}])"));
        QCOMPARE(status["incomplete"], Json(false));
    }

    void whoAmIIsTheLabAdministrator()
    {
        ApiFixture f;
        const auto answered = f.send("POST", kWhoAmI, R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})");
        QCOMPARE(answered.code, 201);
        const Json user = ApiFixture::json(answered)["status"]["userInfo"];
        QCOMPARE(user["username"], Json(apiserver::labUser().username));
        QCOMPARE(user["groups"], Json(apiserver::labUser().groups));
    }

    void aReviewOfAnotherKindIsRefused()
    {
        ApiFixture f;
        const auto answered = f.send("POST", kWhoAmI, R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}})");
        QCOMPARE(answered.code, 400);
    }

    void onlyTheVerbsDiscoveryReportsAreServed_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code");
        QTest::newRow("list reviews") << "GET" << QString::fromStdString(kAccess) << 405;
        QTest::newRow("get a review") << "GET" << QString::fromStdString(kWhoAmI + "/x") << 405;
        QTest::newRow("delete reviews") << "DELETE" << QString::fromStdString(kRules) << 405;
        QTest::newRow("list bindings") << "GET" << "/api/v1/namespaces/default/bindings" << 405;
        QTest::newRow("put a log") << "PUT" << "/api/v1/namespaces/default/pods/p/log" << 405;
        QTest::newRow("delete an eviction") << "DELETE" << "/api/v1/namespaces/default/pods/p/eviction" << 405;
        QTest::newRow("list pods still works") << "GET" << "/api/v1/namespaces/default/pods" << 200;
    }

    void onlyTheVerbsDiscoveryReportsAreServed()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(int, code);
        ApiFixture f;
        const auto answered = f.send(method.toStdString(), path.toStdString());
        QCOMPARE(answered.code, code);
        if (code == 405)
            QCOMPARE(ApiFixture::json(answered)["reason"], Json("MethodNotAllowed"));
    }

    void watchingReviewsIsRefused()
    {
        ApiFixture f;
        apiserver::ApiRequest request;
        request.method = "GET";
        request.path = kAccess;
        request.query.emplace("watch", "true");
        auto watch = f.api->startWatch(request, [](std::string, store::Revision) {});
        QVERIFY(!watch.ok());
        QCOMPARE(watch.status().code(), StatusCode::MethodNotAllowed);
    }

    void thePodsBindingsCollectionBindsAndStoresNoBinding()
    {
        ApiFixture f;
        QCOMPARE(f.send("POST", "/api/v1/namespaces/default/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}})")
                     .code,
                 201);
        const auto bound = f.send("POST", "/api/v1/namespaces/default/bindings",
                                  R"({"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"n1"}})");
        QCOMPARE(bound.code, 201);
        QCOMPARE(ApiFixture::json(bound)["kind"], Json("Status"));
        QCOMPARE(ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/pods/p"))["spec"]["nodeName"], Json("n1"));
        QVERIFY(f.api->store().get("/registry/bindings/default/p").status().code() == StatusCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestAccessReview)
#include "tst_access_review.moc"
