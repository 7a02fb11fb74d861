// metadata.managedFields: recording updates, and server-side apply with its conflicts.
#include "core/apiserver/field_manager.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace k8slab::apiserver {

using api::Json;

namespace {

constexpr const char *kApply = "Apply";
constexpr const char *kUpdate = "Update";
constexpr const char *kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";
// kubectl's server-side apply: the one manager whose applies take over client-side apply.
constexpr const char *kKubectl = "kubectl";
constexpr std::size_t kMaxUpdateManagers = 10;
constexpr std::size_t kMaxManagerLength = 128;

// Fields no manager owns: the object's identity and the server's bookkeeping.
const FieldSet &serverFields()
{
    static const FieldSet set = [] {
        FieldSet s;
        s.insert({"f:apiVersion"});
        s.insert({"f:kind"});
        s.insert({"f:metadata"});
        for (const char *field : {"name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
                                  "generation", "managedFields", "resourceVersion"})
            s.insert({"f:metadata", fieldElement(field)});
        return s;
    }();
    return set;
}

const Json *find(const Json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const Json *managedFieldsOf(const Json *object)
{
    const Json *meta = object ? find(*object, "metadata") : nullptr;
    return meta ? find(*meta, "managedFields") : nullptr;
}

std::vector<ManagedFieldsEntry> decodeOrEmpty(const Json *list)
{
    if (!list)
        return {};
    auto entries = decodeManagedFields(*list);
    return entries.ok() ? std::move(*entries) : std::vector<ManagedFieldsEntry>();
}

// [] or [{}]: the client asks to forget every owner.
bool resetsManagedFields(const Json *list)
{
    return list && list->is_array() && (list->empty() || (list->size() == 1 && (*list)[0].is_object() && (*list)[0].empty()));
}

// Upstream caps the update entries: the oldest merge into one "ancient-changes" entry per version.
void capUpdateManagers(std::vector<ManagedFieldsEntry> &entries)
{
    std::vector<std::size_t> updaters;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].operation == kUpdate)
            updaters.push_back(i);
    if (updaters.size() <= kMaxUpdateManagers)
        return;
    std::ranges::sort(updaters, [&](std::size_t a, std::size_t b) {
        return std::tie(entries[a].time, entries[a].manager) < std::tie(entries[b].time, entries[b].manager);
    });
    std::map<std::string, std::size_t> firstOfVersion;
    std::vector<bool> gone(entries.size(), false);
    std::size_t remaining = updaters.size();
    for (std::size_t i = 0; i < updaters.size() && remaining > kMaxUpdateManagers; ++i) {
        const std::size_t index = updaters[i];
        const auto first = firstOfVersion.find(entries[index].apiVersion);
        if (first == firstOfVersion.end()) {
            firstOfVersion.emplace(entries[index].apiVersion, index);
            continue;
        }
        ManagedFieldsEntry &bucket = entries[first->second];
        bucket.manager = "ancient-changes";
        bucket.subresource.clear();
        bucket.fields = bucket.fields.united(entries[index].fields);
        bucket.time = entries[index].time;
        gone[index] = true;
        --remaining;
    }
    std::vector<ManagedFieldsEntry> kept;
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (!gone[i])
            kept.push_back(std::move(entries[i]));
    entries = std::move(kept);
}

// The fields of the client-side apply annotation whose values the live object still has:
// kubectl's first server-side apply may take them over from client-side apply.
FieldSet fieldsStillAsLastApplied(const Json &live, typed::ObjectType type)
{
    const Json *meta = find(live, "metadata");
    const Json *annotations = meta ? find(*meta, "annotations") : nullptr;
    const Json *text = annotations ? find(*annotations, kLastApplied) : nullptr;
    if (!text || !text->is_string() || text->get<std::string>().empty())
        return {};
    const Json lastApplied = Json::parse(text->get<std::string>(), nullptr, false);
    if (!lastApplied.is_object() || lastApplied.value("apiVersion", "") != type.apiVersion)
        return {};
    const typed::Comparison changed = typed::compare(lastApplied, live, type);
    return typed::fieldsOf(lastApplied, type).without(changed.modified).without(changed.added).without(changed.removed);
}

struct Conflict {
    const ManagedFieldsEntry *owner;
    FieldPath path;
};

