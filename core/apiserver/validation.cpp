#include "core/apiserver/validation.h"

#include "core/api/selectors.h"
#include "core/apiserver/validation_causes.h"

#include <cctype>
#include <functional>
#include <map>
#include <regex>

namespace k8slab::apiserver {

using api::Json;

namespace {

const std::regex kLabelRe("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
const std::regex kSubdomainRe("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");


void validateContainers(const Json &spec, const std::string &path, std::vector<StatusCause> &causes)
{
    if (!spec.contains("containers") || !spec["containers"].is_array() || spec["containers"].empty()) {
        causes.push_back(required(path + ".containers"));
        return;
    }
    for (const char *list : {"initContainers", "containers"}) {
        if (!spec.contains(list) || !spec[list].is_array())
            continue;
        for (std::size_t i = 0; i < spec[list].size(); ++i) {
            const Json &c = spec[list][i];
            const std::string at = path + "." + list + "[" + std::to_string(i) + "]";
            if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty())
                causes.push_back(required(at + ".name"));
            else if (std::string why = dnsLabelError(c["name"].get<std::string>()); !why.empty())
                causes.push_back(invalid(at + ".name", c["name"], why));
            if (!c.contains("image") || !c["image"].is_string() || c["image"].get<std::string>().empty())
                causes.push_back(required(at + ".image"));
        }
    }
    if (spec.contains("restartPolicy")) {
        const std::vector<std::string> allowed = {"Always", "OnFailure", "Never"};
        if (std::find(allowed.begin(), allowed.end(), spec["restartPolicy"]) == allowed.end())
            causes.push_back(notSupported(path + ".restartPolicy", spec["restartPolicy"], allowed));
    }
}

void validatePod(const Json &obj, std::vector<StatusCause> &causes)
{
    validateContainers(obj.value("spec", Json::object()), "spec", causes);
}

// Workloads: a selector is required and must select the template's labels.
void validateWorkload(const Json &obj, std::vector<StatusCause> &causes, bool selectorRequired)
{
    const Json spec = obj.value("spec", Json::object());
    if (spec.contains("replicas") && spec["replicas"].is_number_integer() && spec["replicas"].get<long long>() < 0)
        causes.push_back(invalid("spec.replicas", spec["replicas"], "must be greater than or equal to 0"));
    const Json tmpl = spec.value("template", Json::object());
    const Json labels = tmpl.value("metadata", Json::object()).value("labels", Json::object());
    if (!spec.contains("selector") || spec["selector"].is_null()) {
        if (selectorRequired)
            causes.push_back(required("spec.selector"));
    } else {
        auto selector = api::LabelSelector::fromJson(spec["selector"]);
        if (!selector.ok())
            causes.push_back(invalid("spec.selector", spec["selector"], selector.status().message()));
        else if (selector->empty())
            causes.push_back(invalid("spec.selector", spec["selector"], "empty selector is invalid for deployment"));
        else if (!selector->matches(labels))
            causes.push_back(invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"));
    }
    validateContainers(tmpl.value("spec", Json::object()), "spec.template.spec", causes);
}

// A ReplicationController's selector is a plain map matched by equality (not a
// LabelSelector); defaulting fills it from the template's labels when it is left out.
void validateReplicationController(const Json &obj, std::vector<StatusCause> &causes)
{
    const Json spec = obj.value("spec", Json::object());
    if (spec.contains("replicas") && spec["replicas"].is_number_integer() && spec["replicas"].get<long long>() < 0)
        causes.push_back(invalid("spec.replicas", spec["replicas"], "must be greater than or equal to 0"));
    const Json tmpl = spec.value("template", Json::object());
    const Json labels = tmpl.value("metadata", Json::object()).value("labels", Json::object());
    const Json selector = spec.value("selector", Json::object());
    if (!selector.is_object() || selector.empty()) {
        causes.push_back(required("spec.selector"));
    } else {
        for (auto it = selector.begin(); it != selector.end(); ++it)
            if (!labels.is_object() || !labels.contains(it.key()) || labels[it.key()] != it.value()) {
                causes.push_back(invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"));
                break;
            }
    }
    validateContainers(tmpl.value("spec", Json::object()), "spec.template.spec", causes);
}

void validateService(const Json &obj, std::vector<StatusCause> &causes)
{
    const Json spec = obj.value("spec", Json::object());
    const std::string type = spec.value("type", "ClusterIP");
    const std::vector<std::string> types = {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"};
    if (std::find(types.begin(), types.end(), type) == types.end())
        causes.push_back(notSupported("spec.type", spec["type"], types));
    const bool headless = spec.value("clusterIP", "") == "None";
    if (type != "ExternalName" && !headless && (!spec.contains("ports") || spec["ports"].empty()))
        causes.push_back(required("spec.ports"));
    if (spec.contains("ports") && spec["ports"].is_array()) {
        for (std::size_t i = 0; i < spec["ports"].size(); ++i) {
            const Json &port = spec["ports"][i];
            const std::string at = "spec.ports[" + std::to_string(i) + "]";
            if (!port.contains("port"))
                causes.push_back(required(at + ".port"));
            else if (!port["port"].is_number_integer() || port["port"].get<long long>() < 1
                     || port["port"].get<long long>() > 65535)
                causes.push_back(invalid(at + ".port", port["port"], "must be between 1 and 65535, inclusive"));
            if (spec["ports"].size() > 1 && !port.contains("name"))
                causes.push_back(required(at + ".name"));
        }
    }
}

void validateConfigMapKeys(const Json &obj, std::vector<StatusCause> &causes)
{
    static const std::regex keyRe("[-._a-zA-Z0-9]+");
    for (const char *field : {"data", "binaryData"}) {
        if (!obj.contains(field) || !obj[field].is_object())
            continue;
        for (const auto &[key, value] : obj[field].items()) {
            if (!std::regex_match(key, keyRe))
                causes.push_back(invalid(std::string(field) + "[" + key + "]", key,
                                         "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                                         "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
                                         "validation is '[-._a-zA-Z0-9]+')"));
        }
    }
}

const std::regex kQualifiedNameRe("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
const std::regex kLabelValueRe("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
constexpr const char *kQualifiedNameMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
    "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

// apimachinery's IsQualifiedName: an optional DNS subdomain prefix and '/', then a name
// of at most 63 characters. Upstream's words, one per problem.
std::vector<std::string> qualifiedNameErrors(std::string_view key)
{
    std::vector<std::string> errors;
    std::string_view name = key;
    const std::size_t slash = key.find('/');
    if (slash != std::string_view::npos) {
        if (key.find('/', slash + 1) != std::string_view::npos)
            return {std::string("a qualified name ") + kQualifiedNameMessage +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
        const std::string_view prefix = key.substr(0, slash);
        name = key.substr(slash + 1);
        if (prefix.empty())
            errors.push_back("prefix part must be non-empty");
        else if (const std::string why = dnsSubdomainError(prefix); !why.empty())
            errors.push_back("prefix part " + why);
    }
    if (name.empty())
        errors.push_back("name part must be non-empty");
    else if (name.size() > 63)
        errors.push_back("name part must be no more than 63 characters");
    if (!name.empty() && !std::regex_match(name.begin(), name.end(), kQualifiedNameRe))
        errors.push_back(std::string("name part ") + kQualifiedNameMessage);
    return errors;
}

// ValidateLabels and ValidateAnnotations of one ObjectMeta at `path`.
void validateMeta(const Json &meta, const std::string &path, std::vector<StatusCause> &causes)
{
    if (!meta.is_object())
        return;
    if (const auto labels = meta.find("labels"); labels != meta.end() && labels->is_object()) {
        for (const auto &[key, value] : labels->items()) {
            for (const std::string &why : qualifiedNameErrors(key))
                causes.push_back(invalid(path + ".labels", key, why));
            const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
            if (text.size() > 63)
                causes.push_back(invalid(path + ".labels", text, "must be no more than 63 characters"));
            if (!std::regex_match(text.begin(), text.end(), kLabelValueRe))
                causes.push_back(invalid(path + ".labels", text,
                                         "a valid label must be an empty string or consist of alphanumeric characters, "
                                         "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
                                         "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                                         "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        }
    }
    if (const auto annotations = meta.find("annotations"); annotations != meta.end() && annotations->is_object()) {
        std::size_t total = 0;
        for (const auto &[key, value] : annotations->items()) {
            std::string lower = key;
            for (char &c : lower)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            for (const std::string &why : qualifiedNameErrors(lower))
                causes.push_back(invalid(path + ".annotations", key, why));
            total += key.size() + (value.is_string() ? value.get<std::string>().size() : value.dump().size());
        }
        if (total > 256 * 1024)
            causes.push_back({path + ".annotations", "FieldValueTooLong", "Too long: must have at most 262144 bytes"});
    }
}

} // namespace

std::string dnsSubdomainError(std::string_view name)
{
    if (name.size() > 253)
        return "must be no more than 253 characters";
    if (!std::regex_match(name.begin(), name.end(), kSubdomainRe))
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
               "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    return {};
}

std::string dnsLabelError(std::string_view name)
{
    if (name.size() > 63)
        return "must be no more than 63 characters";
    if (!std::regex_match(name.begin(), name.end(), kLabelRe))
        return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
               "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    return {};
}

std::vector<StatusCause> validateObject(std::string_view kind, const Json &object)
{
    std::vector<StatusCause> causes;
    const Json meta = object.value("metadata", Json::object());
    const std::string name = meta.value("name", "");
    // Namespaces and Services need DNS labels; most other kinds DNS subdomains. An
    // APIService is named "<version>.<group>" (the core group's "v1." too).
    const bool labelNamed = kind == "Namespace" || kind == "Service";
    if (kind == "APIService") {
        const Json spec = object.value("spec", Json::object());
        const std::string expected = spec.value("version", "") + "." + spec.value("group", "");
        if (name != expected)
            causes.push_back(invalid("metadata.name", name, "must be " + expected));
        if (const std::string why = dnsLabelError(spec.value("version", "")); !why.empty())
            causes.push_back(invalid("spec.version", spec.value("version", ""), why));
    } else if (const std::string why = labelNamed ? dnsLabelError(name) : dnsSubdomainError(name); !why.empty()) {
        causes.push_back(invalid("metadata.name", name, why));
    }
    static const std::map<std::string_view, std::function<void(const Json &, std::vector<StatusCause> &)>> table = {
        {"Pod", validatePod},
        {"Deployment", [](const Json &o, auto &c) {
             validateWorkload(o, c, true);
             validateRollingUpdate(o, false, c);
         }},
        {"ReplicaSet", [](const Json &o, auto &c) { validateWorkload(o, c, true); }},
        {"DaemonSet", [](const Json &o, auto &c) {
             validateWorkload(o, c, true);
             validateRollingUpdate(o, true, c);
         }},
        {"Job", validateJob},
        {"CronJob", validateCronJob},
        {"StatefulSet", [](const Json &o, auto &c) { validateWorkload(o, c, true); }},
        {"ReplicationController", validateReplicationController},
        {"Service", validateService},
        {"ConfigMap", validateConfigMapKeys},
        {"Secret", validateConfigMapKeys},
        {"Role", [](const Json &o, auto &c) { validateRules(o, true, c); }},
        {"ClusterRole", [](const Json &o, auto &c) { validateRules(o, false, c); }},
        {"RoleBinding", [](const Json &o, auto &c) { validateBinding(o, true, c); }},
        {"ClusterRoleBinding", [](const Json &o, auto &c) { validateBinding(o, false, c); }},
    };
    validateMeta(meta, "metadata", causes);
    if (const auto spec = object.find("spec"); spec != object.end() && spec->is_object())
        if (const auto tmpl = spec->find("template"); tmpl != spec->end() && tmpl->is_object() && tmpl->contains("metadata"))
            validateMeta((*tmpl)["metadata"], "spec.template.metadata", causes);
    if (auto it = table.find(kind); it != table.end())
        it->second(object, causes);
    return causes;
}

} // namespace k8slab::apiserver
