#include "core/store/keys.h"

namespace k8slab::store {

namespace {

Status invalid(std::string_view field, std::string_view value, std::string message)
{
    std::string full = "invalid " + std::string(field) + " \"" + std::string(value) + "\": " + message;
    return Status(StatusCode::Invalid, full, {{std::string(field), "FieldValueInvalid", std::move(message)}});
}

Status validateSegments(std::string_view field, std::string_view key, std::string_view body, bool allowTrailingSlash)
{
    if (key.size() > 4096)
        return invalid(field, key.substr(0, 64), "must be at most 4096 bytes");
    for (unsigned char c : key) {
        if (c < 0x20 || c == 0x7f)
            return invalid(field, key, "must not contain control characters");
    }
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t end = body.find('/', start);
        if (end == std::string_view::npos)
            end = body.size();
        const std::string_view segment = body.substr(start, end - start);
        if (segment.empty())
            return invalid(field, key, "must not contain empty path segments");
        if (segment == "." || segment == "..")
            return invalid(field, key, "must not contain '.' or '..' segments");
        start = end + 1;
    }
    if (!allowTrailingSlash && !body.empty() && body.back() == '/')
        return invalid(field, key, "must not end with '/'");
    return {};
}

} // namespace

Status validateKey(std::string_view key)
{
    if (!key.starts_with(kKeyRoot))
        return invalid("key", key, "must start with /registry/ (outside the keyspace)");
    const std::string_view body = key.substr(kKeyRoot.size());
    if (body.empty())
        return invalid("key", key, "must name an object below /registry/");
    return validateSegments("key", key, body, false);
}

Status validatePrefix(std::string_view prefix)
{
    if (!prefix.starts_with(kKeyRoot))
        return invalid("prefix", prefix, "must start with /registry/ (outside the keyspace)");
    if (prefix.back() != '/')
        return invalid("prefix", prefix, "must end with '/'");
    std::string_view body = prefix.substr(kKeyRoot.size());
    if (body.empty())
        return {}; // the whole keyspace
    body.remove_suffix(1);
    if (body.empty())
        return invalid("prefix", prefix, "must not contain empty path segments");
    return validateSegments("prefix", prefix, body, false);
}

std::string prefixEnd(std::string_view prefix)
{
    std::string end(prefix);
    while (!end.empty()) {
        auto &last = reinterpret_cast<unsigned char &>(end.back());
        if (last < 0xff) {
            ++last;
            return end;
        }
        end.pop_back();
    }
    return end; // every byte was 0xff: no upper bound
}

} // namespace k8slab::store