Status conflictStatus(std::vector<Conflict> conflicts)
{
    std::ranges::stable_sort(conflicts, [](const Conflict &a, const Conflict &b) {
        return std::tie(a.owner->manager, a.owner->operation, a.owner->apiVersion, a.owner->subresource)
               < std::tie(b.owner->manager, b.owner->operation, b.owner->apiVersion, b.owner->subresource);
    });
    std::vector<StatusCause> causes;
    for (const Conflict &c : conflicts)
        causes.push_back({describePath(c.path), "FieldManagerConflict", "conflict with " + c.owner->describe()});
    std::string message;
    if (conflicts.size() == 1) {
        message = "Apply failed with 1 conflict: conflict with " + conflicts[0].owner->describe() + ": "
                  + describePath(conflicts[0].path);
    } else {
        message = "Apply failed with " + std::to_string(conflicts.size()) + " conflicts: ";
        const ManagedFieldsEntry *current = nullptr;
        for (const Conflict &c : conflicts) {
            if (c.owner != current) {
                message += (current ? "\n" : "") + ("conflicts with " + c.owner->describe() + ":");
                current = c.owner;
            }
            message += "\n- " + describePath(c.path);
        }
    }
    return Status(StatusCode::Conflict, std::move(message), std::move(causes));
}

} // namespace

bool ManagedFieldsEntry::sameOwner(const ManagedFieldsEntry &other) const
{
    return manager == other.manager && operation == other.operation && subresource == other.subresource
           && (operation == kApply || apiVersion == other.apiVersion);
}

std::string ManagedFieldsEntry::describe() const
{
    std::string out = Json(manager).dump();
    if (!subresource.empty())
        out += " with subresource " + Json(subresource).dump();
    if (operation == kUpdate)
        out += " using " + apiVersion;
    return out;
}

namespace {

Result<ManagedFieldsEntry> decodeEntry(const Json &item)
{
    if (!item.is_object())
        return Status(StatusCode::BadRequest, "each metadata.managedFields entry must be an object");
    ManagedFieldsEntry entry;
    entry.manager = item.value("manager", "");
    entry.operation = item.value("operation", "");
    entry.apiVersion = item.value("apiVersion", "");
    entry.subresource = item.value("subresource", "");
    entry.time = item.contains("time") && item["time"].is_string() ? item["time"].get<std::string>() : "";
    if (entry.operation != kApply && entry.operation != kUpdate)
        return Status(StatusCode::BadRequest, "managedFields operation must be Apply or Update, not \""
                                                  + entry.operation + "\"");
    if (item.value("fieldsType", "FieldsV1") != "FieldsV1")
        return Status(StatusCode::BadRequest, "managedFields fieldsType must be FieldsV1");
    auto fields = FieldSet::fromFieldsV1(item.value("fieldsV1", Json::object()));
    if (!fields.ok())
        return fields.status();
    entry.fields = std::move(*fields);
    return entry;
}

Json encodeEntry(const ManagedFieldsEntry &e)
{
    Json item = {{"manager", e.manager}, {"operation", e.operation}, {"apiVersion", e.apiVersion},
                 {"fieldsType", "FieldsV1"}, {"fieldsV1", e.fields.toFieldsV1()}};
    if (!e.time.empty())
        item["time"] = e.time;
    if (!e.subresource.empty())
        item["subresource"] = e.subresource;
    return item;
}

// Upstream's order: appliers first, then by time, manager, apiVersion and subresource.
void sortEntries(Json &list)
{
    const auto key = [](const Json &e) {
        return std::make_tuple(e.value("operation", ""), e.value("time", ""), e.value("manager", ""),
                               e.value("apiVersion", ""), e.value("subresource", ""));
    };
    std::stable_sort(list.begin(), list.end(), [&](const Json &a, const Json &b) { return key(a) < key(b); });
}

// True when removing `set` from the entry's FieldsV1 would change it: a path of the set
// that the entry holds as a path of its own.
bool touches(const Json &fields, const FieldSet &set)
{
    if (!fields.is_object())
        return false;
    for (const auto &[element, below] : set.children()) {
        const auto it = fields.find(element);
        if (it == fields.end())
            continue;
        if (below.member() && (it->empty() || it->contains(".")))
            return true;
        if (touches(*it, below))
            return true;
    }
    return false;
}

} // namespace

