#include "core/api/patch.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// Messages follow evanphx/json-patch (the library behind the real apiserver's
// application/json-patch+json), so an error read in the lab matches what kubectl
// prints against a real cluster.

namespace k8slab::api {

namespace {

Json mergeValue(const Json &target, const Json &patch)
{
    if (!patch.is_object())
        return patch;
    // RFC 7386: a non-object target is discarded, not merged into.
    Json result = target.is_object() ? target : Json::object();
    for (const auto &[key, value] : patch.items()) {
        if (value.is_null())
            result.erase(key);
        else
            result[key] = mergeValue(result.contains(key) ? result[key] : Json(), value);
    }
    return result;
}

Status invalid(std::string message)
{
    return {StatusCode::Invalid, std::move(message)};
}

Status doesNotApply(std::string_view op, std::string_view what)
{
    return invalid("jsonpatch " + std::string(op) + " operation does not apply: " + std::string(what));
}

/// An RFC 6901 pointer split into unescaped reference tokens; empty means the whole document.
using Pointer = std::vector<std::string>;

std::optional<Pointer> parsePointer(std::string_view text)
{
    Pointer tokens;
    if (text.empty())
        return tokens;
    if (text.front() != '/')
        return std::nullopt;
    std::string token;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
            continue;
        }
        if (text[i] != '~') {
            token += text[i];
            continue;
        }
        // Decoding left to right keeps "~01" as "~1" rather than "/", as RFC 6901 requires.
        if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))
            return std::nullopt;
        token += text[i + 1] == '0' ? '~' : '/';
        ++i;
    }
    return tokens;
}

/// Parses an array index token: digits only, no leading zero (RFC 6901 §4).
std::optional<std::size_t> parseIndex(const std::string &token)
{
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0'))
        return std::nullopt;
    std::size_t value = 0;
    for (char c : token) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

/// The value the tokens [0, count) lead to, or nullptr when a step is missing.
Json *resolve(Json &doc, const Pointer &pointer, std::size_t count)
{
    Json *at = &doc;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string &token = pointer[i];
        if (at->is_object()) {
            auto it = at->find(token);
            if (it == at->end())
                return nullptr;
            at = &*it;
        } else if (at->is_array()) {
            const auto index = parseIndex(token);
            if (!index || *index >= at->size())
                return nullptr;
            at = &(*at)[*index];
        } else {
            return nullptr;
        }
    }
    return at;
}

std::string joinPointer(const Pointer &pointer)
{
    std::string out;
    for (const std::string &token : pointer) {
        out += '/';
        for (char c : token) {
            if (c == '~')
                out += "~0";
            else if (c == '/')
                out += "~1";
            else
                out += c;
        }
    }
    return out;
}

Status addValue(Json &doc, const Pointer &path, Json value, std::string_view op)
{
    if (path.empty()) {
        doc = std::move(value);
        return {};
    }
    Json *parent = resolve(doc, path, path.size() - 1);
    if (!parent || !(parent->is_object() || parent->is_array()))
        return doesNotApply(op, "doc is missing path: " + joinPointer(path));
    const std::string &last = path.back();
    if (parent->is_object()) {
        (*parent)[last] = std::move(value);
        return {};
    }
    if (last == "-") {
        parent->push_back(std::move(value));
        return {};
    }
    const auto index = parseIndex(last);
    // Unlike every other op, add may address one past the end (RFC 6902 §4.1).
    if (!index || *index > parent->size())
        return invalid("Unable to access invalid index: " + last);
    parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
    return {};
}

Status removeValue(Json &doc, const Pointer &path, std::string_view op)
{
    if (path.empty())
        return doesNotApply(op, "cannot remove the whole document");
    Json *parent = resolve(doc, path, path.size() - 1);
    if (!parent)
        return doesNotApply(op, "doc is missing path: " + joinPointer(path));
    const std::string &last = path.back();
    if (parent->is_object()) {
        if (parent->erase(last) == 0)
            return doesNotApply(op, "doc is missing key: " + joinPointer(path));
        return {};
    }
    if (parent->is_array()) {
        const auto index = parseIndex(last);
        if (!index || *index >= parent->size())
            return invalid("Unable to access invalid index: " + last);
        parent->erase(*index);
        return {};
    }
    return doesNotApply(op, "doc is missing path: " + joinPointer(path));
}

