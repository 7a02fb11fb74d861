#include "core/kubelet/container_inputs.h"

#include <QByteArray>

#include <algorithm>

namespace k8slab::kubelet {

using api::Json;

namespace {

std::string str(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A ConfigMap's or Secret's data as text (a Secret's values are base64).
std::map<std::string, std::string> dataOf(const Json &object, bool secret)
{
    std::map<std::string, std::string> data;
    const Json values = object.value("data", Json::object());
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!it->is_string())
            continue;
        const std::string value = it->get<std::string>();
        data[it.key()] = secret ? QByteArray::fromBase64(QByteArray::fromStdString(value)).toStdString() : value;
    }
    const Json binary = secret ? Json::object() : object.value("binaryData", Json::object());
    for (auto it = binary.begin(); it != binary.end(); ++it)
        if (it->is_string())
            data[it.key()] = QByteArray::fromBase64(QByteArray::fromStdString(it->get<std::string>())).toStdString();
    return data;
}

struct Source {
    bool secret = false;
    std::string name;
    bool optional = false;
};

// The data of a ConfigMap or Secret; nullopt with `error` set when it must exist and does not.
std::optional<std::map<std::string, std::string>> load(const Source &source, const std::string &ns, const ObjectReader &read,
                                                       std::string &error)
{
    std::optional<Json> object = read(source.secret ? "secrets" : "configmaps", ns, source.name);
    if (!object) {
        if (source.optional)
            return std::map<std::string, std::string>{};
        error = std::string(source.secret ? "secret" : "configmap") + " \"" + source.name + "\" not found";
        return std::nullopt;
    }
    return dataOf(*object, source.secret);
}

// metadata.labels as the downward API writes them: key="value" lines, sorted.
std::string mapFile(const Json &map)
{
    std::string text;
    for (auto it = map.begin(); it != map.end(); ++it)
        text += it.key() + "=\"" + (it->is_string() ? it->get<std::string>() : it->dump()) + "\"\n";
    return text;
}

std::optional<std::string> fieldOf(const Json &pod, const std::string &path, const std::string &podIP)
{
    const Json meta = pod.value("metadata", Json::object());
    const Json spec = pod.value("spec", Json::object());
    if (path == "metadata.name" || path == "metadata.namespace" || path == "metadata.uid")
        return str(meta, path.substr(9).c_str());
    if (path == "metadata.labels")
        return mapFile(meta.value("labels", Json::object()));
    if (path == "metadata.annotations")
        return mapFile(meta.value("annotations", Json::object()));
    for (const char *prefix : {"metadata.labels['", "metadata.annotations['"}) {
        const std::string p = prefix;
        if (path.starts_with(p) && path.ends_with("']")) {
            const Json map = meta.value(p.find("labels") != std::string::npos ? "labels" : "annotations", Json::object());
            return str(map, path.substr(p.size(), path.size() - p.size() - 2).c_str());
        }
    }
    if (path == "spec.nodeName" || path == "spec.serviceAccountName")
        return str(spec, path.substr(5).c_str());
    if (path == "status.podIP")
        return podIP;
    if (path == "status.hostIP")
        return str(pod.value("status", Json::object()), "hostIP");
    return std::nullopt;
}

Source sourceOf(const Json &ref, bool secret)
{
    return {secret, str(ref, secret && ref.contains("secretName") ? "secretName" : "name"), ref.value("optional", false)};
}

} // namespace

Result<ContainerInputs> containerInputs(const Json &pod, const Json &container, const std::string &podIP,
                                        const ObjectReader &read)
{
    ContainerInputs inputs;
    const std::string ns = pod.value("metadata", Json::object()).value("namespace", "default");
    std::string error;
    const auto fail = [&error] { return Status(StatusCode::FailedPrecondition, error); };

    // Environment: envFrom first (later entries win), then env.
    for (const Json &from : container.value("envFrom", Json::array())) {
        const bool secret = from.contains("secretRef");
        const Json ref = from.value(secret ? "secretRef" : "configMapRef", Json::object());
        auto data = load(sourceOf(ref, secret), ns, read, error);
        if (!data)
            return fail();
        for (const auto &[key, value] : *data)
            inputs.env.emplace_back(str(from, "prefix") + key, value);
    }
    for (const Json &e : container.value("env", Json::array())) {
        const std::string name = str(e, "name");
        if (e.contains("value")) {
            inputs.env.emplace_back(name, str(e, "value"));
            continue;
        }
        const Json from = e.value("valueFrom", Json::object());
        if (from.contains("fieldRef")) {
            if (auto value = fieldOf(pod, str(from["fieldRef"], "fieldPath"), podIP))
                inputs.env.emplace_back(name, *value);
            continue;
        }
        const bool secret = from.contains("secretKeyRef");
        if (!secret && !from.contains("configMapKeyRef"))
            continue;
        const Json ref = from[secret ? "secretKeyRef" : "configMapKeyRef"];
        auto data = load(sourceOf(ref, secret), ns, read, error);
        if (!data)
            return fail();
        const std::string key = str(ref, "key");
        if (const auto it = data->find(key); it != data->end())
            inputs.env.emplace_back(name, it->second);
        else if (!ref.value("optional", false))
            return Status(StatusCode::FailedPrecondition, "couldn't find key " + key + " in " +
                                                              (secret ? "Secret " : "ConfigMap ") + ns + "/" + str(ref, "name"));
    }

    // Volumes: each mount of a configMap, secret or downwardAPI volume becomes files.
    const Json volumes = pod.value("spec", Json::object()).value("volumes", Json::array());
    for (const Json &mount : container.value("volumeMounts", Json::array())) {
        const std::string volumeName = str(mount, "name");
        const auto volume = std::find_if(volumes.begin(), volumes.end(),
                                         [&](const Json &v) { return str(v, "name") == volumeName; });
        if (volume == volumes.end())
            continue;
        std::string dir = str(mount, "mountPath");
        while (dir.size() > 1 && dir.back() == '/')
            dir.pop_back();
        const bool secret = volume->contains("secret");
        if (secret || volume->contains("configMap")) {
            const Json ref = (*volume)[secret ? "secret" : "configMap"];
            auto data = load(sourceOf(ref, secret), ns, read, error);
            if (!data)
                return fail();
            const Json items = ref.value("items", Json::array());
            if (items.empty()) {
                for (const auto &[key, value] : *data)
                    inputs.files[dir + "/" + key] = value;
            }
            for (const Json &item : items) {
                const auto it = data->find(str(item, "key"));
                if (it != data->end())
                    inputs.files[dir + "/" + str(item, "path")] = it->second;
                else if (!ref.value("optional", false))
                    return Status(StatusCode::FailedPrecondition,
                                  "configmap references non-existent config key: " + str(item, "key"));
            }
        } else if (volume->contains("downwardAPI")) {
            for (const Json &item : (*volume)["downwardAPI"].value("items", Json::array()))
                if (item.contains("fieldRef"))
                    if (auto value = fieldOf(pod, str(item["fieldRef"], "fieldPath"), podIP))
                        inputs.files[dir + "/" + str(item, "path")] = *value;
        }
    }
    return inputs;
}

} // namespace k8slab::kubelet
