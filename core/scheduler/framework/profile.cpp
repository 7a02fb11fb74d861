#include "core/scheduler/framework/profile.h"

#include "core/api/yaml.h"

#include <fstream>
#include <sstream>

namespace k8slab::scheduler {

using api::Json;

namespace {

Status invalid(const std::string &field, const std::string &detail)
{
    return Status(StatusCode::Invalid, field + ": " + detail);
}

Result<PluginSet> parsePluginSet(const Json &set, const std::string &field)
{
    PluginSet out;
    if (!set.is_object())
        return invalid(field, "Invalid value: must be an object with enabled and disabled lists");
    if (set.contains("enabled") && !set["enabled"].is_null()) {
        if (!set["enabled"].is_array())
            return invalid(field + ".enabled", "Invalid value: must be a list");
        for (std::size_t i = 0; i < set["enabled"].size(); ++i) {
            const Json &p = set["enabled"][i];
            const std::string f = field + ".enabled[" + std::to_string(i) + "]";
            if (!p.is_object() || !p.contains("name") || !p["name"].is_string())
                return invalid(f + ".name", "Required value");
            PluginRef ref{p["name"].get<std::string>(), 0};
            if (p.contains("weight")) {
                if (!p["weight"].is_number_integer() || p["weight"].get<std::int64_t>() < 0 ||
                    p["weight"].get<std::int64_t>() > 100)
                    return invalid(f + ".weight", "Invalid value: " + p["weight"].dump() + ": must be in the range [0, 100]");
                ref.weight = p["weight"].get<std::int32_t>();
            }
            out.enabled.push_back(ref);
        }
    }
    if (set.contains("disabled") && !set["disabled"].is_null()) {
        if (!set["disabled"].is_array())
            return invalid(field + ".disabled", "Invalid value: must be a list");
        for (std::size_t i = 0; i < set["disabled"].size(); ++i) {
            const Json &p = set["disabled"][i];
            if (!p.is_object() || !p.contains("name") || !p["name"].is_string())
                return invalid(field + ".disabled[" + std::to_string(i) + "].name", "Required value");
            out.disabled.push_back(p["name"].get<std::string>());
        }
    }
    return out;
}

Result<ProfileConfig> parseProfile(const Json &p, const std::string &field)
{
    ProfileConfig profile;
    if (!p.is_object())
        return invalid(field, "Invalid value: must be an object");
    if (p.contains("schedulerName")) {
        if (!p["schedulerName"].is_string() || p["schedulerName"].get<std::string>().empty())
            return invalid(field + ".schedulerName", "Required value");
        profile.schedulerName = p["schedulerName"].get<std::string>();
    }
    if (p.contains("percentageOfNodesToScore") && !p["percentageOfNodesToScore"].is_null()) {
        const Json &v = p["percentageOfNodesToScore"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 100)
            return invalid(field + ".percentageOfNodesToScore", "Invalid value: " + v.dump() + ": not in valid range [0-100]");
        profile.percentageOfNodesToScore = v.get<std::int32_t>();
    }
    if (p.contains("plugins") && p["plugins"].is_object()) {
        const Json &plugins = p["plugins"];
        for (auto it = plugins.begin(); it != plugins.end(); ++it) {
            const std::string f = field + ".plugins." + it.key();
            Result<PluginSet> set = parsePluginSet(it.value(), f);
            if (!set.ok())
                return set.status();
            if (it.key() == "multiPoint") {
                profile.multiPoint = *set;
                continue;
            }
            const auto &points = extensionPoints();
            if (std::find(points.begin(), points.end(), it.key()) == points.end())
                return invalid(f, "Invalid value: unknown extension point");
            profile.points[it.key()] = *set;
        }
    }
    if (p.contains("pluginConfig") && p["pluginConfig"].is_array()) {
        for (std::size_t i = 0; i < p["pluginConfig"].size(); ++i) {
            const Json &c = p["pluginConfig"][i];
            const std::string f = field + ".pluginConfig[" + std::to_string(i) + "]";
            if (!c.is_object() || !c.contains("name") || !c["name"].is_string())
                return invalid(f + ".name", "Required value");
            const std::string name = c["name"].get<std::string>();
            if (profile.pluginArgs.count(name))
                return invalid(f, "Duplicate value: \"" + name + "\"");
            profile.pluginArgs[name] = c.value("args", Json::object());
        }
    }
    return profile;
}

} // namespace

const std::vector<PluginRef> &defaultMultiPoint()
{
    static const std::vector<PluginRef> list = {
        {"SchedulingGates", 0},  {"PrioritySort", 0},     {"NodeUnschedulable", 0}, {"NodeName", 0},
        {"TaintToleration", 3},  {"NodeAffinity", 2},     {"NodePorts", 0},         {"NodeResourcesFit", 1},
        {"VolumeRestrictions", 0}, {"NodeVolumeLimits", 0}, {"VolumeBinding", 0},   {"VolumeZone", 0},
        {"PodTopologySpread", 2}, {"InterPodAffinity", 2}, {"DefaultPreemption", 0},
        {"NodeResourcesBalancedAllocation", 1}, {"ImageLocality", 1}, {"DefaultBinder", 0},
    };
    return list;
}

api::Json defaultPluginArgs(const std::string &plugin)
{
    if (plugin == "NodeResourcesFit")
        return {{"scoringStrategy",
                 {{"type", "LeastAllocated"},
                  {"resources", Json::array({{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}})}}}};
    if (plugin == "NodeResourcesBalancedAllocation")
        return {{"resources", Json::array({{{"name", "cpu"}, {"weight", 1}}, {{"name", "memory"}, {"weight", 1}}})}};
    if (plugin == "InterPodAffinity")
        return {{"hardPodAffinityWeight", 1}, {"ignorePreferredTermsOfExistingPods", false}};
    if (plugin == "PodTopologySpread")
        return {{"defaultingType", "System"}};
    if (plugin == "DefaultPreemption")
        return {{"minCandidateNodesPercentage", 10}, {"minCandidateNodesAbsolute", 100}};
    if (plugin == "VolumeBinding")
        return {{"bindTimeoutSeconds", 600}};
    return nullptr;
}

Result<SchedulerConfig> parseSchedulerConfig(const std::string &text)
{
    Result<Json> doc = api::parseYaml(text);
    if (!doc.ok())
        return Status(StatusCode::Invalid, doc.status().message());
    const Json &c = *doc;
    if (!c.is_object())
        return invalid("KubeSchedulerConfiguration", "Invalid value: the file must hold one object");
    const std::string apiVersion = c.value("apiVersion", "");
    if (apiVersion != "kubescheduler.config.k8s.io/v1")
        return invalid("apiVersion", "Unsupported value: \"" + apiVersion +
                                         "\": supported values: \"kubescheduler.config.k8s.io/v1\"");
    if (c.value("kind", "") != "KubeSchedulerConfiguration")
        return invalid("kind", "Unsupported value: \"" + c.value("kind", "") +
                                   "\": supported values: \"KubeSchedulerConfiguration\"");
    SchedulerConfig config;
    if (c.contains("percentageOfNodesToScore") && !c["percentageOfNodesToScore"].is_null()) {
        const Json &v = c["percentageOfNodesToScore"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 100)
            return invalid("percentageOfNodesToScore", "Invalid value: " + v.dump() + ": not in valid range [0-100]");
        config.percentageOfNodesToScore = v.get<std::int32_t>();
    }
    if (c.contains("podInitialBackoffSeconds")) {
        const Json &v = c["podInitialBackoffSeconds"];
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
            return invalid("podInitialBackoffSeconds", "Invalid value: " + v.dump() + ": must be greater than 0");
        config.podInitialBackoffSeconds = v.get<std::int64_t>();
    }
    if (c.contains("podMaxBackoffSeconds")) {
        const Json &v = c["podMaxBackoffSeconds"];
        if (!v.is_number_integer() || v.get<std::int64_t>() < config.podInitialBackoffSeconds)
            return invalid("podMaxBackoffSeconds", "Invalid value: " + v.dump() +
                                                       ": must be greater than or equal to PodInitialBackoffSeconds");
        config.podMaxBackoffSeconds = v.get<std::int64_t>();
    }
    if (c.contains("profiles") && c["profiles"].is_array() && !c["profiles"].empty()) {
        config.profiles.clear();
        for (std::size_t i = 0; i < c["profiles"].size(); ++i) {
            Result<ProfileConfig> p = parseProfile(c["profiles"][i], "profiles[" + std::to_string(i) + "]");
            if (!p.ok())
                return p.status();
            for (const ProfileConfig &other : config.profiles)
                if (other.schedulerName == p->schedulerName)
                    return invalid("profiles[" + std::to_string(i) + "].schedulerName",
                                   "Duplicate value: \"" + p->schedulerName + "\"");
            config.profiles.push_back(*p);
        }
    }
    return config;
}

Result<SchedulerConfig> readSchedulerConfigFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Status(StatusCode::NotFound, "cannot read the scheduler configuration " + path);
    std::stringstream text;
    text << in.rdbuf();
    Result<SchedulerConfig> config = parseSchedulerConfig(text.str());
    if (!config.ok())
        return Status(config.status().code(), path + ": " + config.status().message());
    return config;
}

