#include "core/lesson/check.h"

#include "core/api/jsonpath.h"
#include "core/api/selectors.h"
#include "core/apiserver/resource_registry.h"
#include "core/lab/lab_session.h"
#include "core/lesson/object_ref.h"
#include "core/proxy/kube_proxy.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

namespace k8slab::lesson {

using api::Json;

namespace {

const char *const kComparisons[] = {"equals", "notEquals", "matches", "contains", "atLeast", "atMost", "exists"};

Status invalid(const std::string &where, const std::string &message)
{
    return Status(StatusCode::Invalid, where + ": " + message);
}

std::string str(const Json &spec, const char *key)
{
    const auto it = spec.find(key);
    return it != spec.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string scalarText(const Json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

bool hasComparison(const Json &spec)
{
    return std::any_of(std::begin(kComparisons), std::end(kComparisons), [&](const char *k) { return spec.contains(k); });
}

Status validateComparison(const Json &spec, const std::string &where)
{
    if (spec.contains("matches")) {
        if (!spec["matches"].is_string())
            return invalid(where + ".matches", "wants a regular expression");
        try {
            std::regex re(spec["matches"].get<std::string>());
        } catch (const std::regex_error &e) {
            return invalid(where + ".matches", std::string("not a regular expression: ") + e.what());
        }
    }
    for (const char *key : {"atLeast", "atMost"})
        if (spec.contains(key) && !spec[key].is_number())
            return invalid(where + "." + key, "wants a number");
    if (spec.contains("exists") && !spec["exists"].is_boolean())
        return invalid(where + ".exists", "wants true or false");
    return {};
}

// Whether what was seen (`values`: a field's values, or one count) is what the check wants;
// `seen` says what it was when it is not.
bool compare(const Json &spec, const std::vector<Json> &values, std::string &seen)
{
    const std::string text = api::jsonPathText(values);
    const bool bare = values.size() == 1 && values[0].is_number();
    seen = values.empty() ? "missing" : bare ? text : "\"" + text + "\"";
    if (spec.contains("exists") && spec["exists"].get<bool>() != !values.empty()) {
        seen += spec["exists"].get<bool>() ? "; wants it to exist" : "; wants it absent";
        return false;
    }
    // Numbers compare as numbers (3 equals 3.0); anything else as text.
    const bool numeric = spec.contains("equals") && spec["equals"].is_number() && values.size() == 1 && values[0].is_number();
    if (spec.contains("equals") && (numeric ? values[0].get<double>() != spec["equals"].get<double>()
                                            : text != scalarText(spec["equals"]))) {
        seen += "; wants \"" + scalarText(spec["equals"]) + "\"";
        return false;
    }
    if (spec.contains("notEquals") && text == scalarText(spec["notEquals"])) {
        seen += "; wants anything but that";
        return false;
    }
    if (spec.contains("contains") && text.find(scalarText(spec["contains"])) == std::string::npos) {
        seen += "; wants it to contain \"" + scalarText(spec["contains"]) + "\"";
        return false;
    }
    if (spec.contains("matches") && !std::regex_search(text, std::regex(spec["matches"].get<std::string>()))) {
        seen += "; wants it to match /" + spec["matches"].get<std::string>() + "/";
        return false;
    }
    for (const char *key : {"atLeast", "atMost"}) {
        if (!spec.contains(key))
            continue;
        if (values.size() != 1 || !(values[0].is_number() || values[0].is_string())) {
            seen += std::string("; wants one number ") + (key[2] == 'L' ? ">= " : "<= ") + spec[key].dump();
            return false;
        }
        char *end = nullptr;
        const std::string number = scalarText(values[0]);
        const double value = std::strtod(number.c_str(), &end);
        const double bound = spec[key].get<double>();
        const bool ok = end && *end == '\0' && (key[2] == 'L' ? value >= bound : value <= bound);
        if (!ok) {
            seen += std::string("; wants ") + (key[2] == 'L' ? ">= " : "<= ") + spec[key].dump();
            return false;
        }
    }
    return true;
}

CheckResult fail(std::string detail)
{
    return {false, std::move(detail)};
}

CheckResult pass(std::string detail)
{
    return {true, std::move(detail)};
}

// The objects a check names: {kind, namespace?, name | selector | fieldSelector}.
struct Selection {
    const apiserver::ResourceInfo *resource = nullptr;
    std::string ns;
    std::string what; // "Deployment default/web", "Pods in default with app=web"
    std::vector<Json> objects;
};

Status validateSelection(const Json &spec, const std::string &where, bool needsOne)
{
    if (!spec.is_object())
        return invalid(where, "wants a map");
    if (Result<const apiserver::ResourceInfo *> kind = resolveKind(spec); !kind.ok())
        return invalid(where, kind.status().message());
    if (needsOne && str(spec, "name").empty() && !spec.contains("selector"))
        return invalid(where, "wants a name or a selector");
    if (spec.contains("selector") && !api::LabelSelector::parse(str(spec, "selector")).ok())
        return invalid(where + ".selector", "is not a label selector (app=web,tier in (a,b))");
    return {};
}

Selection select(const Json &spec, lab::LabSession &session)
{
    Selection s;
    s.resource = *resolveKind(spec);
    s.ns = namespaceOf(spec, *s.resource);
    const std::string name = str(spec, "name");
    if (!name.empty()) {
        s.what = describeRef(*s.resource, s.ns, name);
        if (Result<Json> object = session.api().get(s.resource->stored(), s.ns, name); object.ok())
            s.objects.push_back(*object);
        return s;
    }
    const auto selector = api::LabelSelector::parse(str(spec, "selector"));
    const std::string prefix = str(spec, "namePrefix");
    s.what = s.resource->kind + "s" + (s.ns.empty() ? "" : " in " + s.ns) +
             (spec.contains("selector") ? " with " + str(spec, "selector") : "") +
             (prefix.empty() ? "" : " named " + prefix + "…");
    for (Json &object : session.api().objects(*s.resource, s.ns)) {
        const Json &meta = object["metadata"];
        if (!prefix.empty() && !meta.value("name", "").starts_with(prefix))
            continue;
        if (selector.ok() && !selector->matches(meta.value("labels", Json::object())))
            continue;
        s.objects.push_back(std::move(object));
    }
    return s;
}

std::string nameOf(const Json &object)
{
    return object["metadata"].value("name", "");
}

CheckResult checkField(const Json &spec, lab::LabSession &session)
{
    const Selection s = select(spec, session);
    const api::JsonPath path = *api::JsonPath::parse(str(spec, "path"));
    if (s.objects.empty())
        return fail(s.what + ": none exists");
    for (const Json &object : s.objects) {
        std::string seen;
        if (!compare(spec, path.select(object), seen))
            return fail(s.resource->kind + " " + nameOf(object) + ": " + path.text() + " is " + seen);
    }
    std::string seen;
    compare(spec, path.select(s.objects.front()), seen);
    return pass(s.what + ": " + path.text() + " is " + seen);
}

CheckResult checkCount(const Json &spec, lab::LabSession &session)
{
    Selection s = select(spec, session);
    if (spec.contains("phase"))
        std::erase_if(s.objects, [&](const Json &o) { return o.value("status", Json::object()).value("phase", "") != str(spec, "phase"); });
    std::string seen;
    const bool ok = compare(spec, {Json(s.objects.size())}, seen);
    return {ok, s.what + (spec.contains("phase") ? " in phase " + str(spec, "phase") : "") + ": count is " + seen};
}

CheckResult checkCondition(const Json &spec, lab::LabSession &session)
{
    const Selection s = select(spec, session);
    if (s.objects.empty())
        return fail(s.what + ": none exists");
    const std::string type = str(spec, "type");
    const std::string status = spec.contains("status") ? str(spec, "status") : "True";
    const std::string reason = str(spec, "reason");
    for (const Json &object : s.objects) {
        const Json conditions = object.value("status", Json::object()).value("conditions", Json::array());
        const auto it = std::find_if(conditions.begin(), conditions.end(),
                                     [&](const Json &c) { return c.value("type", "") == type; });
        if (it == conditions.end())
            return fail(s.resource->kind + " " + nameOf(object) + ": no condition " + type);
        if (it->value("status", "") != status || (!reason.empty() && it->value("reason", "") != reason))
            return fail(s.resource->kind + " " + nameOf(object) + ": " + type + " is " + it->value("status", "") +
                        " (" + it->value("reason", "") + "); wants " + status + (reason.empty() ? "" : " (" + reason + ")"));
    }
    return pass(s.what + ": " + type + "=" + status);
}

CheckResult checkEvent(const Json &spec, lab::LabSession &session)
{
    const auto *events = apiserver::builtinResources().findKind("v1", "Event");
    const std::string ns = str(spec, "namespace");
    const std::string reason = str(spec, "reason");
    const std::string kind = str(spec, "kind");
    const std::string name = str(spec, "name");
    const std::string prefix = str(spec, "namePrefix");
    const std::string message = str(spec, "message");
    std::size_t count = 0;
    std::string last;
    for (const Json &event : session.api().objects(*events, ns)) {
        const Json involved = event.value("involvedObject", Json::object());
        if (!reason.empty() && event.value("reason", "") != reason)
            continue;
        if (!kind.empty() && involved.value("kind", "") != kind)
            continue;
        if (!name.empty() && involved.value("name", "") != name)
            continue;
        if (!prefix.empty() && !involved.value("name", "").starts_with(prefix))
            continue;
        if (!message.empty() && !std::regex_search(event.value("message", ""), std::regex(message)))
            continue;
        ++count;
        last = involved.value("kind", "") + " " + involved.value("name", "") + ": " + event.value("reason", "") +
               " \"" + event.value("message", "") + "\"";
    }
    Json wants = spec;
    if (!hasComparison(wants))
        wants["atLeast"] = 1;
    std::string seen;
    const bool ok = compare(wants, {Json(count)}, seen);
    return {ok, "events " + (reason.empty() ? std::string("") : reason + " ") + (kind.empty() ? "" : "of " + kind + " ") +
                    (name.empty() ? prefix : name) + ": count is " + seen + (last.empty() ? "" : " (last: " + last + ")")};
}

CheckResult checkPlacement(const Json &spec, lab::LabSession &session)
{
    Json podSpec = spec;
    podSpec["kind"] = "Pod";
    const Selection pods = select(podSpec, session);
    const auto nodeSelector = api::LabelSelector::parse(str(spec, "nodeSelector"));
    const auto *nodes = apiserver::builtinResources().findKind("v1", "Node");
    std::size_t placed = 0;
    for (const Json &pod : pods.objects) {
        const std::string node = pod.value("spec", Json::object()).value("nodeName", "");
        // Unplaced pods, and pods on their way out (Terminating on a dead node), do not count.
        if (node.empty() || pod["metadata"].contains("deletionTimestamp"))
            continue;
        Result<Json> nodeObject = session.api().get(*nodes, "", node);
        const Json labels = nodeObject.ok() ? (*nodeObject)["metadata"].value("labels", Json::object()) : Json::object();
        if (!nodeSelector->matches(labels))
            return fail("pod " + nameOf(pod) + " runs on " + node + ", which does not match " + str(spec, "nodeSelector"));
        ++placed;
    }
    Json wants = spec;
    if (!hasComparison(wants))
        wants["atLeast"] = 1;
    std::string seen;
    const bool ok = compare(wants, {Json(placed)}, seen);
    return {ok, pods.what + " on nodes with " + str(spec, "nodeSelector") + ": count is " + seen};
}

CheckResult checkEndpoints(const Json &spec, lab::LabSession &session)
{
    const auto *slices = apiserver::builtinResources().findKind("discovery.k8s.io/v1", "EndpointSlice");
    const std::string service = str(spec, "service");
    const std::string ns = spec.contains("namespace") ? str(spec, "namespace") : "default";
    const bool wantReady = spec.value("ready", true);
    std::size_t count = 0;
    for (const Json &slice : session.api().objects(*slices, ns)) {
        const Json labels = slice["metadata"].value("labels", Json::object());
        if (labels.value("kubernetes.io/service-name", "") != service)
            continue;
        for (const Json &endpoint : slice.value("endpoints", Json::array()))
            if (!wantReady || endpoint.value("conditions", Json::object()).value("ready", false))
                count += endpoint.value("addresses", Json::array()).empty() ? 0 : 1;
    }
    std::string seen;
    const bool ok = compare(spec, {Json(count)}, seen);
    return {ok, "Service " + ns + "/" + service + ": " + (wantReady ? "ready " : "") + "endpoints " + seen};
}

CheckResult checkRules(const Json &spec, lab::LabSession &session)
{
    const std::string node = str(spec, "node");
    proxy::KubeProxy *kubeProxy = session.proxies() ? session.proxies()->proxy(node) : nullptr;
    if (!kubeProxy)
        return fail("no kube-proxy runs on node " + node);
    proxy::ProxyMode mode = kubeProxy->mode();
    if (spec.contains("mode"))
        proxy::parseMode(str(spec, "mode"), mode);
    const std::string rules = kubeProxy->rules(mode);
    std::size_t count = 0;
    if (spec.contains("line")) {
        const std::regex re(str(spec, "line"));
        std::size_t start = 0;
        while (start < rules.size()) {
            std::size_t end = rules.find('\n', start);
            if (end == std::string::npos)
                end = rules.size();
            if (std::regex_search(rules.begin() + static_cast<long>(start), rules.begin() + static_cast<long>(end), re))
                ++count;
            start = end + 1;
        }
    }
    Json wants = spec;
    if (!hasComparison(wants))
        wants["atLeast"] = 1;
    std::string seen;
    const bool ok = compare(wants, {Json(count)}, seen);
    return {ok, std::string(proxy::modeName(mode)) + " rules of " + node + " matching /" + str(spec, "line") +
                    "/: count is " + seen};
}

CheckResult checkTrace(const Json &spec, lab::LabSession &session)
{
    const recording::TraceIndex &index = session.traceIndex();
    const std::string code = str(spec, "code");
    const std::string component = str(spec, "component");
    const std::string kind = str(spec, "kind");
    const std::string name = str(spec, "name");
    const std::string prefix = str(spec, "namePrefix");
    const Json params = spec.value("params", Json::object());
    auto matches = [&](const proto::TraceEvent &e) {
        if (e.code() != code || !e.component().starts_with(component))
            return false;
        if (!kind.empty() && e.object().kind() != kind)
            return false;
        if (!prefix.empty() && !e.object().name().starts_with(prefix))
            return false;
        for (auto it = params.begin(); it != params.end(); ++it) {
            const auto found = e.params().find(it.key());
            if (found == e.params().end() || found->second != scalarText(it.value()))
                return false;
        }
        return true;
    };
    std::size_t count = 0;
    if (!name.empty() && !kind.empty()) {
        const std::string ns = spec.contains("namespace") ? str(spec, "namespace") : "default";
        for (engine::TraceId id : index.about(kind, kind == "Node" ? "" : ns, name))
            if (const proto::TraceEvent *e = index.find(id); e && matches(*e))
                ++count;
    } else {
        for (const proto::TraceEvent &e : index.events())
            count += matches(e) ? 1 : 0;
    }
    Json wants = spec;
    if (!hasComparison(wants))
        wants["atLeast"] = 1;
    std::string seen;
    const bool ok = compare(wants, {Json(count)}, seen);
    std::string wanted;
    for (auto it = params.begin(); it != params.end(); ++it)
        wanted += (wanted.empty() ? " {" : ", ") + it.key() + "=" + scalarText(it.value());
    if (!wanted.empty())
        wanted += "}";
    return {ok, "trace steps " + code + wanted + (component.empty() ? "" : " by " + component) +
                    (kind.empty() ? "" : " about " + kind + " " + (name.empty() ? prefix : name)) + ": count is " + seen};
}

// One sample of the text exposition: name{a="b",…} value.
struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

std::vector<Sample> parseExposition(const std::string &text)
{
    std::vector<Sample> samples;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line[0] == '#')
            continue;
        Sample s;
        std::size_t i = line.find_first_of("{ ");
        s.name = line.substr(0, i);
        if (i != std::string::npos && line[i] == '{') {
            ++i;
            while (i < line.size() && line[i] != '}') {
                const std::size_t eq = line.find('=', i);
                if (eq == std::string::npos || eq + 1 >= line.size() || line[eq + 1] != '"')
                    break;
                std::string value;
                std::size_t j = eq + 2;
                for (; j < line.size() && line[j] != '"'; ++j) {
                    if (line[j] == '\\' && j + 1 < line.size())
                        ++j;
                    value += line[j];
                }
                s.labels[line.substr(i, eq - i)] = value;
                i = j + 1;
                if (i < line.size() && line[i] == ',')
                    ++i;
            }
            i = line.find(' ', i);
        }
        if (i == std::string::npos)
            continue;
        s.value = std::strtod(line.c_str() + i + 1, nullptr);
        samples.push_back(std::move(s));
    }
    return samples;
}

CheckResult checkMetric(const Json &spec, lab::LabSession &session)
{
    const std::string name = str(spec, "name");
    const Json labels = spec.value("labels", Json::object());
    double sum = 0;
    int series = 0;
    for (const Sample &s : parseExposition(session.api().metricsText())) {
        if (s.name != name)
            continue;
        bool matches = true;
        for (auto it = labels.begin(); it != labels.end() && matches; ++it) {
            const auto found = s.labels.find(it.key());
            matches = found != s.labels.end() && found->second == scalarText(it.value());
        }
        if (!matches)
            continue;
        sum += s.value;
        ++series;
    }
    std::string selector;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        selector += (selector.empty() ? "{" : ",") + it.key() + "=\"" + scalarText(it.value()) + "\"";
    if (!selector.empty())
        selector += "}";
    if (series == 0 && !(spec.contains("exists") && !spec["exists"].get<bool>()))
        return fail("metric " + name + selector + ": no such series on the API server's /metrics");
    std::string seen;
    // Whole numbers read as such (a count of 2 is "2", not "2.0").
    const Json value = sum == std::floor(sum) && std::abs(sum) < 1e15 ? Json(static_cast<long long>(sum)) : Json(sum);
    const bool ok = compare(spec, series ? std::vector<Json>{value} : std::vector<Json>{}, seen);
    return {ok, "metric " + name + selector + ": " + seen + (series > 1 ? " (the sum of " + std::to_string(series) + " series)" : "")};
}

const Json &body(const Json &spec)
{
    return spec.begin().value();
}

} // namespace

const std::vector<std::string> &checkTypes()
{
    static const std::vector<std::string> types = {"field", "count", "condition", "event", "placement",
                                                   "endpoints", "rules", "trace", "metric", "all", "any", "not"};
    return types;
}

Status validateCheck(const Json &spec, const std::string &where)
{
    if (!spec.is_object() || spec.size() != 1)
        return invalid(where, "wants one check, e.g. {field: {kind: Pod, name: web, path: .status.phase, equals: Running}}");
    const std::string type = spec.begin().key();
    const Json &b = body(spec);
    const std::string at = where + "." + type;
    if (type == "all" || type == "any") {
        if (!b.is_array() || b.empty())
            return invalid(at, "wants a list of checks");
        for (std::size_t i = 0; i < b.size(); ++i)
            if (Status s = validateCheck(b[i], at + "[" + std::to_string(i) + "]"); !s.ok())
                return s;
        return {};
    }
    if (type == "not")
        return validateCheck(b, at);
    if (!b.is_object())
        return invalid(at, "wants a map");
    if (Status s = validateComparison(b, at); !s.ok())
        return s;
    if (type == "field") {
        if (Status s = validateSelection(b, at, false); !s.ok())
            return s;
        if (Result<api::JsonPath> path = api::JsonPath::parse(str(b, "path")); !path.ok() || str(b, "path").empty())
            return invalid(at + ".path", path.ok() ? "is missing" : path.status().message());
        if (!hasComparison(b))
            return invalid(at, "wants equals, notEquals, matches, contains, atLeast, atMost or exists");
    } else if (type == "count") {
        if (Status s = validateSelection(b, at, false); !s.ok())
            return s;
        if (!hasComparison(b))
            return invalid(at, "wants equals, atLeast or atMost");
    } else if (type == "condition") {
        if (Status s = validateSelection(b, at, true); !s.ok())
            return s;
        if (str(b, "type").empty())
            return invalid(at + ".type", "is missing (Ready, Available, …)");
    } else if (type == "event") {
        if (str(b, "reason").empty() && str(b, "message").empty())
            return invalid(at, "wants a reason or a message");
        if (b.contains("message")) {
            try {
                std::regex re(str(b, "message"));
            } catch (const std::regex_error &) {
                return invalid(at + ".message", "is not a regular expression");
            }
        }
    } else if (type == "placement") {
        if (!api::LabelSelector::parse(str(b, "nodeSelector")).ok() || str(b, "nodeSelector").empty())
            return invalid(at + ".nodeSelector", "wants the nodes' labels (disktype=ssd)");
        if (b.contains("selector") && !api::LabelSelector::parse(str(b, "selector")).ok())
            return invalid(at + ".selector", "is not a label selector");
    } else if (type == "endpoints") {
        if (str(b, "service").empty())
            return invalid(at + ".service", "is missing");
        if (!hasComparison(b))
            return invalid(at, "wants equals, atLeast or atMost");
    } else if (type == "rules") {
        if (str(b, "node").empty())
            return invalid(at + ".node", "is missing");
        proxy::ProxyMode mode;
        if (b.contains("mode") && !proxy::parseMode(str(b, "mode"), mode))
            return invalid(at + ".mode", "wants iptables, ipvs or nftables");
        try {
            std::regex re(str(b, "line"));
        } catch (const std::regex_error &) {
            return invalid(at + ".line", "is not a regular expression");
        }
        if (str(b, "line").empty())
            return invalid(at + ".line", "wants a regular expression for a rule");
    } else if (type == "trace") {
        if (str(b, "code").empty())
            return invalid(at + ".code", "is missing (a trace code, e.g. scheduler.bind)");
    } else if (type == "metric") {
        if (str(b, "name").empty())
            return invalid(at + ".name", "is missing (a metric's name, e.g. apiserver_request_total)");
        if (b.contains("labels") && !b["labels"].is_object())
            return invalid(at + ".labels", "wants a map of label values");
        if (!hasComparison(b))
            return invalid(at, "wants equals, atLeast, atMost or exists");
    } else {
        return invalid(where, "unknown check \"" + type + "\"");
    }
    return {};
}

CheckResult evaluateCheck(const Json &spec, lab::LabSession &session)
{
    const std::string type = spec.begin().key();
    const Json &b = body(spec);
    if (type == "all" || type == "any") {
        std::string detail;
        for (const Json &part : b) {
            CheckResult r = evaluateCheck(part, session);
            if (type == "all" && !r.passed)
                return r;
            if (type == "any" && r.passed)
                return r;
            detail += (detail.empty() ? "" : "; ") + r.detail;
        }
        return {type == "all", detail};
    }
    if (type == "not") {
        CheckResult r = evaluateCheck(b, session);
        return {!r.passed, "not: " + r.detail};
    }
    if (type == "field")
        return checkField(b, session);
    if (type == "count")
        return checkCount(b, session);
    if (type == "condition")
        return checkCondition(b, session);
    if (type == "event")
        return checkEvent(b, session);
    if (type == "placement")
        return checkPlacement(b, session);
    if (type == "endpoints")
        return checkEndpoints(b, session);
    if (type == "rules")
        return checkRules(b, session);
    if (type == "trace")
        return checkTrace(b, session);
    if (type == "metric")
        return checkMetric(b, session);
    return fail("unknown check " + type);
}

} // namespace k8slab::lesson