Result<std::vector<ManagedFieldsEntry>> decodeManagedFields(const Json &list)
{
    std::vector<ManagedFieldsEntry> entries;
    if (list.is_null())
        return entries;
    if (!list.is_array())
        return Status(StatusCode::BadRequest, "metadata.managedFields must be a list");
    for (const Json &item : list) {
        auto entry = decodeEntry(item);
        if (!entry.ok())
            return entry.status();
        entries.push_back(std::move(*entry));
    }
    return entries;
}

Json encodeManagedFields(std::vector<ManagedFieldsEntry> entries)
{
    Json list = Json::array();
    for (const ManagedFieldsEntry &e : entries)
        if (!e.fields.empty())
            list.push_back(encodeEntry(e));
    sortEntries(list);
    return list;
}

std::vector<StatusCause> fieldManagerProblems(const std::string &fieldManager)
{
    std::vector<StatusCause> causes;
    if (fieldManager.size() > kMaxManagerLength)
        causes.push_back({"fieldManager", "FieldValueTooLong",
                          "Too long: may not be more than " + std::to_string(kMaxManagerLength) + " bytes"});
    for (std::size_t i = 0; i < fieldManager.size(); ++i) {
        const auto byte = static_cast<unsigned char>(fieldManager[i]);
        if (byte < 0x20 || byte == 0x7f) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(byte));
            causes.push_back({"fieldManager", "FieldValueInvalid",
                              "Invalid value: " + Json(fieldManager).dump() + ": invalid character " + code
                                  + " (at position " + std::to_string(i) + ")"});
            break;
        }
    }
    return causes;
}

std::string managerOf(const std::string &fieldManager, const std::string &userAgent)
{
    if (!fieldManager.empty())
        return fieldManager;
    std::string out;
    for (char c : userAgent.substr(0, userAgent.find('/'))) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            continue; // not printable
        if (out.size() + 1 > kMaxManagerLength)
            break;
        out.push_back(c);
    }
    return out;
}

void recordUpdate(const Json *live, Json &next, const FieldOwner &owner, typed::ObjectType type)
{
    Json &meta = next["metadata"];
    // Where the owners come from: the live object's list, or one the request set itself.
    static const Json none = Json::array();
    const Json *liveList = managedFieldsOf(live);
    const Json *source = liveList && liveList->is_array() ? liveList : &none;
    Json requested = meta.contains("managedFields") ? meta["managedFields"] : Json();
    if (owner.subresource.empty()) {
        if (resetsManagedFields(&requested))
            source = &none;
        else if (requested.is_array() && !requested.empty() && requested != *source && decodeManagedFields(requested).ok())
            source = &requested;
    }
    const typed::Comparison diff = typed::compare(live ? *live : Json::object(), next, type);
    const FieldSet changed = diff.added.united(diff.modified).without(serverFields());
    const FieldSet removed = diff.removed.without(serverFields());

    // Only the entries the change concerns are decoded: most writes touch one or two.
    const ManagedFieldsEntry self{owner.manager, kUpdate, std::string(type.apiVersion), owner.subresource, owner.now, {}};
    Json list = Json::array();
    bool selfDone = changed.empty();
    std::size_t updaters = 0;
    for (const Json &raw : *source) {
        if (!raw.is_object())
            continue;
        // Who the entry is, read without its fields.
        const ManagedFieldsEntry who{raw.value("manager", ""), raw.value("operation", ""), raw.value("apiVersion", ""),
                                     raw.value("subresource", ""), {}, {}};
        const bool mine = who.sameOwner(self);
        const auto fields = raw.find("fieldsV1");
        const Json &fieldsV1 = fields == raw.end() ? none : *fields;
        if (!(mine && !changed.empty()) && !touches(fieldsV1, changed) && !touches(fieldsV1, removed)) {
            list.push_back(raw);
            updaters += who.operation == kUpdate;
            continue;
        }
        auto entry = decodeEntry(raw);
        if (!entry.ok())
            continue;
        entry->fields = entry->fields.without(changed).without(removed);
        if (mine && !changed.empty()) {
            entry->fields = entry->fields.united(changed);
            entry->time = owner.now;
            selfDone = true;
        }
        if (!entry->fields.empty()) {
            list.push_back(encodeEntry(*entry));
            updaters += entry->operation == kUpdate;
        }
    }
    if (!selfDone) {
        ManagedFieldsEntry added = self;
        added.fields = changed;
        list.push_back(encodeEntry(added));
        ++updaters;
    }
    if (updaters > kMaxUpdateManagers) {
        std::vector<ManagedFieldsEntry> entries = decodeOrEmpty(&list);
        capUpdateManagers(entries);
        list = encodeManagedFields(std::move(entries));
    } else {
        sortEntries(list);
    }
    if (list.empty())
        meta.erase("managedFields");
    else
        meta["managedFields"] = std::move(list);
}

