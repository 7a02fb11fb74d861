#include "core/api/selectors.h"

#include <algorithm>
#include <cctype>

namespace k8slab::api {

namespace {

Status parseError(std::string_view text, std::string_view why)
{
    return Status(StatusCode::BadRequest, "unable to parse requirement: " + std::string(why) + " in \""
                                              + std::string(text) + "\"");
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// Splits at commas that are not inside parentheses ("a in (x,y),b" has two parts).
std::vector<std::string_view> splitTopLevel(std::string_view text)
{
    std::vector<std::string_view> parts;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(')
            ++depth;
        else if (text[i] == ')')
            --depth;
        else if (text[i] == ',' && depth == 0) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(text.substr(start));
    return parts;
}

bool validKey(std::string_view key)
{
    if (key.empty() || key.size() > 317)
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
    });
}

bool validValue(std::string_view value)
{
    return value.size() <= 63 && std::all_of(value.begin(), value.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
           });
}

Result<LabelRequirement> parseRequirement(std::string_view whole, std::string_view part)
{
    part = trim(part);
    if (part.empty())
        return parseError(whole, "empty requirement");
    LabelRequirement req;
    if (part.front() == '!') {
        req.key = std::string(trim(part.substr(1)));
        req.op = LabelRequirement::Op::DoesNotExist;
        if (!validKey(req.key))
            return parseError(whole, "invalid label key \"" + req.key + "\"");
        return req;
    }
    // Set-based: "key in (a,b)" / "key notin (a,b)".
    for (auto [word, op] : {std::pair{std::string_view(" notin "), LabelRequirement::Op::NotIn},
                            std::pair{std::string_view(" in "), LabelRequirement::Op::In}}) {
        const std::size_t at = part.find(word);
        if (at == std::string_view::npos)
            continue;
        req.key = std::string(trim(part.substr(0, at)));
        req.op = op;
        std::string_view list = trim(part.substr(at + word.size()));
        if (list.size() < 2 || list.front() != '(' || list.back() != ')')
            return parseError(whole, "expected a parenthesised list of values");
        list = list.substr(1, list.size() - 2);
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t comma = list.find(',', start);
            if (comma == std::string_view::npos)
                comma = list.size();
            const std::string value(trim(list.substr(start, comma - start)));
            if (!validValue(value))
                return parseError(whole, "invalid label value \"" + value + "\"");
            req.values.push_back(value);
            start = comma + 1;
        }
        if (!validKey(req.key))
            return parseError(whole, "invalid label key \"" + req.key + "\"");
        return req;
    }
    // Equality: "key!=v", "key==v", "key=v".
    std::size_t at = part.find("!=");
    std::size_t width = 2;
    req.op = LabelRequirement::Op::NotEquals;
    if (at == std::string_view::npos) {
        req.op = LabelRequirement::Op::Equals;
        at = part.find("==");
        if (at == std::string_view::npos) {
            at = part.find('=');
            width = 1;
        }
    }
    if (at == std::string_view::npos) {
        req.op = LabelRequirement::Op::Exists;
        req.key = std::string(part);
    } else {
        req.key = std::string(trim(part.substr(0, at)));
        req.values.emplace_back(trim(part.substr(at + width)));
        if (!validValue(req.values.front()))
            return parseError(whole, "invalid label value \"" + req.values.front() + "\"");
    }
    if (!validKey(req.key))
        return parseError(whole, "invalid label key \"" + req.key + "\"");
    return req;
}

// The label's value, pointing into `labels` (no copy: selectors run per pod per sync).
std::optional<std::string_view> labelValue(const Json &labels, const std::string &key)
{
    if (!labels.is_object())
        return std::nullopt;
    auto it = labels.find(key);
    if (it == labels.end() || !it->is_string())
        return std::nullopt;
    return std::string_view(it->get_ref<const std::string &>());
}

} // namespace

Result<LabelSelector> LabelSelector::parse(std::string_view text)
{
    LabelSelector selector;
    if (trim(text).empty())
        return selector;
    for (std::string_view part : splitTopLevel(text)) {
        Result<LabelRequirement> req = parseRequirement(text, part);
        if (!req.ok())
            return req.status();
        selector.m_requirements.push_back(std::move(*req));
    }
    return selector;
}