api::Json toJson(const SchedulerConfig &config)
{
    Json profiles = Json::array();
    auto setJson = [](const PluginSet &set) {
        Json enabled = Json::array();
        for (const PluginRef &r : set.enabled) {
            Json e = {{"name", r.name}};
            if (r.weight)
                e["weight"] = r.weight;
            enabled.push_back(e);
        }
        Json disabled = Json::array();
        for (const std::string &d : set.disabled)
            disabled.push_back({{"name", d}});
        return Json{{"enabled", enabled}, {"disabled", disabled}};
    };
    for (const ProfileConfig &p : config.profiles) {
        Json plugins = {{"multiPoint", setJson(p.multiPoint)}};
        for (const auto &[point, set] : p.points)
            plugins[point] = setJson(set);
        Json pluginConfig = Json::array();
        for (const auto &[name, args] : p.pluginArgs)
            pluginConfig.push_back({{"name", name}, {"args", args}});
        Json profile = {{"schedulerName", p.schedulerName}, {"plugins", plugins}, {"pluginConfig", pluginConfig}};
        if (p.percentageOfNodesToScore)
            profile["percentageOfNodesToScore"] = *p.percentageOfNodesToScore;
        profiles.push_back(profile);
    }
    return {{"apiVersion", "kubescheduler.config.k8s.io/v1"},
            {"kind", "KubeSchedulerConfiguration"},
            {"percentageOfNodesToScore", config.percentageOfNodesToScore},
            {"podInitialBackoffSeconds", config.podInitialBackoffSeconds},
            {"podMaxBackoffSeconds", config.podMaxBackoffSeconds},
            {"profiles", profiles}};
}

} // namespace k8slab::scheduler
