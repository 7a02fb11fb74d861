// FieldSet: set algebra on a trie of path elements, and the FieldsV1 encoding.
#include "core/apiserver/field_set.h"

namespace k8slab::apiserver {

using api::Json;

PathElement fieldElement(std::string_view name)
{
    return "f:" + std::string(name);
}

PathElement keyElement(const Json &keys)
{
    return "k:" + keys.dump();
}

PathElement valueElement(const Json &value)
{
    return "v:" + value.dump();
}

void FieldSet::insert(const FieldPath &path)
{
    FieldSet *node = this;
    for (const PathElement &element : path)
        node = &node->m_children[element];
    node->m_member = true;
}

bool FieldSet::has(const FieldPath &path) const
{
    const FieldSet *node = this;
    for (const PathElement &element : path) {
        node = node->find(element);
        if (!node)
            return false;
    }
    return node->m_member;
}

bool FieldSet::empty() const
{
    if (m_member)
        return false;
    for (const auto &[element, child] : m_children)
        if (!child.empty())
            return false;
    return true;
}

const FieldSet *FieldSet::find(const PathElement &element) const
{
    const auto it = m_children.find(element);
    return it == m_children.end() ? nullptr : &it->second;
}

void FieldSet::prune()
{
    for (auto it = m_children.begin(); it != m_children.end();) {
        it->second.prune();
        if (!it->second.m_member && it->second.m_children.empty())
            it = m_children.erase(it);
        else
            ++it;
    }
}

FieldSet FieldSet::united(const FieldSet &other) const
{
    FieldSet out = *this;
    out.m_member = m_member || other.m_member;
    for (const auto &[element, child] : other.m_children) {
        auto it = out.m_children.find(element);
        if (it == out.m_children.end())
            out.m_children.emplace(element, child);
        else
            it->second = it->second.united(child);
    }
    return out;
}

FieldSet FieldSet::without(const FieldSet &other) const
{
    FieldSet out;
    out.m_member = m_member && !other.m_member;
    for (const auto &[element, child] : m_children) {
        const FieldSet *theirs = other.find(element);
        out.m_children.emplace(element, theirs ? child.without(*theirs) : child);
    }
    out.prune();
    return out;
}

FieldSet FieldSet::common(const FieldSet &other) const
{
    FieldSet out;
    out.m_member = m_member && other.m_member;
    for (const auto &[element, child] : m_children)
        if (const FieldSet *theirs = other.find(element))
            out.m_children.emplace(element, child.common(*theirs));
    out.prune();
    return out;
}

FieldSet FieldSet::withoutSubtrees(const FieldSet &other) const
{
    FieldSet out;
    out.m_member = m_member && !other.m_member;
    for (const auto &[element, child] : m_children) {
        const FieldSet *theirs = other.find(element);
        if (!theirs)
            out.m_children.emplace(element, child);
        else if (!theirs->m_member)
            out.m_children.emplace(element, child.withoutSubtrees(*theirs));
    }
    out.prune();
    return out;
}

FieldSet FieldSet::withNamedFields() const
{
    FieldSet out;
    out.m_member = m_member;
    for (const auto &[element, child] : m_children) {
        FieldSet below = child.withNamedFields();
        if (element.starts_with("f:"))
            below.m_member = true;
        out.m_children.emplace(element, std::move(below));
    }
    return out;
}

void FieldSet::collect(FieldPath &prefix, std::vector<FieldPath> &out) const
{
    if (m_member)
        out.push_back(prefix);
    for (const auto &[element, child] : m_children) {
        prefix.push_back(element);
        child.collect(prefix, out);
        prefix.pop_back();
    }
}

std::vector<FieldPath> FieldSet::paths() const
{
    std::vector<FieldPath> out;
    FieldPath prefix;
    collect(prefix, out);
    return out;
}

Result<FieldSet> FieldSet::fromFieldsV1(const Json &fields)
{
    if (!fields.is_object())
        return Status(StatusCode::BadRequest, "FieldsV1 must be a JSON object");
    FieldSet set;
    for (const auto &[key, value] : fields.items()) {
        if (key == ".") {
            set.m_member = true;
            continue;
        }
        if (key.size() < 2 || key[1] != ':' || std::string_view("fkvi").find(key[0]) == std::string_view::npos)
            return Status(StatusCode::BadRequest, "unexpected FieldsV1 key \"" + key
                                                      + "\": want \".\" or one starting with f:, k:, v: or i:");
        if ((key[0] == 'k' || key[0] == 'v') && Json::parse(key.substr(2), nullptr, false).is_discarded())
            return Status(StatusCode::BadRequest, "FieldsV1 key \"" + key + "\" does not hold JSON");
        auto child = fromFieldsV1(value);
        if (!child.ok())
            return child.status();
        // A key mapping to {} names a path of its own.
        if (value.empty())
            child->m_member = true;
        set.m_children.emplace(key, std::move(*child));
    }
    return set;
}

Json FieldSet::toFieldsV1() const
{
    Json out = Json::object();
    for (const auto &[element, child] : m_children) {
        if (child.empty())
            continue;
        Json below = child.toFieldsV1();
        if (child.m_member && !below.empty())
            below["."] = Json::object();
        out[element] = std::move(below);
    }
    return out;
}

std::string describePath(const FieldPath &path)
{
    std::string out;
    for (const PathElement &element : path) {
        const std::string_view rest = std::string_view(element).substr(element.size() < 2 ? element.size() : 2);
        switch (element.empty() ? ' ' : element[0]) {
        case 'f':
            out += "." + std::string(rest);
            break;
        case 'k': {
            const Json keys = Json::parse(rest, nullptr, false);
            out += "[";
            bool first = true;
            if (keys.is_object())
                for (const auto &[name, value] : keys.items()) {
                    out += (first ? "" : ",") + name + "=" + value.dump();
                    first = false;
                }
            out += "]";
            break;
        }
        case 'v':
            out += "[=" + std::string(rest) + "]";
            break;
        case 'i':
            out += "[" + std::string(rest) + "]";
            break;
        default:
            out += element;
        }
    }
    return out;
}

} // namespace k8slab::apiserver
