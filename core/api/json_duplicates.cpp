#include "core/api/json_duplicates.h"

#include "core/api/json.h"

#include <set>

namespace k8slab::api {

namespace {

// A SAX handler that remembers, for each open object, the keys it has seen, and for each
// open array the index of the element being read, to name where a repeated key is.
class DuplicateFinder : public nlohmann::json_sax<Json> {
public:
    std::vector<std::string> duplicates;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t &) override { return value(); }
    bool string(string_t &) override { return value(); }
    bool binary(binary_t &) override { return value(); }
    bool start_object(std::size_t) override
    {
        m_open.push_back({true, {}, {}, 0});
        return true;
    }
    bool key(string_t &name) override
    {
        Level &level = m_open.back();
        level.key = name;
        if (!level.keys.insert(name).second)
            duplicates.push_back(path());
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override
    {
        m_open.push_back({false, {}, {}, 0});
        return true;
    }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override { return false; }

private:
    struct Level {
        bool object;
        std::set<std::string> keys;
        std::string key;   // objects: the key being read
        std::size_t index; // arrays: the element being read
    };

    // A value ends: the next one of an array has the next index.
    bool value()
    {
        if (!m_open.empty() && !m_open.back().object)
            ++m_open.back().index;
        return true;
    }
    bool close()
    {
        m_open.pop_back();
        return value();
    }
    std::string path() const
    {
        std::string out;
        for (const Level &level : m_open) {
            if (level.object)
                out += (out.empty() ? "" : ".") + level.key;
            else
                out += "[" + std::to_string(level.index) + "]";
        }
        return out;
    }

    std::vector<Level> m_open;
};

} // namespace

std::vector<std::string> duplicateFields(std::string_view text)
{
    DuplicateFinder finder;
    if (!Json::sax_parse(text, &finder))
        return {};
    return std::move(finder.duplicates);
}

} // namespace k8slab::api
