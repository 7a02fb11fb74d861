#include "tests/support/test_support.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace k8slab::test {

TempRecording::TempRecording()
{
    if (!m_dir.isValid())
        throw std::runtime_error("cannot create a temporary folder");
}

std::string TempRecording::path() const
{
    return m_dir.filePath(QStringLiteral("test.k8slab")).toStdString();
}

recording::Recording &TempRecording::open(const recording::RecordingOptions &options)
{
    m_recording.reset();
    auto opened = recording::Recording::open(path(), options);
    if (!opened.ok())
        qFatal("cannot open recording %s: %s", path().c_str(), opened.status().toString().c_str());
    m_recording = std::move(*opened);
    return *m_recording;
}

namespace {
std::uint64_t fnv1a(const std::string &text)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}
} // namespace

std::string checkedValue(const std::string &key, long long n, std::size_t size)
{
    std::string payload(size, 'x');
    for (std::size_t i = 0; i < size; ++i)
        payload[i] = static_cast<char>('a' + (static_cast<std::size_t>(n) * 7 + i) % 26);
    nlohmann::json value = {{"key", key}, {"n", n}, {"payload", payload}, {"sum", fnv1a(key + payload)}};
    return value.dump();
}

bool isWholeCheckedValue(const std::string &value)
{
    const nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("sum"))
        return false;
    return parsed["sum"].get<std::uint64_t>()
           == fnv1a(parsed["key"].get<std::string>() + parsed["payload"].get<std::string>());
}

} // namespace k8slab::test
