#include "core/kubelet/static_pods.h"

#include "core/api/yaml.h"
#include "core/apiserver/defaults.h"

#include <cctype>
#include <cstdio>

namespace k8slab::kubelet {

using api::Json;

namespace {

// FNV-1a with 128-bit state, as Go's hash/fnv New128a.
std::string fnv128a(const std::string &data)
{
    __extension__ typedef unsigned __int128 u128; // GCC's 128-bit integers (Go's fnv does the same arithmetic)
    const u128 prime = (u128(0x0000000001000000ULL) << 64) | 0x000000000000013BULL;
    u128 hash = (u128(0x6c62272e07bb0142ULL) << 64) | 0x62b821756295c58dULL;
    for (unsigned char c : data) {
        hash ^= c;
        hash *= prime;
    }
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(hash >> 64),
                  static_cast<unsigned long long>(hash));
    return hex;
}

Status invalid(const std::string &path, const std::string &why)
{
    return Status(StatusCode::Invalid, "static pod " + path + ": " + why);
}

} // namespace

Result<Json> readStaticPod(const std::string &path, const std::string &content, const std::string &nodeName,
                           const std::string &seen)
{
    Result<Json> parsed = api::parseYaml(content);
    if (!parsed.ok())
        return invalid(path, parsed.status().message());
    Json pod = std::move(*parsed);
    if (!pod.is_object() || pod.value("kind", "") != "Pod" || pod.value("apiVersion", "") != "v1")
        return invalid(path, "a static pod manifest holds one v1 Pod");
    Json &meta = pod["metadata"];
    if (!meta.is_object() || meta.value("name", "").empty())
        return invalid(path, "metadata.name: Required value");
    std::string node = nodeName;
    for (char &c : node)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const std::string uid = meta.value("uid", "").empty() ? fnv128a(content + "host:" + nodeName + "file:" + path)
                                                          : meta.value("uid", "");
    meta["name"] = meta.value("name", "") + "-" + node;
    if (meta.value("namespace", "").empty())
        meta["namespace"] = "default";
    meta["uid"] = uid;
    Json &annotations = meta["annotations"];
    if (!annotations.is_object())
        annotations = Json::object();
    annotations[StaticPodAnnotations::kHash] = uid;
    annotations[StaticPodAnnotations::kSource] = "file";
    annotations[StaticPodAnnotations::kSeen] = seen;
    Json &spec = pod["spec"];
    if (!spec.is_object())
        return invalid(path, "spec: Required value");
    spec["nodeName"] = nodeName;
    if (!spec["tolerations"].is_array())
        spec["tolerations"] = Json::array();
    spec["tolerations"].push_back({{"operator", "Exists"}, {"effect", "NoExecute"}});
    apiserver::applyDefaults("Pod", pod);
    pod["status"] = {{"phase", "Pending"}};
    return pod;
}

Json mirrorPodOf(const Json &staticPod, const Json &node)
{
    Json mirror = staticPod;
    Json &meta = mirror["metadata"];
    const std::string hash = meta.value("uid", "");
    meta.erase("uid");
    meta.erase("resourceVersion");
    meta["annotations"][StaticPodAnnotations::kMirror] = hash;
    const Json nodeMeta = node.value("metadata", Json::object());
    meta["ownerReferences"] = Json::array({{{"apiVersion", "v1"},
                                            {"kind", "Node"},
                                            {"name", nodeMeta.value("name", "")},
                                            {"uid", nodeMeta.value("uid", "")},
                                            {"controller", true}}});
    mirror.erase("status");
    return mirror;
}

bool isMirrorPod(const Json &pod)
{
    const Json meta = pod.value("metadata", Json::object());
    return meta.value("annotations", Json::object()).contains(StaticPodAnnotations::kMirror);
}

} // namespace k8slab::kubelet
