// One index over every table of type definitions, built once.
#include "core/apiserver/schema_lookup.h"

#include <cstdlib>
#include <unordered_map>

namespace k8slab::apiserver::schema {

namespace {

struct Index {
    std::unordered_map<std::string_view, const TypeDef *> byName;
    std::vector<const TypeDef *> kinds;
};

const Index &typeIndex()
{
    static const Index index = [] {
        Index built;
        for (const std::vector<TypeDef> *table : {&metaTypes(), &podTypes(), &containerTypes(), &volumeTypes(),
                                                   &coreTypes(), &appsTypes(), &clusterTypes(), &rbacTypes(), &authTypes(),
                                                   &otherVersionTypes()}) {
            for (const TypeDef &type : *table) {
                if (!built.byName.emplace(type.name, &type).second)
                    std::abort(); // a structure defined twice is a programming error in the tables
                if (!type.kind.empty())
                    built.kinds.push_back(&type);
            }
        }
        return built;
    }();
    return index;
}

} // namespace

const TypeDef *findType(std::string_view name)
{
    const auto &byName = typeIndex().byName;
    const auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second;
}

const TypeDef *findKind(std::string_view group, std::string_view version, std::string_view kind)
{
    for (const TypeDef *type : typeIndex().kinds)
        if (type->group == group && type->version == version && type->kind == kind)
            return type;
    return nullptr;
}

const TypeDef *findKind(std::string_view apiVersion, std::string_view kind)
{
    const std::size_t slash = apiVersion.find('/');
    if (slash == std::string_view::npos)
        return findKind({}, apiVersion, kind);
    return findKind(apiVersion.substr(0, slash), apiVersion.substr(slash + 1), kind);
}

const FieldDef *findField(const TypeDef &type, std::string_view name)
{
    for (const FieldDef &field : type.fields)
        if (field.name == name)
            return &field;
    return nullptr;
}

const std::vector<const TypeDef *> &allKinds()
{
    return typeIndex().kinds;
}

} // namespace k8slab::apiserver::schema
