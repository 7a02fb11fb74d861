// Service account tokens: TokenRequest answers and RS256-signed JWTs (OpenSSL), with the
// signing key's public half as a JSON Web Key Set.
#include "core/apiserver/service_account_tokens.h"

#include "core/api/time_format.h"
#include "core/apiserver/status_response.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdint>

namespace k8slab::apiserver {

using api::Json;

namespace {

constexpr std::int64_t kDefaultExpirationSeconds = 3600;
constexpr std::int64_t kMinExpirationSeconds = 600;
constexpr std::int64_t kMaxExpirationSeconds = std::int64_t{1} << 32;

std::string base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals).toStdString();
}

std::string base64Url(std::string_view text)
{
    return base64Url(QByteArray(text.data(), static_cast<qsizetype>(text.size())));
}

QByteArray bigNumber(const EVP_PKEY *key, const char *name)
{
    BIGNUM *number = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &number))
        return {};
    QByteArray bytes(BN_num_bytes(number), '\0');
    BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(number);
    return bytes;
}

} // namespace

struct ServiceAccountTokens::Key {
    EVP_PKEY *pkey = nullptr;
    std::string id; // kid: base64url of the SHA-256 of the public key's DER, as upstream's

    ~Key() { EVP_PKEY_free(pkey); }

    std::string sign(std::string_view input) const
    {
        EVP_MD_CTX *context = EVP_MD_CTX_new();
        std::size_t size = 0;
        QByteArray signature;
        if (context && EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, pkey) == 1
            && EVP_DigestSign(context, nullptr, &size, reinterpret_cast<const unsigned char *>(input.data()), input.size()) == 1) {
            signature.resize(static_cast<qsizetype>(size));
            if (EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()), &size,
                               reinterpret_cast<const unsigned char *>(input.data()), input.size())
                != 1)
                signature.clear();
            signature.resize(static_cast<qsizetype>(size));
        }
        EVP_MD_CTX_free(context);
        return base64Url(signature);
    }
};

ServiceAccountTokens::ServiceAccountTokens() = default;
ServiceAccountTokens::~ServiceAccountTokens() = default;

ServiceAccountTokens::Key &ServiceAccountTokens::key()
{
    if (!m_key) {
        m_key = std::make_unique<Key>();
        m_key->pkey = EVP_RSA_gen(2048);
        unsigned char *der = nullptr;
        const int length = m_key->pkey ? i2d_PUBKEY(m_key->pkey, &der) : 0;
        if (length > 0) {
            const QByteArray publicKey(reinterpret_cast<const char *>(der), length);
            m_key->id = base64Url(QCryptographicHash::hash(publicKey, QCryptographicHash::Sha256));
        }
        OPENSSL_free(der);
    }
    return *m_key;
}

Result<Json> ServiceAccountTokens::answer(const Json &serviceAccount, Json request, const Json *bound, engine::TimePoint now,
                                          const std::string &tokenId)
{
    const std::string name = serviceAccount["metadata"].value("name", "");
    const std::string ns = serviceAccount["metadata"].value("namespace", "");
    Json &spec = request["spec"];
    if (!spec.is_object())
        spec = Json::object();
    std::int64_t expiration = kDefaultExpirationSeconds;
    if (spec.contains("expirationSeconds") && spec["expirationSeconds"].is_number_integer())
        expiration = spec["expirationSeconds"].get<std::int64_t>();
    std::vector<StatusCause> causes;
    if (expiration < kMinExpirationSeconds)
        causes.push_back({"spec.expirationSeconds", "FieldValueInvalid",
                          "Invalid value: " + std::to_string(expiration) + ": may not specify a duration less than 10 minutes"});
    else if (expiration > kMaxExpirationSeconds)
        causes.push_back({"spec.expirationSeconds", "FieldValueInvalid",
                          "Invalid value: " + std::to_string(expiration) + ": may not specify a duration larger than 2^32 seconds"});
    const Json &boundRef = spec.contains("boundObjectRef") ? spec["boundObjectRef"] : Json();
    const std::string boundKind = boundRef.is_object() ? boundRef.value("kind", "") : "";
    if (!boundKind.empty() && boundKind != "Pod" && boundKind != "Secret")
        causes.push_back({"spec.boundObjectRef.kind", "FieldValueNotSupported",
                          "Unsupported value: \"" + boundKind + "\": supported values: \"Pod\", \"Secret\""});
    if (!causes.empty())
        return invalidStatus("TokenRequest", "authentication.k8s.io", name, std::move(causes));
    if (!spec.contains("audiences") || !spec["audiences"].is_array() || spec["audiences"].empty())
        spec["audiences"] = Json::array({kIssuer});
    spec["expirationSeconds"] = expiration;
    if (!spec.contains("boundObjectRef"))
        spec["boundObjectRef"] = nullptr;

    const std::int64_t issuedAt = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    Json identity = {{"namespace", ns},
                     {"serviceaccount", {{"name", name}, {"uid", serviceAccount["metadata"].value("uid", "")}}}};
    if (bound) {
        const char *as = boundKind == "Pod" ? "pod" : "secret";
        identity[as] = {{"name", (*bound)["metadata"].value("name", "")}, {"uid", (*bound)["metadata"].value("uid", "")}};
    }
    const Json claims = {{"aud", spec["audiences"]},
                         {"exp", issuedAt + expiration},
                         {"iat", issuedAt},
                         {"iss", kIssuer},
                         {"jti", tokenId},
                         {"kubernetes.io", identity},
                         {"nbf", issuedAt},
                         {"sub", "system:serviceaccount:" + ns + ":" + name}};
    Key &signer = key();
    const Json header = {{"alg", "RS256"}, {"kid", signer.id}};
    const std::string signingInput = base64Url(header.dump()) + "." + base64Url(claims.dump());
    const std::string signature = signer.sign(signingInput);
    if (signature.empty())
        return Status(StatusCode::Internal, "failed to sign the token");

    request["apiVersion"] = "authentication.k8s.io/v1";
    request["kind"] = "TokenRequest";
    request["metadata"] = {{"name", name}, {"namespace", ns}, {"creationTimestamp", nullptr}};
    request["status"] = {{"token", signingInput + "." + signature},
                         {"expirationTimestamp", api::formatTime(now + std::chrono::seconds(expiration))}};
    return request;
}

Json ServiceAccountTokens::keySet()
{
    Key &signer = key();
    return {{"keys", Json::array({{{"use", "sig"},
                                   {"kty", "RSA"},
                                   {"kid", signer.id},
                                   {"alg", "RS256"},
                                   {"n", base64Url(bigNumber(signer.pkey, OSSL_PKEY_PARAM_RSA_N))},
                                   {"e", base64Url(bigNumber(signer.pkey, OSSL_PKEY_PARAM_RSA_E))}}})}};
}

Json ServiceAccountTokens::openIdConfiguration()
{
    return {{"issuer", kIssuer},
            {"jwks_uri", "https://172.18.0.2:6443/openid/v1/jwks"},
            {"response_types_supported", Json::array({"id_token"})},
            {"subject_types_supported", Json::array({"public"})},
            {"id_token_signing_alg_values_supported", Json::array({"RS256"})}};
}

} // namespace k8slab::apiserver
