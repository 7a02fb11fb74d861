#include "core/api/patch.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

// The algorithm follows k8s.io/apimachinery/pkg/util/strategicpatch (the apply half, as
// the apiserver runs it: parallel lists merged, unmatched nulls ignored), including how
// it orders merged lists, so a lesson's result matches a real cluster. Where upstream
// depends on Go map iteration order or stores directives it failed to strip, this file
// picks the deterministic, directive-free result instead. Error texts are upstream's.

namespace k8slab::api {

namespace {

constexpr std::string_view kDirective = "$patch";
constexpr std::string_view kRetainKeys = "$retainKeys";
constexpr std::string_view kSetElementOrder = "$setElementOrder";
constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList";

// ---------------------------------------------------------------------------------
// The schema. Upstream reads these facts from Go struct tags (patchStrategy,
// patchMergeKey); the lab has no Go structs, so the tags that matter are written out.
// A field not listed is a plain map (merged recursively) or an atomic list (replaced):
// tolerations, taints, command, args, envFrom, containerStatuses, ...

enum class Strategy {
    Nested,      // a struct whose own fields are looked up in the `into` context
    MergeByKey,  // a list of objects merged element by element on `mergeKey`
    MergeValues, // a list of primitives merged as a set (patchStrategy:"merge", no key)
};

struct FieldRule {
    std::string_view context;  // a kind ("Deployment"), a struct ("PodSpec") or kAnyKind
    std::string_view path;     // dotted field path from the root of that context
    Strategy strategy;
    std::string_view mergeKey; // MergeByKey only
    bool retainKeys;           // the tag also says retainKeys: kubectl sends $retainKeys here (the
                               // directive is honoured wherever it appears, as upstream does)
    std::string_view into;     // context of the value's fields, or of each element's fields
};

// Rows under kAnyKind apply at the root of every kind.
constexpr std::string_view kAnyKind = "*";

using enum Strategy;

constexpr FieldRule kRules[] = {
    // context                path                                       strategy     merge key        retainKeys  into
    {kAnyKind,                "metadata",                                Nested,      "",              false,      "ObjectMeta"},
    {"ObjectMeta",            "finalizers",                              MergeValues, "",              false,      ""},
    {"ObjectMeta",            "ownerReferences",                         MergeByKey,  "uid",           false,      ""},

    {"Pod",                   "spec",                                    Nested,      "",              false,      "PodSpec"},
    {"PodTemplate",           "template.metadata",                       Nested,      "",              false,      "ObjectMeta"},
    {"PodTemplate",           "template.spec",                           Nested,      "",              false,      "PodSpec"},
    {"Deployment",            "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"Deployment",            "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"Deployment",            "spec.strategy",                           Nested,      "",              true,       ""},
    {"ReplicaSet",            "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"ReplicaSet",            "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"DaemonSet",             "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"DaemonSet",             "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"StatefulSet",           "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"StatefulSet",           "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"Job",                   "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"Job",                   "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"ReplicationController", "spec.template.metadata",                  Nested,      "",              false,      "ObjectMeta"},
    {"ReplicationController", "spec.template.spec",                      Nested,      "",              false,      "PodSpec"},
    {"CronJob",               "spec.jobTemplate.metadata",               Nested,      "",              false,      "ObjectMeta"},
    {"CronJob",               "spec.jobTemplate.spec.template.metadata", Nested,      "",              false,      "ObjectMeta"},
    {"CronJob",               "spec.jobTemplate.spec.template.spec",     Nested,      "",              false,      "PodSpec"},

    {"PodSpec",               "containers",                              MergeByKey,  "name",          false,      "Container"},
    {"PodSpec",               "initContainers",                          MergeByKey,  "name",          false,      "Container"},
    {"PodSpec",               "ephemeralContainers",                     MergeByKey,  "name",          false,      "Container"},
    {"PodSpec",               "volumes",                                 MergeByKey,  "name",          true,       ""},
    {"PodSpec",               "imagePullSecrets",                        MergeByKey,  "name",          false,      ""},
    {"PodSpec",               "hostAliases",                             MergeByKey,  "ip",            false,      ""},
    {"PodSpec",               "topologySpreadConstraints",               MergeByKey,  "topologyKey",   false,      ""},
    {"PodSpec",               "schedulingGates",                         MergeByKey,  "name",          false,      ""},
    {"Container",             "ports",                                   MergeByKey,  "containerPort", false,      ""},
    {"Container",             "env",                                     MergeByKey,  "name",          false,      ""},
    {"Container",             "volumeMounts",                            MergeByKey,  "mountPath",     false,      ""},
    {"Container",             "volumeDevices",                           MergeByKey,  "devicePath",    false,      ""},

    {"Service",               "spec.ports",                              MergeByKey,  "port",          false,      ""},
    {"ServiceAccount",        "secrets",                                 MergeByKey,  "name",          false,      ""},

    {"Pod",                   "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"Pod",                   "status.podIPs",                           MergeByKey,  "ip",            false,      ""},
    {"Pod",                   "status.hostIPs",                          MergeByKey,  "ip",            false,      ""},
    {"Node",                  "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"Node",                  "status.addresses",                        MergeByKey,  "type",          false,      ""},
    {"Namespace",             "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"Deployment",            "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"ReplicaSet",            "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"DaemonSet",             "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"StatefulSet",           "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"ReplicationController", "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"Job",                   "status.conditions",                       MergeByKey,  "type",          false,      ""},
    {"PersistentVolumeClaim", "status.conditions",                       MergeByKey,  "type",          false,      ""},
};

/// Where the merge is in the schema: the context of the current map and its path there.
struct Walk {
    std::string_view context; // "" once below anything the table describes
    std::string path;
    bool atKind = false;      // the context is the object's kind, so kAnyKind rows apply
};

/// What the table says about one field of the current map.
struct Field {
    const FieldRule *rule = nullptr; // nullptr: a plain map or an atomic list
    Walk inner;                      // where the value's (or its elements') fields are looked up
};

const FieldRule *findRule(std::string_view context, std::string_view path)
{
    for (const FieldRule &rule : kRules) {
        if (rule.context == context && rule.path == path)
            return &rule;
    }
    return nullptr;
}

Field lookup(const Walk &at, const std::string &key)
{
    std::string path = at.path.empty() ? key : at.path + "." + key;
    const FieldRule *rule = at.context.empty() ? nullptr : findRule(at.context, path);
    if (!rule && at.atKind)
        rule = findRule(kAnyKind, path);
    if (rule)
        return {rule, Walk{rule->into, {}, false}};
    return {nullptr, Walk{at.context, std::move(path), at.atKind}};
}

bool mergesList(const Field &field)
{
    return field.rule && field.rule->strategy != Strategy::Nested;
}

std::string_view mergeKeyOf(const Field &field)
{
    return field.rule && field.rule->strategy == Strategy::MergeByKey ? field.rule->mergeKey : std::string_view();
}

// ---------------------------------------------------------------------------------
// Upstream's error values (k8s.io/apimachinery/pkg/util/mergepatch/errors.go).

Status invalid(std::string message)
{
    return {StatusCode::Invalid, std::move(message)};
}

/// The Go type name upstream prints, so messages read the same.
std::string goTypeName(const Json &value)
{
    if (value.is_object())
        return "map[string]interface {}";
    if (value.is_array())
        return "[]interface {}";
    if (value.is_string())
        return "string";
    if (value.is_number())
        return "float64";
    if (value.is_boolean())
        return "bool";
    return "<nil>";
}

Status badArgType(std::string_view expected, const Json &actual)
{
    return invalid("expected a " + std::string(expected) + ", but received a " + goTypeName(actual));
}

Status noMergeKey(const Json &item, std::string_view key)
{
    return invalid("map: " + item.dump() + " does not contain declared merge key: " + std::string(key));
}

Status badPatchType(const Json &directive, const Json &map)
{
    const std::string name = directive.is_string() ? directive.get<std::string>() : directive.dump();
    return invalid("unknown patch type: " + name + " in map: " + map.dump());
}

const Status kBadRetainKeys = invalid("invalid patch format of retainKeys");
const Status kBadPrimitiveList = invalid("invalid patch format of primitive list");
const Status kBadSetElementOrder = invalid("invalid patch format of setElementOrder list");

/// The list name in "<prefix>/<name>", or nullopt when the key is malformed.
std::optional<std::string> directiveTarget(std::string_view key, std::string_view prefix)
{
    if (key.size() <= prefix.size() + 1 || !key.starts_with(prefix) || key[prefix.size()] != '/')
        return std::nullopt;
    return std::string(key.substr(prefix.size() + 1));
}

bool hasDirective(const Json &item)
{
    return item.is_object() && item.contains(kDirective);
}

bool isDeleteDirective(const Json &item)
{
    return hasDirective(item) && item.at(std::string(kDirective)) == "delete";
}

// ---------------------------------------------------------------------------------
// List order. The precedence is: $setElementOrder (or the patch list) for the items the
// patch names, the live order for items only the server has; the two are interleaved
// the way upstream's mergeSortedSlice does.

/// An element's identity: its merge key value, or the element itself for primitives.
const Json *identity(const Json &item, std::string_view mergeKey)
{
    if (mergeKey.empty())
        return &item;
    if (!item.is_object())
        return nullptr;
    auto it = item.find(mergeKey);
    return it == item.end() ? nullptr : &*it;
}

std::optional<std::size_t> indexIn(const std::vector<Json> &list, const Json &item, std::string_view mergeKey)
{
    const Json *wanted = identity(item, mergeKey);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Json *candidate = identity(list[i], mergeKey);
        if (wanted && candidate ? *wanted == *candidate : wanted == candidate)
            return i;
    }
    return std::nullopt;
}

void sortByOrder(std::vector<Json> &items, const std::vector<Json> &order, std::string_view mergeKey)
{
    constexpr std::size_t unknown = std::numeric_limits<std::size_t>::max();
    std::stable_sort(items.begin(), items.end(), [&](const Json &a, const Json &b) {
        return indexIn(order, a, mergeKey).value_or(unknown) < indexIn(order, b, mergeKey).value_or(unknown);
    });
}

Status requireMergeKeys(const std::vector<Json> &items, std::string_view mergeKey)
{
    for (const Json &item : items) {
        if (!item.is_object())
            return badArgType("map[string]interface {}", item);
        if (!item.contains(mergeKey))
            return noMergeKey(item, mergeKey);
    }
    return {};
}

/// Orders the merged list: patch items by `patchOrder`, server-only items by
/// `serverOrder`, then interleaves them — a server-only item goes first only when the
/// live list already had it in front of the next patch item (new items come first).
Result<Json> normalizeOrder(std::vector<Json> patchItems, std::vector<Json> serverOnly,
                            const std::vector<Json> &patchOrder, const std::vector<Json> &serverOrder,
                            std::string_view mergeKey)
{
    if (!mergeKey.empty()) {
        for (const std::vector<Json> *list : {&std::as_const(patchItems), &std::as_const(serverOnly), &patchOrder}) {
            if (Status s = requireMergeKeys(*list, mergeKey); !s.ok())
                return s;
        }
    }
    sortByOrder(patchItems, patchOrder, mergeKey);
    sortByOrder(serverOnly, serverOrder, mergeKey);

    Json out = Json::array();
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
        bool takeServer = j >= patchItems.size();
        if (!takeServer && i < serverOnly.size()) {
            const auto li = indexIn(serverOrder, serverOnly[i], mergeKey);
            const auto ri = indexIn(serverOrder, patchItems[j], mergeKey);
            takeServer = li && ri && *li < *ri;
        }
        out.push_back(takeServer ? std::move(serverOnly[i++]) : std::move(patchItems[j++]));
    }
    return out;
}

/// Splits `merged` into the items `by` names and the rest, keeping their order.
std::pair<std::vector<Json>, std::vector<Json>> partition(const Json &merged, const std::vector<Json> &by,
                                                          std::string_view mergeKey)
{
    std::pair<std::vector<Json>, std::vector<Json>> parts;
    for (const Json &item : merged)
        (indexIn(by, item, mergeKey) ? parts.first : parts.second).push_back(item);
    return parts;
}

// ---------------------------------------------------------------------------------
// The merge.

Result<Json> mergeMap(Json original, const Json &patch, const Walk &at);

/// Upstream refuses lists of lists and lists mixing element types.
Status checkElementTypes(const Json &original, const Json &patch)
{
    const Json *first = nullptr;
    for (const Json *list : {&original, &patch}) {
        for (const Json &item : *list) {
            if (item.is_array())
                return invalid("lists of lists are not supported");
            const bool same = !first || first->type() == item.type()
                              || (first->is_number() && item.is_number());
            if (!same)
                return invalid("list element types are not identical: [" + original.dump() + " " + patch.dump()
                               + "]");
            first = &item;
        }
    }
    return {};
}

Result<Json> mergeObjectList(const Json &original, const Json &patch, std::string_view mergeKey,
                             const Walk &elements)
{
    std::vector<Json> live(original.begin(), original.end());
    std::vector<Json> patchItems;
    bool replace = false;
    for (const Json &item : patch) {
        auto directive = item.find(kDirective);
        if (directive == item.end()) {
            patchItems.push_back(item);
        } else if (*directive == "delete") {
            auto key = item.find(mergeKey);
            if (key == item.end())
                return noMergeKey(item, mergeKey);
            std::erase_if(live, [&](const Json &e) {
                return e.is_object() && e.contains(mergeKey) && e.at(std::string(mergeKey)) == *key;
            });
        } else if (*directive == "replace") {
            replace = true; // keep scanning so every other directive element is dropped too
        } else if (*directive == "merge") {
            return invalid("merging lists cannot yet be specified in the patch");
        } else {
            return badPatchType(*directive, item);
        }
    }

    std::vector<Json> merged = replace ? std::vector<Json>() : live;
    for (const Json &item : patchItems) {
        if (!replace && !item.contains(mergeKey))
            return noMergeKey(item, mergeKey);
        const auto found = replace ? std::nullopt : indexIn(merged, item, mergeKey);
        auto result = mergeMap(found ? std::move(merged[*found]) : Json::object(), item, elements);
        if (!result.ok())
            return result.status();
        if (found)
            merged[*found] = std::move(result).value();
        else
            merged.push_back(std::move(result).value());
    }
    if (replace)
        return Json(std::move(merged));

    auto [named, serverOnly] = partition(Json(merged), patchItems, mergeKey);
    return normalizeOrder(std::move(named), std::move(serverOnly), patchItems, live, mergeKey);
}

Result<Json> mergeValueList(const Json &original, const Json &patch)
{
    Json merged = Json::array();
    for (const Json *list : {&original, &patch}) {
        for (const Json &item : *list) {
            if (std::find(merged.begin(), merged.end(), item) == merged.end())
                merged.push_back(item);
        }
    }
    const std::vector<Json> patchItems(patch.begin(), patch.end());
    auto [named, serverOnly] = partition(merged, patchItems, {});
    return normalizeOrder(std::move(named), std::move(serverOnly), patchItems,
                          std::vector<Json>(original.begin(), original.end()), {});
}

/// Merges two lists under the field's rule; lists without a merge strategy are replaced.
Result<Json> mergeList(const Json &original, const Json &patch, const Field &field)
{
    if (!mergesList(field))
        return patch;
    if (original.empty() && patch.empty())
        return original;
    if (Status s = checkElementTypes(original, patch); !s.ok())
        return s;
    const bool objects = (!original.empty() ? original.front() : patch.front()).is_object();
    if (!objects)
        return mergeValueList(original, patch);
    const std::string_view mergeKey = mergeKeyOf(field);
    if (mergeKey.empty())
        return invalid("cannot merge lists without merge key for type map");
    return mergeObjectList(original, patch, mergeKey, field.inner);
}

/// A value for a key the live object lacks (or holds with another type): the patch
/// merged into nothing, so its directives act and are gone rather than stored.
Result<Json> freshValue(const Json &patch, const Field &field)
{
    if (patch.is_object())
        return mergeMap(Json::object(), patch, field.inner);
    if (patch.is_array())
        return mergeList(Json::array(), patch, field);
    return patch;
}

Status applyRetainKeys(Json &original, const Json &patch, const Json &retain)
{
    if (!retain.is_array())
        return kBadRetainKeys;
    auto retained = [&](const std::string &key) {
        return std::find(retain.begin(), retain.end(), key) != retain.end();
    };
    for (const auto &[key, value] : patch.items()) {
        if (value.is_null() || key == kRetainKeys || key.starts_with(kSetElementOrder)
            || key.starts_with(kDeleteFromPrimitiveList))
            continue;
        if (!retained(key))
            return kBadRetainKeys;
    }
    for (auto it = original.begin(); it != original.end();) {
        if (retained(it.key()))
            ++it;
        else
            it = original.erase(it);
    }
    return {};
}

/// Upstream's check that the patch list names its items in the directive's order.
Status validateOrder(const Json &patchList, const Json &order, std::string_view mergeKey)
{
    if (order.empty() || patchList.empty())
        return {};
    std::vector<Json> named;
    for (const Json &item : patchList) {
        if (!mergeKey.empty() && !item.is_object())
            return badArgType("map[string]interface {}", item);
        if (mergeKey.empty() || !isDeleteDirective(item))
            named.push_back(item);
    }
    std::size_t p = 0;
    std::size_t s = 0;
    while (p < named.size() && s < order.size()) {
        if (hasDirective(named[p])) {
            ++p;
            continue;
        }
        if (!mergeKey.empty()) {
            if (Status st = requireMergeKeys({named[p], order[s]}, mergeKey); !st.ok())
                return st;
        }
        if (*identity(named[p], mergeKey) == *identity(order[s], mergeKey))
            ++p;
        ++s;
    }
    if (p < named.size())
        return invalid("the order in patch list:\n" + patchList.dump() + "\n doesn't match "
                       + std::string(kSetElementOrder) + " list:\n" + order.dump());
    return {};
}

/// Handles "$setElementOrder/<list>": merges the list (if patched) and orders it.
/// Adds the list's name to `done` so the main loop leaves it alone.
Status applyElementOrder(Json &original, const Json &patch, const std::string &key, const Json &order,
                         const Walk &at, std::set<std::string> &done)
{
    const auto name = directiveTarget(key, kSetElementOrder);
    if (!name)
        return kBadSetElementOrder;
    if (!order.is_array())
        return badArgType("[]interface {}", order);
    const Field field = lookup(at, *name);
    // An atomic list has no order to keep: the patch list (if any) simply replaces it.
    if (!mergesList(field))
        return {};
    const std::string_view mergeKey = mergeKeyOf(field);

    auto live = original.find(*name);
    auto patched = patch.find(*name);
    if (live != original.end() && !live->is_array())
        return badArgType("[]interface {}", *live);
    if (patched != patch.end() && !patched->is_array())
        return badArgType("[]interface {}", *patched);
    if (patched != patch.end()) {
        if (Status s = validateOrder(*patched, order, mergeKey); !s.ok())
            return s;
    }
    if (live == original.end() && patched == patch.end())
        return {};

    const Json liveList = live != original.end() ? *live : Json::array();
    auto merged = patched != patch.end() ? mergeList(liveList, *patched, field) : Result<Json>(liveList);
    if (!merged.ok())
        return merged.status();
    const std::vector<Json> orderItems(order.begin(), order.end());
    auto [named, serverOnly] = partition(*merged, orderItems, mergeKey);
    auto ordered = normalizeOrder(std::move(named), std::move(serverOnly), orderItems,
                                  std::vector<Json>(liveList.begin(), liveList.end()), mergeKey);
    if (!ordered.ok())
        return ordered.status();
    original[*name] = std::move(ordered).value();
    done.insert(*name);
    return {};
}

/// "$deleteFromPrimitiveList/<list>": removes the given values from a primitive list.
Status applyDeleteFromList(Json &original, const std::string &key, const Json &values)
{
    const auto name = directiveTarget(key, kDeleteFromPrimitiveList);
    if (!name || !values.is_array()
        || std::any_of(values.begin(), values.end(), [](const Json &v) { return v.is_structured(); }))
        return kBadPrimitiveList;
    auto live = original.find(*name);
    if (live == original.end() || !live->is_array())
        return {};
    Json kept = Json::array();
    for (const Json &item : *live) {
        if (std::find(values.begin(), values.end(), item) == values.end())
            kept.push_back(item);
    }
    *live = std::move(kept);
    return {};
}

Result<Json> mergeMap(Json original, const Json &patch, const Walk &at)
{
    if (auto directive = patch.find(kDirective); directive != patch.end()) {
        if (*directive == "delete")
            return Json::object();
        if (*directive != "replace" && *directive != "merge")
            return badPatchType(*directive, patch);
        Json rest = patch;
        rest.erase(std::string(kDirective));
        return mergeMap(*directive == "replace" ? Json::object() : std::move(original), rest, at);
    }
    if (!original.is_object())
        original = Json::object();

    if (auto retain = patch.find(kRetainKeys); retain != patch.end()) {
        if (Status s = applyRetainKeys(original, patch, *retain); !s.ok())
            return s;
    }

    std::set<std::string> done;
    for (const auto &[key, value] : patch.items()) {
        if (!key.starts_with(kSetElementOrder))
            continue;
        done.insert(key);
        if (Status s = applyElementOrder(original, patch, key, value, at, done); !s.ok())
            return s;
    }

    for (const auto &[key, value] : patch.items()) {
        if (done.contains(key) || key == kRetainKeys)
            continue;
        if (key.starts_with(kDeleteFromPrimitiveList)) {
            if (Status s = applyDeleteFromList(original, key, value); !s.ok())
                return s;
            continue;
        }
        // A null for a key the object lacks is dropped, not stored. For "$patch": "delete"
        // upstream leaves an empty map behind; the key goes here, as it would after a
        // round trip through the typed object (maps and structs are omitempty).
        if (value.is_null() || isDeleteDirective(value)) {
            original.erase(key);
            continue;
        }
        const Field field = lookup(at, key);
        auto live = original.find(key);
        Result<Json> merged = Json();
        if (live != original.end() && live->is_object() && value.is_object())
            merged = mergeMap(std::move(*live), value, field.inner);
        else if (live != original.end() && live->is_array() && value.is_array())
            merged = mergeList(*live, value, field);
        else
            merged = freshValue(value, field);
        if (!merged.ok())
            return merged.status();
        original[key] = std::move(merged).value();
    }
    return original;
}

} // namespace

Result<Json> applyStrategicMergePatch(const Json &target, const Json &patch, std::string_view kind)
{
    if (!patch.is_object() || !(target.is_object() || target.is_null()))
        return Status(StatusCode::Invalid, "invalid JSON document");
    return mergeMap(target, patch, Walk{kind, {}, true});
}

} // namespace k8slab::api
