#include "core/api/yaml.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>

namespace k8slab::api {

namespace {

Json scalar(const YAML::Node &node)
{
    const std::string &text = node.Scalar();
    if (node.Tag() != "?") // quoted or explicitly tagged: a string
        return text;
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    static const std::regex integer("[-+]?[0-9]+");
    static const std::regex floating(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, integer)) {
        std::int64_t v = 0;
        const char *begin = text.data() + (text[0] == '+' ? 1 : 0);
        auto [p, ec] = std::from_chars(begin, text.data() + text.size(), v);
        if (ec == std::errc() && p == text.data() + text.size())
            return v;
    }
    if (std::regex_match(text, floating))
        return std::stod(text);
    return text;
}

Json convert(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Scalar:
        return scalar(node);
    case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const YAML::Node &item : node)
            out.push_back(convert(item));
        return out;
    }
    case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto &kv : node)
            out[kv.first.as<std::string>()] = convert(kv.second);
        return out;
    }
    }
    return nullptr;
}

Status yamlError(const YAML::Exception &e)
{
    return Status(StatusCode::BadRequest, "error converting YAML to JSON: yaml: line " + std::to_string(e.mark.line + 1) +
                                              ": " + e.msg);
}

} // namespace

Result<Json> parseYaml(std::string_view text)
{
    try {
        return convert(YAML::Load(std::string(text)));
    } catch (const YAML::Exception &e) {
        return yamlError(e);
    }
}

std::optional<int> yamlLineOf(std::string_view text, std::size_t document, std::string_view fieldPath)
{
    try {
        std::size_t index = 0;
        for (const YAML::Node &doc : YAML::LoadAll(std::string(text))) {
            if (doc.IsNull())
                continue;
            if (index++ != document)
                continue;
            YAML::Node at = doc;
            int line = doc.Mark().line;
            // Split "a.b[0].c" into keys and indices; keys may hold dots only inside [...].
            std::string path(fieldPath);
            std::size_t i = 0;
            while (i < path.size()) {
                if (path[i] == '.') {
                    ++i;
                    continue;
                }
                YAML::Node next;
                if (path[i] == '[') {
                    const std::size_t close = path.find(']', i);
                    if (close == std::string::npos)
                        break;
                    const std::string inside = path.substr(i + 1, close - i - 1);
                    i = close + 1;
                    if (!at.IsSequence() || inside.empty() || inside.find_first_not_of("0123456789") != std::string::npos)
                        break;
                    const std::size_t n = std::stoul(inside);
                    if (n >= at.size())
                        break;
                    next = at[n];
                } else {
                    const std::size_t end = path.find_first_of(".[", i);
                    const std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
                    i = end == std::string::npos ? path.size() : end;
                    if (!at.IsMap())
                        break;
                    // The key's own line (a map value's mark is where the value starts).
                    bool found = false;
                    for (auto it = at.begin(); it != at.end(); ++it)
                        if (it->first.IsScalar() && it->first.Scalar() == key) {
                            next = it->second;
                            line = it->first.Mark().line;
                            found = true;
                            break;
                        }
                    if (!found)
                        break;
                    at.reset(next);
                    continue;
                }
                line = next.Mark().line;
                at.reset(next);
            }
            return line;
        }
        return std::nullopt;
    } catch (const YAML::Exception &) {
        return std::nullopt;
    }
}

Result<std::vector<Json>> parseYamlDocuments(std::string_view text)
{
    try {
        std::vector<Json> out;
        for (const YAML::Node &doc : YAML::LoadAll(std::string(text))) {
            Json j = convert(doc);
            if (!j.is_null())
                out.push_back(std::move(j));
        }
        return out;
    } catch (const YAML::Exception &e) {
        return yamlError(e);
    }
}

namespace {

/// True when a plain scalar `text` would read back as something other than a string.
bool ambiguous(const std::string &text)
{
    if (text.empty())
        return true;
    static const std::regex special(R"(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|)"
                                    R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
    return std::regex_match(text, special);
}

void emit(YAML::Emitter &out, const Json &value)
{
    switch (value.type()) {
    case Json::value_t::object:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const auto &[key, item] : value.items()) {
            out << YAML::Key << key << YAML::Value;
            emit(out, item);
        }
        out << YAML::EndMap;
        return;
    case Json::value_t::array:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const Json &item : value)
            emit(out, item);
        out << YAML::EndSeq;
        return;
    case Json::value_t::string: {
        const std::string &text = value.get_ref<const std::string &>();
        if (text.find('\n') != std::string::npos)
            out << YAML::Literal << text;
        else if (ambiguous(text))
            out << YAML::DoubleQuoted << text;
        else
            out << text;
        return;
    }
    case Json::value_t::null:
        out << YAML::Null;
        return;
    default: // numbers and booleans print as JSON prints them
        out << value.dump();
        return;
    }
}

} // namespace

std::string toYaml(const Json &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emit(out, value);
    std::string text = out.c_str();
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    return text;
}

} // namespace k8slab::api
