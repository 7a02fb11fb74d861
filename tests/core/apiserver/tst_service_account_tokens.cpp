// Service account tokens (TokenRequest, kubectl create token): upstream's claims, an
// RS256 signature that checks against the key set at /openid/v1/jwks, and the limits
// upstream puts on a request.
#include "core/apiserver/service_account_tokens.h"
#include "tests/support/api_fixture.h"

#include <QByteArray>
#include <QTest>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

using namespace k8slab;
using api::Json;
using test::ApiFixture;

namespace {

const std::string kTokenPath = "/api/v1/namespaces/default/serviceaccounts/builder/token";

QByteArray fromBase64Url(const std::string &text)
{
    return QByteArray::fromBase64(QByteArray::fromStdString(text), QByteArray::Base64UrlEncoding);
}

struct Jwt {
    Json header;
    Json claims;
    std::string signingInput;
    QByteArray signature;
};

Jwt split(const std::string &token)
{
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    return {Json::parse(fromBase64Url(token.substr(0, first)).toStdString()),
            Json::parse(fromBase64Url(token.substr(first + 1, second - first - 1)).toStdString()),
            token.substr(0, second), fromBase64Url(token.substr(second + 1))};
}

// Checks an RS256 signature with the RSA public key a JWK gives (n, e), as any JWT
// library would with the cluster's key set.
bool verifies(const Jwt &jwt, const Json &jwk)
{
    const QByteArray n = fromBase64Url(jwk["n"]);
    const QByteArray e = fromBase64Url(jwk["e"]);
    BIGNUM *bn = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.data()), int(n.size()), nullptr);
    BIGNUM *be = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.data()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn);
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, be);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX *fromData = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    bool ok = EVP_PKEY_fromdata_init(fromData) == 1 && EVP_PKEY_fromdata(fromData, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    ok = ok && EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key) == 1
         && EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(jwt.signature.data()),
                             std::size_t(jwt.signature.size()),
                             reinterpret_cast<const unsigned char *>(jwt.signingInput.data()), jwt.signingInput.size())
                == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(fromData);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    BN_free(bn);
    BN_free(be);
    return ok;
}

bool createServiceAccount(ApiFixture &f)
{
    return f.send("POST", "/api/v1/namespaces/default/serviceaccounts",
                  R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder"}})")
               .code
           == 201;
}

} // namespace

class TestServiceAccountTokens : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTokenRequestIsAnsweredWithASignedToken()
    {
        ApiFixture f;
        QVERIFY(createServiceAccount(f));
        const std::string saUid = ApiFixture::json(f.send("GET", "/api/v1/namespaces/default/serviceaccounts/builder"))
                                      ["metadata"]["uid"];
        auto answer = f.send("POST", kTokenPath, R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}})");
        QCOMPARE(answer.code, 201);
        const Json request = ApiFixture::json(answer);
        QCOMPARE(request["kind"], Json("TokenRequest"));
        QCOMPARE(request["spec"]["expirationSeconds"], Json(3600));
        QCOMPARE(request["spec"]["audiences"], Json::array({"https://kubernetes.default.svc.cluster.local"}));
        QCOMPARE(request["status"]["expirationTimestamp"], Json("2025-01-01T01:00:00Z")); // the fixture's clock + 1 h

        const Jwt jwt = split(request["status"]["token"]);
        QCOMPARE(jwt.header["alg"], Json("RS256"));
        QCOMPARE(jwt.claims["sub"], Json("system:serviceaccount:default:builder"));
        QCOMPARE(jwt.claims["iss"], Json("https://kubernetes.default.svc.cluster.local"));
        QCOMPARE(jwt.claims["exp"].get<std::int64_t>() - jwt.claims["iat"].get<std::int64_t>(), std::int64_t(3600));
        QCOMPARE(jwt.claims["kubernetes.io"]["serviceaccount"]["uid"], Json(saUid));

        // The key set at /openid/v1/jwks checks the signature; a changed claim does not pass.
        auto keys = f.send("GET", "/openid/v1/jwks");
        QCOMPARE(keys.code, 200);
        QCOMPARE(keys.contentType, std::string("application/jwk-set+json"));
        const Json jwk = ApiFixture::json(keys)["keys"][0];
        QCOMPARE(jwk["kid"], jwt.header["kid"]);
        QVERIFY(verifies(jwt, jwk));
        Jwt forged = jwt;
        forged.signingInput.back() = forged.signingInput.back() == 'A' ? 'B' : 'A';
        QVERIFY(!verifies(forged, jwk));
        QCOMPARE(ApiFixture::json(f.send("GET", "/.well-known/openid-configuration"))["jwks_uri"],
                 Json("https://172.18.0.2:6443/openid/v1/jwks"));
    }

    void aTokenMayBeBoundToAPod()
    {
        ApiFixture f;
        QVERIFY(createServiceAccount(f));
        QCOMPARE(f.send("POST", "/api/v1/namespaces/default/pods",
                        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}})")
                     .code,
                 201);
        auto answer = f.send("POST", kTokenPath,
                             R"({"spec":{"expirationSeconds":600,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p"}}})");
        QCOMPARE(answer.code, 201);
        const Jwt jwt = split(ApiFixture::json(answer)["status"]["token"]);
        QCOMPARE(jwt.claims["kubernetes.io"]["pod"]["name"], Json("p"));
        QCOMPARE(jwt.claims["exp"].get<std::int64_t>() - jwt.claims["iat"].get<std::int64_t>(), std::int64_t(600));
        QCOMPARE(f.send("POST", kTokenPath, R"({"spec":{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"gone"}}})").code,
                 404);
    }

    void badRequestsAreRefusedAsUpstreamRefusesThem_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no such service account")
            << "/api/v1/namespaces/default/serviceaccounts/nope/token" << "{}" << 404 << R"(serviceaccounts "nope" not found)";
        QTest::newRow("under ten minutes")
            << QString::fromStdString(kTokenPath) << R"({"spec":{"expirationSeconds":300}})" << 422
            << R"(TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes)";
        QTest::newRow("over 2^32 seconds")
            << QString::fromStdString(kTokenPath) << R"({"spec":{"expirationSeconds":5000000000}})" << 422
            << R"(TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 5000000000: may not specify a duration larger than 2^32 seconds)";
        QTest::newRow("bound to a kind tokens cannot be")
            << QString::fromStdString(kTokenPath) << R"({"spec":{"boundObjectRef":{"kind":"ConfigMap","name":"x"}}})" << 422
            << R"(TokenRequest.authentication.k8s.io "builder" is invalid: spec.boundObjectRef.kind: Unsupported value: "ConfigMap": supported values: "Pod", "Secret")";
        QTest::newRow("another kind of body")
            << QString::fromStdString(kTokenPath) << R"({"apiVersion":"v1","kind":"Pod"})" << 400
            << R"(Pod in version "v1" cannot be handled as a TokenRequest)";
    }

    void badRequestsAreRefusedAsUpstreamRefusesThem()
    {
        QFETCH(QString, path);
        QFETCH(QString, body);
        QFETCH(int, code);
        QFETCH(QString, message);
        ApiFixture f;
        QVERIFY(createServiceAccount(f));
        auto answer = f.send("POST", path.toStdString(), body.toStdString());
        QCOMPARE(answer.code, code);
        QCOMPARE(QString::fromStdString(ApiFixture::json(answer)["message"].get<std::string>()), message);
    }
};

QTEST_GUILESS_MAIN(TestServiceAccountTokens)
#include "tst_service_account_tokens.moc"
