#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/engine/time.h"

#include <memory>
#include <string>

namespace k8slab::apiserver {

/// Service account tokens as kube-apiserver's TokenRequest API issues them (`kubectl
/// create token`, POST serviceaccounts/<name>/token): JSON Web Tokens with upstream's
/// claims, signed RS256 with the server's own key — made when first needed — whose
/// public half is served as a JSON Web Key Set at /openid/v1/jwks, so a learner can
/// decode a token and check its signature. (The lab does not authenticate requests yet:
/// a token is accepted nowhere.)
class ServiceAccountTokens {
public:
    ServiceAccountTokens();
    ~ServiceAccountTokens();
    ServiceAccountTokens(const ServiceAccountTokens &) = delete;
    ServiceAccountTokens &operator=(const ServiceAccountTokens &) = delete;

    /// The issuer (the iss claim) and the default audience, as a kubeadm cluster's.
    static constexpr const char *kIssuer = "https://kubernetes.default.svc.cluster.local";

    /// Answers a TokenRequest for `serviceAccount`: `request` with its spec defaulted
    /// (audiences, expirationSeconds 3600) and its status holding the token and when it
    /// expires. `bound` is the object spec.boundObjectRef names (looked up by the caller),
    /// or null. Invalid, in upstream's words, for an expiration under 10 minutes or over
    /// 2^32 seconds and for a bound object of a kind other than Pod or Secret.
    Result<api::Json> answer(const api::Json &serviceAccount, api::Json request, const api::Json *bound,
                             engine::TimePoint now, const std::string &tokenId);

    /// The JSON Web Key Set of the signing key: {"keys":[{"kty":"RSA","alg":"RS256",...}]}.
    api::Json keySet();
    /// The OpenID provider configuration (/.well-known/openid-configuration).
    static api::Json openIdConfiguration();

private:
    struct Key;
    Key &key();
    std::unique_ptr<Key> m_key;
};

} // namespace k8slab::apiserver
