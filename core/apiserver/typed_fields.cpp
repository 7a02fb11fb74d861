// Schema-aware walks over JSON objects for server-side apply (typed_fields.h).
#include "core/apiserver/typed_fields.h"

#include "core/apiserver/schema_lookup.h"
#include "core/apiserver/schema_merge.h"

#include <optional>
#include <set>

namespace k8slab::apiserver::typed {

using api::Json;
using schema::FieldDef;
using schema::ListSemantics;
using schema::ListType;
using schema::Type;
using schema::TypeDef;

namespace {

// Where a value sits in the schema.
class FieldType {
public:
    enum class Shape {
        Scalar,    // a leaf
        Atomic,    // replaced and owned as a whole (atomic list, structure or map)
        Structure, // named fields
        Map,       // any keys, each to an element
        List,      // a set or an associative list
        Untyped,   // no schema: objects by key, lists whole
    };

    static FieldType ofKind(ObjectType type)
    {
        if (const TypeDef *def = schema::findKind(type.apiVersion, type.kind))
            return structure(*def);
        return FieldType(Shape::Untyped);
    }

    [[nodiscard]] Shape shape() const { return m_shape; }
    [[nodiscard]] const ListSemantics &list() const { return m_list; }
    [[nodiscard]] const TypeDef *definition() const { return m_structure; }

    // The type of a structure's field, or of a map's (untyped object's) element.
    [[nodiscard]] FieldType field(std::string_view name) const
    {
        switch (m_shape) {
        case Shape::Structure: {
            const FieldDef *def = schema::findField(*m_structure, name);
            return def ? ofField(*m_structure, *def) : FieldType(Shape::Untyped);
        }
        case Shape::Map:
            return element();
        default:
            return FieldType(Shape::Untyped);
        }
    }

    // The type of a list's or map's elements.
    [[nodiscard]] FieldType element() const
    {
        if (m_item == Type::Object)
            return m_ref.empty() ? FieldType(Shape::Untyped) : ofReference(m_ref);
        return FieldType(Shape::Scalar);
    }

    // True when the field is declared (structures) — map keys and untyped keys are not.
    // True for a Go value structure (spec, status, a pod template): the zero object holds
    // it, so it is never added or removed as a whole, only its fields are.
    [[nodiscard]] bool alwaysPresent() const { return m_alwaysPresent; }

    [[nodiscard]] bool declares(std::string_view name) const
    {
        return m_shape == Shape::Structure && schema::findField(*m_structure, name);
    }

private:
    explicit FieldType(Shape shape) : m_shape(shape) {}

    static FieldType structure(const TypeDef &def)
    {
        FieldType type(Shape::Structure);
        type.m_structure = &def;
        return type;
    }

    static FieldType ofReference(std::string_view ref)
    {
        if (schema::atomicStructure(ref))
            return FieldType(Shape::Atomic);
        const TypeDef *def = schema::findType(ref);
        return def ? structure(*def) : FieldType(Shape::Untyped);
    }

    static FieldType ofField(const TypeDef &parent, const FieldDef &field)
    {
        switch (field.type) {
        case Type::Object: {
            if (field.ref.empty())
                return FieldType(Shape::Untyped);
            FieldType type = ofReference(field.ref);
            type.m_alwaysPresent = schema::valueStructure(parent.name, field.name);
            return type;
        }
        case Type::Array: {
            ListSemantics semantics = schema::listSemantics(parent.name, field.name);
            if (semantics.type == ListType::Atomic)
                return FieldType(Shape::Atomic);
            FieldType type(Shape::List);
            type.m_list = std::move(semantics);
            type.m_item = field.item;
            type.m_ref = field.ref;
            return type;
        }
        case Type::Map: {
            if (schema::atomicMap(parent.name, field.name))
                return FieldType(Shape::Atomic);
            FieldType type(Shape::Map);
            type.m_item = field.item;
            type.m_ref = field.ref;
            return type;
        }
        default:
            return FieldType(Shape::Scalar);
        }
    }