Result<Json> applyConfiguration(const Json *live, const Json &config, const ApplyOptions &options, typed::ObjectType type)
{
    std::vector<ManagedFieldsEntry> entries;
    if (const Json *list = managedFieldsOf(live)) {
        auto decoded = decodeManagedFields(*list);
        if (!decoded.ok())
            return Status(StatusCode::Internal, "failed to decode managed fields: " + decoded.status().message());
        entries = std::move(*decoded);
    }
    Json applied = config;
    if (options.ignoreStatus)
        applied.erase("status");
    Json base = live ? *live : Json::object();
    if (base.contains("metadata"))
        base["metadata"].erase("managedFields");
    Json merged = typed::merge(base, applied, type);
    const FieldSet configFields = typed::fieldsOf(applied, type);

    ManagedFieldsEntry self{options.owner.manager, kApply, std::string(type.apiVersion), options.owner.subresource,
                            options.owner.now, configFields.without(serverFields())};
    auto previous = std::ranges::find_if(entries, [&](const ManagedFieldsEntry &e) { return e.sameOwner(self); });
    // Fields this manager applied before and applies no longer go, unless someone else
    // (or this configuration) still owns them.
    if (previous != entries.end() && !previous->fields.empty()) {
        FieldSet owned = configFields;
        for (auto it = entries.begin(); it != entries.end(); ++it)
            if (it != previous)
                owned = owned.united(it->fields);
        typed::removeFields(merged, previous->fields.withNamedFields().without(owned.withNamedFields()), type);
    }

    const typed::Comparison diff = typed::compare(base, merged, type);
    const FieldSet changed = diff.added.united(diff.modified).without(serverFields());
    const FieldSet removed = diff.removed.without(serverFields());
    bool force = options.force;
    std::vector<Conflict> conflicts;
    for (auto it = entries.begin(); it != entries.end(); ++it)
        if (it != previous)
            for (FieldPath &path : it->fields.common(changed).paths())
                conflicts.push_back({&*it, std::move(path)});
    if (!conflicts.empty() && !force) {
        // kubectl taking an object over from client-side apply keeps the fields its last
        // applied configuration set and the object still has.
        if (options.owner.manager == kKubectl && live) {
            const FieldSet allowed = fieldsStillAsLastApplied(*live, type);
            std::erase_if(conflicts, [&](const Conflict &c) { return allowed.has(c.path); });
        }
        if (!conflicts.empty())
            return conflictStatus(std::move(conflicts));
        force = true;
    }
    for (auto it = entries.begin(); it != entries.end(); ++it)
        if (it != previous)
            it->fields = (force ? it->fields.without(changed) : it->fields).without(removed);
    const bool objectChanged = !changed.empty() || !removed.empty();
    if (previous != entries.end()) {
        if (!objectChanged)
            self.time = previous->time;
        *previous = std::move(self);
    } else {
        entries.push_back(std::move(self));
    }
    merged["metadata"]["managedFields"] = encodeManagedFields(std::move(entries));
    if (merged["metadata"]["managedFields"].empty())
        merged["metadata"].erase("managedFields");

    // kubectl keeps a client-side apply annotation in step with what it applies.
    const Json *liveMeta = live ? find(*live, "metadata") : nullptr;
    const Json *annotations = liveMeta ? find(*liveMeta, "annotations") : nullptr;
    const Json *lastApplied = annotations ? find(*annotations, kLastApplied) : nullptr;
    if (options.owner.manager == kKubectl && lastApplied && lastApplied->is_string()
        && !lastApplied->get<std::string>().empty()) {
        Json recorded = config;
        if (recorded.contains("metadata") && recorded["metadata"].contains("annotations")) {
            recorded["metadata"]["annotations"].erase(kLastApplied);
            if (recorded["metadata"]["annotations"].empty())
                recorded["metadata"].erase("annotations");
        }
        merged["metadata"]["annotations"][kLastApplied] = recorded.dump() + "\n";
    }
    return merged;
}

} // namespace k8slab::apiserver