Result<LabelSelector> LabelSelector::fromJson(const Json &selector)
{
    LabelSelector out;
    if (selector.is_null())
        return out;
    if (!selector.is_object())
        return Status(StatusCode::Invalid, "a label selector must be an object");
    if (auto it = selector.find("matchLabels"); it != selector.end() && it->is_object()) {
        for (const auto &[key, value] : it->items())
            out.m_requirements.push_back({key, LabelRequirement::Op::Equals, {value.is_string() ? value.get<std::string>() : value.dump()}});
    }
    if (auto it = selector.find("matchExpressions"); it != selector.end() && it->is_array()) {
        for (const Json &expr : *it) {
            LabelRequirement req;
            req.key = expr.value("key", "");
            const std::string op = expr.value("operator", "");
            if (op == "In")
                req.op = LabelRequirement::Op::In;
            else if (op == "NotIn")
                req.op = LabelRequirement::Op::NotIn;
            else if (op == "Exists")
                req.op = LabelRequirement::Op::Exists;
            else if (op == "DoesNotExist")
                req.op = LabelRequirement::Op::DoesNotExist;
            else
                return Status(StatusCode::Invalid, "\"" + op + "\" is not a valid label selector operator",
                              {{"operator", "FieldValueNotSupported", "must be In, NotIn, Exists or DoesNotExist"}});
            if (auto values = expr.find("values"); values != expr.end() && values->is_array()) {
                for (const Json &v : *values)
                    req.values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
            }
            out.m_requirements.push_back(std::move(req));
        }
    }
    return out;
}

bool LabelSelector::matches(const Json &labels) const
{
    for (const LabelRequirement &req : m_requirements) {
        const std::optional<std::string_view> value = labelValue(labels, req.key);
        const auto listed = [&] {
            return value && std::find(req.values.begin(), req.values.end(), *value) != req.values.end();
        };
        bool ok = false;
        switch (req.op) {
        case LabelRequirement::Op::Exists: ok = value.has_value(); break;
        case LabelRequirement::Op::DoesNotExist: ok = !value.has_value(); break;
        case LabelRequirement::Op::Equals: ok = value && *value == req.values.front(); break;
        case LabelRequirement::Op::NotEquals: ok = !value || *value != req.values.front(); break;
        case LabelRequirement::Op::In: ok = listed(); break;
        case LabelRequirement::Op::NotIn: ok = !listed(); break;
        }
        if (!ok)
            return false;
    }
    return true;
}

std::string LabelSelector::toString() const
{
    std::string out;
    for (const LabelRequirement &req : m_requirements) {
        if (!out.empty())
            out += ',';
        switch (req.op) {
        case LabelRequirement::Op::Exists: out += req.key; break;
        case LabelRequirement::Op::DoesNotExist: out += "!" + req.key; break;
        case LabelRequirement::Op::Equals: out += req.key + "=" + req.values.front(); break;
        case LabelRequirement::Op::NotEquals: out += req.key + "!=" + req.values.front(); break;
        case LabelRequirement::Op::In:
        case LabelRequirement::Op::NotIn: {
            std::vector<std::string> sorted = req.values;
            std::sort(sorted.begin(), sorted.end());
            out += req.key + (req.op == LabelRequirement::Op::In ? " in (" : " notin (");
            for (std::size_t i = 0; i < sorted.size(); ++i)
                out += (i ? "," : "") + sorted[i];
            out += ")";
            break;
        }
        }
    }
    return out;
}

Result<FieldSelector> FieldSelector::parse(std::string_view text)
{
    FieldSelector selector;
    if (trim(text).empty())
        return selector;
    for (std::string_view part : splitTopLevel(text)) {
        part = trim(part);
        FieldRequirement req;
        std::size_t at = part.find("!=");
        std::size_t width = 2;
        if (at != std::string_view::npos) {
            req.equals = false;
        } else if ((at = part.find("==")) == std::string_view::npos) {
            at = part.find('=');
            width = 1;
        }
        if (at == std::string_view::npos || at == 0)
            return Status(StatusCode::BadRequest, "invalid selector: '" + std::string(text)
                                                      + "'; can't understand '" + std::string(part) + "'");
        req.field = std::string(trim(part.substr(0, at)));
        req.value = std::string(trim(part.substr(at + width)));
        selector.m_requirements.push_back(std::move(req));
    }
    return selector;
}

Status FieldSelector::checkSupported(const FieldLookup &lookup) const
{
    for (const FieldRequirement &req : m_requirements) {
        if (!lookup(req.field))
            return Status(StatusCode::BadRequest, "field label not supported: " + req.field);
    }
    return {};
}

bool FieldSelector::matches(const FieldLookup &lookup) const
{
    for (const FieldRequirement &req : m_requirements) {
        const std::optional<std::string> value = lookup(req.field);
        if (!value || (*value == req.value) != req.equals)
            return false;
    }
    return true;
}

std::optional<std::string> FieldSelector::equalityValue(std::string_view field) const
{
    for (const FieldRequirement &req : m_requirements) {
        if (req.field == field && req.equals)
            return req.value;
    }
    return std::nullopt;
}

} // namespace k8slab::api
