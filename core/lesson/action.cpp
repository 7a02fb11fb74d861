#include "core/lesson/action.h"

#include "core/api/yaml.h"
#include "core/lab/lab_control.h"
#include "core/lesson/check.h"
#include "core/lesson/fault_action.h"
#include "core/lesson/object_ref.h"

#include <QFile>

namespace k8slab::lesson {

using api::Json;

namespace {

Status invalid(const std::string &where, const std::string &message)
{
    return Status(StatusCode::Invalid, where + ": " + message);
}

bool nonEmptyString(const Json &spec, const char *key)
{
    const auto it = spec.find(key);
    return it != spec.end() && it->is_string() && !it->get<std::string>().empty();
}

// {kind, name, namespace?}: the object an action changes.
Status checkTarget(const Json &spec, const std::string &where)
{
    if (!spec.is_object())
        return invalid(where, "wants {kind, name, namespace}");
    if (Result<const apiserver::ResourceInfo *> kind = resolveKind(spec); !kind.ok())
        return invalid(where, kind.status().message());
    if (!nonEmptyString(spec, "name"))
        return invalid(where, "name: is missing");
    return {};
}

Status readApply(const Json &value, const std::string &where, const std::string &dir, Json &spec)
{
    std::string file;
    if (value.is_string())
        file = value.get<std::string>();
    else if (value.is_object() && nonEmptyString(value, "file"))
        file = value["file"].get<std::string>();
    if (!file.empty()) {
        QFile in(QString::fromStdString(dir + "/" + file));
        if (!in.open(QIODevice::ReadOnly))
            return invalid(where, "cannot read " + file + ": " + in.errorString().toStdString());
        spec = Json{{"file", file}, {"yaml", in.readAll().toStdString()}};
    } else if (value.is_object() && nonEmptyString(value, "yaml")) {
        spec = Json{{"yaml", value["yaml"]}};
    } else {
        return invalid(where, "apply wants a manifest file (manifests/x.yaml) or {yaml: ...}");
    }
    Result<std::vector<Json>> documents = api::parseYamlDocuments(spec["yaml"].get<std::string>());
    if (!documents.ok())
        return invalid(where, documents.status().message());
    if (documents->empty())
        return invalid(where, "the manifest holds no object");
    for (const Json &object : *documents) {
        if (!object.is_object())
            return invalid(where, "each document wants to be an object");
        if (Result<const apiserver::ResourceInfo *> kind = resolveKind(object); !kind.ok())
            return invalid(where, kind.status().message());
        if (!object.contains("metadata") || !nonEmptyString(object["metadata"], "name"))
            return invalid(where, "metadata.name: is missing");
    }
    return {};
}

} // namespace

const std::vector<std::string> &actionTypes()
{
    static const std::vector<std::string> types = {"apply", "delete", "scale", "patch", "label",
                                                   "kubectl", "fault", "staticPod", "advance", "wait"};
    return types;
}

Result<Action> readAction(const Json &value, const std::string &where, const std::string &dir)
{
    if (!value.is_object() || value.size() != 1)
        return invalid(where, "wants one action, e.g. {apply: manifests/pod.yaml}");
    Action action;
    action.type = value.begin().key();
    action.where = where;
    const Json &body = value.begin().value();
    const std::string at = where + "." + action.type;
    if (action.type == "apply") {
        if (Status s = readApply(body, at, dir, action.spec); !s.ok())
            return s;
    } else if (action.type == "delete" || action.type == "scale" || action.type == "patch" || action.type == "label") {
        if (Status s = checkTarget(body, at); !s.ok())
            return s;
        action.spec = body;
        if (action.type == "scale" && (!body.contains("replicas") || !body["replicas"].is_number_integer() ||
                                       body["replicas"].get<int>() < 0))
            return invalid(at + ".replicas", "wants a number of replicas");
        if (action.type == "patch") {
            if (!body.contains("patch") || !(body["patch"].is_object() || body["patch"].is_array()))
                return invalid(at + ".patch", "wants the patch (a map, or a list for a JSON patch)");
            const std::string type = body.value("type", body["patch"].is_array() ? "json" : "merge");
            if (type != "merge" && type != "strategic" && type != "json")
                return invalid(at + ".type", "wants merge, strategic or json");
            action.spec["type"] = type;
        }
        if (action.type == "label" && (!body.contains("labels") || !body["labels"].is_object()))
            return invalid(at + ".labels", "wants a map of labels (null removes one)");
    } else if (action.type == "kubectl") {
        if (body.is_string() && !body.get<std::string>().empty())
            action.spec = Json{{"args", body}, {"expectFailure", false}};
        else if (body.is_object() && nonEmptyString(body, "args"))
            action.spec = Json{{"args", body["args"]}, {"expectFailure", body.value("expectFailure", false)}};
        else
            return invalid(at, "wants kubectl's arguments, e.g. \"get pods -o wide\"");
    } else if (action.type == "fault") {
        if (Status s = parseFault(body, at, action.spec); !s.ok())
            return s;
    } else if (action.type == "staticPod") {
        // {node, manifest: manifests/x.yaml} puts a file in the node's static pod folder;
        // {node, remove: x.yaml} takes it away.
        if (!body.is_object() || !nonEmptyString(body, "node") || (body.contains("manifest") == body.contains("remove")))
            return invalid(at, "wants {node: NODE, manifest: manifests/x.yaml} or {node: NODE, remove: x.yaml}");
        if (body.contains("remove")) {
            if (!nonEmptyString(body, "remove") || body["remove"].get<std::string>().find('/') != std::string::npos)
                return invalid(at + ".remove", "wants the file's name in the folder, e.g. x.yaml");
            action.spec = Json{{"node", body["node"]}, {"remove", body["remove"]}};
        } else {
            Json read;
            if (Status s = readApply(body["manifest"], at + ".manifest", dir, read); !s.ok())
                return s;
            const std::string file = read.value("file", "");
            if (file.empty())
                return invalid(at + ".manifest", "wants a manifest file (manifests/x.yaml)");
            action.spec = Json{{"node", body["node"]}, {"file", file.substr(file.rfind('/') + 1)}, {"yaml", read["yaml"]}};
        }
    } else if (action.type == "advance") {
        const auto d = body.is_string() ? lab::parseDuration(body.get<std::string>()) : std::nullopt;
        if (!d || d->count() <= 0)
            return invalid(at, "wants a duration like \"30s\" or \"5m\"");
        action.spec = Json{{"ns", d->count()}, {"text", body}};
    } else if (action.type == "wait") {
        if (!body.is_object() || !body.contains("for"))
            return invalid(at, "wants {for: CHECK, timeout: 2m}");
        if (Status s = validateCheck(body["for"], at + ".for"); !s.ok())
            return s;
        const auto d = lab::parseDuration(body.value("timeout", std::string("2m")));
        if (!d || d->count() <= 0)
            return invalid(at + ".timeout", "wants a duration like \"60s\"");
        action.spec = Json{{"for", body["for"]}, {"ns", d->count()}};
    } else {
        return invalid(where, "unknown action \"" + action.type + "\"");
    }
    return action;
}

} // namespace k8slab::lesson
