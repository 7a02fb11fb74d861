#include "core/lab/manifests.h"

#include "core/api/yaml.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/resource_registry.h"
#include "core/client/client.h"

#include <functional>

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

std::string kubectlName(const apiserver::ResourceInfo &info, const std::string &name)
{
    return info.singular + (info.group.empty() ? "" : "." + info.group) + "/" + name;
}

namespace {

const apiserver::ResourceInfo *resourceOf(const Json &object)
{
    return apiserver::builtinResources().findKind(object.value("apiVersion", ""), object.value("kind", ""));
}

// The same error, its message led by the object it concerns; the field causes stay.
Status about(const std::string &object, const Status &status)
{
    return Status(status.code(), object + ": " + status.message(), status.causes());
}

using Each = std::function<Result<std::string>(client::Client &, const apiserver::ResourceInfo &, const std::string &ns,
                                                const std::string &name, Json &object)>;

Result<std::vector<ManifestResult>> forEachObject(apiserver::ApiServer &api, std::string_view yaml, const std::string &who,
                                                  std::size_t *failedDocument, const Each &each)
{
    Result<std::vector<Json>> documents = api::parseYamlDocuments(yaml);
    if (!documents.ok())
        return documents.status();
    client::Client client(api, who);
    std::vector<ManifestResult> results;
    for (std::size_t i = 0; i < documents->size(); ++i) {
        Json &object = (*documents)[i];
        if (failedDocument)
            *failedDocument = i;
        if (!object.is_object())
            return Status(StatusCode::BadRequest, "document " + std::to_string(i + 1) + " is not an object");
        const apiserver::ResourceInfo *info = resourceOf(object);
        if (!info)
            return Status(StatusCode::BadRequest, "no kind \"" + object.value("kind", "") + "\" is served in version \"" +
                                                      object.value("apiVersion", "") + "\"");
        const Json meta = object.value("metadata", Json::object());
        const std::string ns = info->namespaced ? (meta.value("namespace", "").empty() ? "default" : meta.value("namespace", ""))
                                                : std::string();
        const std::string name = meta.value("name", "");
        // Each object is a user's action of its own: the root of the steps it leads to.
        engine::CauseScope root(api.loop(), 0);
        Result<std::string> verb = each(client, *info, ns, name, object);
        if (!verb.ok())
            return about(kubectlName(*info, name), verb.status());
        results.push_back({kubectlName(*info, name), *verb});
    }
    return results;
}

} // namespace

Result<std::vector<ManifestResult>> applyManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who,
                                                   std::size_t *failedDocument)
{
    return forEachObject(api, yaml, who, failedDocument,
                         [](client::Client &client, const apiserver::ResourceInfo &info, const std::string &ns,
                            const std::string &name, Json &object) -> Result<std::string> {
                             Result<Json> done = client.create(info, ns, object);
                             if (done.ok())
                                 return std::string("created");
                             if (done.status().code() != StatusCode::AlreadyExists)
                                 return done.status();
                             object.erase("status");
                             done = client.patch(info, ns, name, "application/merge-patch+json", object);
                             if (!done.ok())
                                 return done.status();
                             return std::string("configured");
                         });
}

Result<std::vector<ManifestResult>> deleteManifests(apiserver::ApiServer &api, std::string_view yaml, const std::string &who,
                                                    std::size_t *failedDocument)
{
    return forEachObject(api, yaml, who, failedDocument,
                         [](client::Client &client, const apiserver::ResourceInfo &info, const std::string &ns,
                            const std::string &name, Json &) -> Result<std::string> {
                             Result<Json> done = client.remove(info, ns, name, {{"propagationPolicy", "Background"}});
                             if (!done.ok())
                                 return done.status();
                             return std::string("deleted");
                         });
}

} // namespace k8slab::lab
