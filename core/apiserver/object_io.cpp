#include "core/apiserver/object_io.h"

#include <algorithm>
#include <cstdio>

namespace k8slab::apiserver {

using api::Json;

std::string objectKey(const ResourceInfo &info, const std::string &ns, const std::string &name)
{
    return info.namespaced ? info.storagePrefix() + ns + "/" + name : info.storagePrefix() + name;
}

std::string collectionPrefix(const ResourceInfo &info, const std::string &ns)
{
    return info.namespaced && !ns.empty() ? info.storagePrefix() + ns + "/" : info.storagePrefix();
}

Json decodeObject(const ResourceInfo &info, const store::KeyValue &kv)
{
    Json object = Json::parse(kv.value, nullptr, false);
    if (!object.is_object())
        object = Json::object();
    object["apiVersion"] = info.apiVersion();
    object["kind"] = info.kind;
    object["metadata"]["resourceVersion"] = std::to_string(kv.modRevision);
    return object;
}

std::string encodeObject(Json object)
{
    if (object.contains("metadata") && object["metadata"].is_object())
        object["metadata"].erase("resourceVersion");
    return object.dump();
}

std::string newUid(engine::Random &random)
{
    const std::uint64_t hi = random.next();
    const std::uint64_t lo = random.next();
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                  static_cast<unsigned long long>(hi >> 32), static_cast<unsigned long long>((hi >> 16) & 0xffff),
                  static_cast<unsigned long long>(hi & 0x0fff),
                  static_cast<unsigned long long>(((lo >> 48) & 0x3fff) | 0x8000),
                  static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    return buf;
}

const Json &jsonAt(const Json &object, std::string_view dottedPath)
{
    static const Json kNull;
    const Json *at = &object;
    std::size_t start = 0;
    while (start <= dottedPath.size()) {
        std::size_t dot = dottedPath.find('.', start);
        if (dot == std::string_view::npos)
            dot = dottedPath.size();
        const std::string_view key = dottedPath.substr(start, dot - start);
        if (!at->is_object())
            return kNull;
        const auto it = at->find(key);
        if (it == at->end())
            return kNull;
        at = &*it;
        start = dot + 1;
    }
    return *at;
}

std::optional<std::string> fieldValue(const ResourceInfo &info, const Json &object, std::string_view field)
{
    if (field == "metadata.name")
        return jsonAt(object, "metadata.name").is_string() ? jsonAt(object, "metadata.name").get<std::string>() : "";
    if (field == "metadata.namespace")
        return jsonAt(object, "metadata.namespace").is_string() ? jsonAt(object, "metadata.namespace").get<std::string>()
                                                                 : "";
    if (std::find(info.fieldSelectors.begin(), info.fieldSelectors.end(), field) == info.fieldSelectors.end())
        return std::nullopt;
    // Upstream quirks: source means source.component; podIPs means the first IP.
    std::string path(field);
    if (info.kind == "Event" && field == "source")
        path = "source.component";
    const Json &value = jsonAt(object, path == "status.podIPs" ? "status.podIP" : path);
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "true" : "false";
    if (value.is_number())
        return value.dump();
    // Absent booleans and numbers read as their zero value, as in Go.
    if (field == "spec.unschedulable" || field == "spec.hostNetwork")
        return "false";
    if (field == "status.replicas" || field == "status.successful")
        return "0";
    return "";
}

} // namespace k8slab::apiserver