    Shape m_shape;
    const TypeDef *m_structure = nullptr;
    ListSemantics m_list;
    Type m_item = Type::Object;
    std::string_view m_ref;
    bool m_alwaysPresent = false;
};

using Shape = FieldType::Shape;

bool keyed(const FieldType &type)
{
    return type.shape() == Shape::Structure || type.shape() == Shape::Map || type.shape() == Shape::Untyped;
}

// The path element of a list item: its value (sets) or its key fields (associative lists);
// nullopt when an item has none of its key fields.
std::optional<PathElement> itemElement(const Json &item, const ListSemantics &list)
{
    if (list.type == ListType::Set)
        return valueElement(item);
    if (!item.is_object())
        return std::nullopt;
    Json keys = Json::object();
    for (const schema::ListKey &key : list.keys) {
        if (auto it = item.find(std::string(key.name)); it != item.end())
            keys[std::string(key.name)] = *it;
        else if (!key.defaultValue.empty())
            keys[std::string(key.name)] = std::string(key.defaultValue);
    }
    if (keys.empty())
        return std::nullopt;
    return keyElement(keys);
}

// ---- fields of an object ----------------------------------------------------------

void collectFields(const Json &value, const FieldType &type, FieldPath &path, FieldSet &out)
{
    const Shape shape = type.shape();
    const bool granularObject = keyed(type) && value.is_object();
    const bool granularList = shape == Shape::List && value.is_array();
    if (!granularObject && !granularList) {
        // Scalars, atomic values, untyped lists and values of an unexpected JSON type.
        if (!path.empty())
            out.insert(path);
        return;
    }
    if (granularObject) {
        for (const auto &[key, child] : value.items()) {
            path.push_back(fieldElement(key));
            collectFields(child, type.field(key), path, out);
            if (child.is_null() || (child.is_object() && child.empty()) || !type.declares(key))
                out.insert(path);
            path.pop_back();
        }
        return;
    }
    const FieldType element = type.element();
    for (const Json &item : value) {
        const auto pathElement = itemElement(item, type.list());
        if (!pathElement)
            continue;
        path.push_back(*pathElement);
        collectFields(item, element, path, out);
        out.insert(path);
        path.pop_back();
    }
}

// ---- comparing two versions -----------------------------------------------------------

bool emptyOrAbsent(const Json *value)
{
    return !value || value->is_null() || ((value->is_object() || value->is_array()) && value->empty());
}

// Values of a list indexed by their path elements (the first item wins a duplicate key).
std::vector<std::pair<PathElement, const Json *>> indexItems(const Json *list, const ListSemantics &semantics)
{
    std::vector<std::pair<PathElement, const Json *>> items;
    if (!list || !list->is_array())
        return items;
    std::set<PathElement> seen;
    for (const Json &item : *list)
        if (auto element = itemElement(item, semantics); element && seen.insert(*element).second)
            items.emplace_back(std::move(*element), &item);
    return items;
}

const Json *lookupItem(const std::vector<std::pair<PathElement, const Json *>> &items, const PathElement &element)
{
    for (const auto &[key, item] : items)
        if (key == element)
            return item;
    return nullptr;
}

// Records a path that appeared or went away; false when it is on both sides.
bool notePresence(const Json *before, const Json *after, const FieldPath &path, Comparison &out)
{
    if (!before)
        out.added.insert(path);
    else if (!after)
        out.removed.insert(path);
    return !before || !after;
}

void compareValues(const Json *before, const Json *after, const FieldType &type, FieldPath &path, Comparison &out)
{
    static const Json emptyStructure = Json::object();
    if (type.alwaysPresent()) {
        before = before ? before : &emptyStructure;
        after = after ? after : &emptyStructure;
    }
    const Shape shape = type.shape();
    const auto fits = [&](const Json *v) {
        if (!v || v->is_null())
            return true;
        return shape == Shape::List ? v->is_array() : keyed(type) && v->is_object();
    };
    const bool leaf = shape == Shape::Scalar || shape == Shape::Atomic || !fits(before) || !fits(after)
                      || (emptyOrAbsent(before) && emptyOrAbsent(after));
    if (leaf) {
        if (!path.empty() && !notePresence(before, after, path, out) && *before != *after)
            out.modified.insert(path);
        return;
    }
    if (shape == Shape::List) {
        const auto beforeItems = indexItems(before, type.list());
        const auto afterItems = indexItems(after, type.list());
        const FieldType element = type.element();
        for (const auto &[key, item] : beforeItems) {
            const Json *counterpart = lookupItem(afterItems, key);
            if (counterpart && *counterpart == *item)
                continue; // nothing below changed
            path.push_back(key);
            compareValues(item, counterpart, element, path, out);
            path.pop_back();
        }
        for (const auto &[key, item] : afterItems) {
            if (lookupItem(beforeItems, key))
                continue;
            path.push_back(key);
            compareValues(nullptr, item, element, path, out);
            path.pop_back();
        }
    } else {
        const Json emptyObject = Json::object();
        const Json &b = before && before->is_object() ? *before : emptyObject;
        const Json &a = after && after->is_object() ? *after : emptyObject;
        for (const auto &[key, value] : b.items()) {
            const auto there = a.find(key);
            if (there != a.end() && *there == value)
                continue; // nothing below changed (most of an object, in most writes)
            path.push_back(fieldElement(key));
            compareValues(&value, there == a.end() ? nullptr : &*there, type.field(key), path, out);
            path.pop_back();
        }
        for (const auto &[key, value] : a.items()) {
            if (b.contains(key))
                continue;
            path.push_back(fieldElement(key));
            compareValues(nullptr, &value, type.field(key), path, out);
            path.pop_back();
        }
    }
    if (!path.empty())
        notePresence(before, after, path, out);
}

// ---- merging a configuration ------------------------------------------------------------

Json mergeValues(const Json *live, const Json &config, const FieldType &type);

// An associative list or set: items merge by key; items both sides hold come in the
// configuration's order, items only the live list holds keep their place among them,
// and new items come where the configuration puts them.
Json mergeLists(const Json &live, const Json &config, const FieldType &type)
{
    const ListSemantics &semantics = type.list();
    const FieldType element = type.element();
    std::vector<std::optional<PathElement>> liveKeys;
    for (const Json &item : live)
        liveKeys.push_back(itemElement(item, semantics));
    std::vector<std::optional<PathElement>> configKeys;
    for (const Json &item : config)
        configKeys.push_back(itemElement(item, semantics));
    const auto inConfig = [&](const std::optional<PathElement> &key) {
        return key && std::ranges::find(configKeys, key) != configKeys.end();
    };
    const auto liveItem = [&](const std::optional<PathElement> &key) -> const Json * {
        for (std::size_t i = 0; key && i < liveKeys.size(); ++i)
            if (liveKeys[i] == key)
                return &live[i];
        return nullptr;
    };
    std::vector<PathElement> shared; // in the configuration's order
    for (const auto &key : configKeys)
        if (key && liveItem(key))
            shared.push_back(*key);
    std::size_t nextShared = 0;
    std::set<PathElement> done;
    Json out = Json::array();
    const auto emitConfig = [&](std::size_t ri) {
        out.push_back(mergeValues(liveItem(configKeys[ri]), config[ri], element));
        if (configKeys[ri]) {
            done.insert(*configKeys[ri]);
            if (nextShared < shared.size() && shared[nextShared] == *configKeys[ri])
                ++nextShared;
        }
    };
    std::size_t li = 0;
    std::size_t ri = 0;
    while (li < live.size() || ri < config.size()) {
        if (li < live.size() && ri < config.size()) {
            if (liveKeys[li] && liveKeys[li] == configKeys[ri]) {
                emitConfig(ri++);
                ++li;
                continue;
            }
            // A shared item that is not the next one the configuration places: it comes
            // when the configuration reaches it.
            if (inConfig(liveKeys[li]) && nextShared < shared.size() && shared[nextShared] != *liveKeys[li]) {
                ++li;
                continue;
            }
        }
        if (li < live.size()) {
            if (!inConfig(liveKeys[li])) {
                out.push_back(live[li++]);
                continue;
            }
            if (done.contains(*liveKeys[li])) {
                ++li;
                continue;
            }
        }
        if (ri < config.size())
            emitConfig(ri++);
        else
            ++li; // only reachable for a live item the configuration holds twice
    }
    return out;
}

Json mergeValues(const Json *live, const Json &config, const FieldType &type)
{
    if (!live)
        return config;
    const Shape shape = type.shape();
    if (shape == Shape::List && live->is_array() && config.is_array())
        return mergeLists(*live, config, type);
    if (keyed(type) && live->is_object() && config.is_object()) {
        Json out = *live;
        for (const auto &[key, value] : config.items()) {
            const auto there = live->find(key);
            out[key] = mergeValues(there == live->end() ? nullptr : &*there, value, type.field(key));
        }
        return out;
    }
    return config;
}

// ---- removing fields ------------------------------------------------------------------

void removeBelow(Json &value, const FieldSet &set, const FieldType &type)
{
    for (const auto &[element, below] : set.children()) {
        if (element.starts_with("f:") && value.is_object()) {
            const std::string name = element.substr(2);
            auto it = value.find(name);
            if (it == value.end())
                continue;
            if (below.member())
                value.erase(it);
            else
                removeBelow(*it, below, type.field(name));
        } else if ((element.starts_with("k:") || element.starts_with("v:")) && value.is_array()
                   && type.shape() == Shape::List) {
            const FieldType itemType = type.element();
            Json kept = Json::array();
            for (Json &item : value) {
                const auto key = itemElement(item, type.list());
                if (key && *key == element) {
                    if (below.member())
                        continue;
                    removeBelow(item, below, itemType);
                }
                kept.push_back(std::move(item));
            }
            value = std::move(kept);
        }
    }
}

// ---- checking a configuration -------------------------------------------------------------

void findProblems(const Json &value, const FieldType &type, FieldPath &path, std::vector<std::string> &out)
{
    if (type.shape() == Shape::Structure && value.is_object()) {
        for (const auto &[key, child] : value.items()) {
            path.push_back(fieldElement(key));
            if (!type.declares(key))
                out.push_back(describePath(path) + ": field not declared in schema");
            else
                findProblems(child, type.field(key), path, out);
            path.pop_back();
        }
    } else if (type.shape() == Shape::Map && value.is_object()) {
        for (const auto &[key, child] : value.items()) {
            path.push_back(fieldElement(key));
            findProblems(child, type.element(), path, out);
            path.pop_back();
        }
    } else if (type.shape() == Shape::List && value.is_array()) {
        std::set<PathElement> seen;
        for (std::size_t i = 0; i < value.size(); ++i) {
            const auto element = itemElement(value[i], type.list());
            if (!element) {
                std::string keys;
                for (const schema::ListKey &key : type.list().keys)
                    keys += (keys.empty() ? "" : ", ") + std::string(key.name);
                out.push_back(describePath(path) + "[" + std::to_string(i)
                              + "]: associative list with keys has an element that omits all key fields (and doesn't "
                                "have default values for any key fields): " + keys);
                continue;
            }
            if (!seen.insert(*element).second) {
                FieldPath at = {*element};
                out.push_back(describePath(path) + ": duplicate entries for key " + describePath(at));
                continue;
            }
            path.push_back(*element);
            findProblems(value[i], type.element(), path, out);
            path.pop_back();
        }
    }
}

} // namespace

FieldSet fieldsOf(const Json &object, ObjectType type)
{
    FieldSet out;
    FieldPath path;
    collectFields(object, FieldType::ofKind(type), path, out);
    return out;
}

Comparison compare(const Json &before, const Json &after, ObjectType type)
{
    Comparison out;
    FieldPath path;
    compareValues(&before, &after, FieldType::ofKind(type), path, out);
    return out;
}

Json merge(const Json &live, const Json &config, ObjectType type)
{
    return mergeValues(&live, config, FieldType::ofKind(type));
}

void removeFields(Json &object, const FieldSet &set, ObjectType type)
{
    removeBelow(object, set, FieldType::ofKind(type));
}

std::vector<std::string> configurationProblems(const Json &config, ObjectType type)
{
    std::vector<std::string> out;
    FieldPath path;
    findProblems(config, FieldType::ofKind(type), path, out);
    return out;
}

} // namespace k8slab::apiserver::typed