/// The operation's pointer member ("path" or "from"), parsed.
Result<Pointer> pointerMember(const Json &operation, const char *member, std::string_view op)
{
    auto it = operation.find(member);
    if (it == operation.end() || !it->is_string())
        return doesNotApply(op, std::string("missing ") + member);
    const std::string &text = it->get_ref<const std::string &>();
    auto pointer = parsePointer(text);
    if (!pointer)
        return invalid("jsonpatch " + std::string(op) + " operation has an invalid JSON pointer: \"" + text
                       + "\"");
    return std::move(*pointer);
}

Result<Json> valueMember(const Json &operation, std::string_view op)
{
    auto it = operation.find("value");
    if (it == operation.end())
        return doesNotApply(op, "missing value");
    return *it;
}

Status applyOperation(Json &doc, const Json &operation)
{
    if (!operation.is_object())
        return invalid("json: cannot unmarshal " + std::string(operation.type_name())
                       + " into Go value of type jsonpatch.Operation");
    const auto opIt = operation.find("op");
    const std::string op = opIt != operation.end() && opIt->is_string() ? opIt->get<std::string>() : "unknown";
    if (op != "add" && op != "remove" && op != "replace" && op != "move" && op != "copy" && op != "test")
        return invalid("Unexpected kind: " + op);

    auto path = pointerMember(operation, "path", op);
    if (!path.ok())
        return path.status();

    if (op == "add") {
        auto value = valueMember(operation, op);
        if (!value.ok())
            return value.status();
        return addValue(doc, *path, std::move(value).value(), op);
    }
    if (op == "remove")
        return removeValue(doc, *path, op);
    if (op == "replace") {
        auto value = valueMember(operation, op);
        if (!value.ok())
            return value.status();
        if (path->empty()) {
            doc = std::move(value).value();
            return {};
        }
        if (!resolve(doc, *path, path->size() - 1))
            return doesNotApply(op, "doc is missing path: " + joinPointer(*path));
        Json *target = resolve(doc, *path, path->size());
        if (!target)
            return doesNotApply(op, "doc is missing key: " + joinPointer(*path));
        *target = std::move(value).value();
        return {};
    }
    if (op == "test") {
        auto value = valueMember(operation, op);
        if (!value.ok())
            return value.status();
        const Json *actual = resolve(doc, *path, path->size());
        if (!actual)
            return doesNotApply(op, "doc is missing path: " + joinPointer(*path));
        if (*actual != *value)
            return invalid("testing value " + joinPointer(*path) + " failed");
        return {};
    }

    // move and copy read a second pointer.
    auto from = pointerMember(operation, "from", op);
    if (!from.ok())
        return from.status();
    const Json *source = resolve(doc, *from, from->size());
    if (!source)
        return doesNotApply(op, "doc is missing from path: " + joinPointer(*from));
    Json value = *source;
    if (op == "copy")
        return addValue(doc, *path, std::move(value), op);

    if (*from == *path)
        return {};
    // A value cannot become its own descendant (RFC 6902 §4.4).
    if (from->size() < path->size() && std::equal(from->begin(), from->end(), path->begin()))
        return doesNotApply(op, "cannot move " + joinPointer(*from) + " into its own child " + joinPointer(*path));
    if (Status removed = removeValue(doc, *from, op); !removed.ok())
        return removed;
    return addValue(doc, *path, std::move(value), op);
}

} // namespace

Result<Json> applyMergePatch(const Json &target, const Json &patch)
{
    return mergeValue(target, patch);
}

Result<Json> applyJsonPatch(const Json &target, const Json &patch)
{
    if (!patch.is_array())
        return Status(StatusCode::Invalid, "json: cannot unmarshal " + std::string(patch.type_name())
                                               + " into Go value of type jsonpatch.Patch");
    // Operations run on a copy, so a failure part-way leaves the caller's object as it was.
    Json doc = target;
    for (const Json &operation : patch) {
        if (Status status = applyOperation(doc, operation); !status.ok())
            return status;
    }
    return doc;
}

} // namespace k8slab::api
