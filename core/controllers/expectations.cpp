#include "core/controllers/expectations.h"

namespace k8slab::controllers {

namespace {
constexpr auto kExpectationsTimeout = std::chrono::minutes(5);
}

void Expectations::expectCreations(const std::string &key, int count)
{
    Pending &p = m_pending[key];
    p.adds = count;
    p.since = m_loop.now();
}

void Expectations::expectDeletions(const std::string &key, const std::set<std::string> &podKeys)
{
    Pending &p = m_pending[key];
    p.deletes = podKeys;
    p.since = m_loop.now();
}

void Expectations::creationObserved(const std::string &key, int count)
{
    if (auto it = m_pending.find(key); it != m_pending.end())
        it->second.adds = std::max(0, it->second.adds - count);
}

void Expectations::deletionObserved(const std::string &key, const std::string &podKey)
{
    if (auto it = m_pending.find(key); it != m_pending.end())
        it->second.deletes.erase(podKey);
}

bool Expectations::satisfied(const std::string &key)
{
    auto it = m_pending.find(key);
    if (it == m_pending.end())
        return true;
    const bool met = it->second.adds <= 0 && it->second.deletes.empty();
    if (met || m_loop.now() - it->second.since > kExpectationsTimeout) {
        m_pending.erase(it);
        return true;
    }
    return false;
}

int Expectations::pendingCreations(const std::string &key) const
{
    auto it = m_pending.find(key);
    return it == m_pending.end() ? 0 : it->second.adds;
}

int Expectations::pendingDeletions(const std::string &key) const
{
    auto it = m_pending.find(key);
    return it == m_pending.end() ? 0 : static_cast<int>(it->second.deletes.size());
}

} // namespace k8slab::controllers
