#include "core/lab/manifests.h"

#include "core/api/yaml.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/resource_registry.h"
#include "core/client/client.h"

namespace k8slab::lab {

using api::Json;

Status createManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who)
{
    Result<std::vector<Json>> documents = api::parseYamlDocuments(yaml);
    if (!documents.ok())
        return documents.status();
    client::Client client(api, who);
    for (const Json &object : *documents) {
        const std::string apiVersion = object.value("apiVersion", "");
        const std::string kind = object.value("kind", "");
        const apiserver::ResourceInfo *info = apiserver::builtinResources().findKind(apiVersion, kind);
        if (!info)
            return Status(StatusCode::BadRequest, "no kind \"" + kind + "\" is served in version \"" + apiVersion + "\"");
        const std::string ns = info->namespaced
                                   ? object.value("metadata", Json::object()).value("namespace", std::string("default"))
                                   : std::string();
        // Each object is a user's action of its own: the root of the steps it leads to.
        engine::CauseScope root(api.loop(), 0);
        if (Result<Json> created = client.create(*info, ns, object); !created.ok())
            return Status(created.status().code(), kind + " \"" + object.value("metadata", Json::object()).value("name", "") +
                                                       "\": " + created.status().message());
    }
    return {};
}

} // namespace k8slab::lab
