#include "core/scheduler/decision_log.h"

namespace k8slab::scheduler {

using api::Json;

DecisionLog::DecisionLog(std::size_t budgetBytes, std::size_t perPod) : m_budget(budgetBytes), m_perPod(perPod) {}

void DecisionLog::shrink(Entry &entry)
{
    if (!entry.full)
        return;
    entry.summary = entry.full->summaryJson();
    m_fullBytes -= entry.bytes;
    entry.bytes = 0;
    entry.full.reset();
}

void DecisionLog::add(DecisionRecord record)
{
    const std::string pod = record.pod;
    Entry e;
    e.id = record.id;
    e.bytes = record.approxBytes();
    e.full = std::make_unique<DecisionRecord>(std::move(record));
    m_fullBytes += e.bytes;
    m_fullOrder.emplace_back(e.id, pod);
    auto &list = m_byPod[pod];
    list.push_back(std::move(e));
    ++m_attempts;
    if (list.size() > m_perPod) {
        shrink(list.front());
        list.pop_front();
        --m_attempts;
    }
    // Over budget: the oldest full records become summaries (the newest always stays full).
    while (m_fullBytes > m_budget && m_fullOrder.size() > 1) {
        const auto [id, key] = m_fullOrder.front();
        m_fullOrder.pop_front();
        auto it = m_byPod.find(key);
        if (it == m_byPod.end())
            continue;
        for (Entry &old : it->second)
            if (old.id == id) {
                shrink(old);
                break;
            }
    }
}

void DecisionLog::setBindResult(const std::string &podKey, std::uint64_t id, const std::string &error)
{
    auto it = m_byPod.find(podKey);
    if (it == m_byPod.end())
        return;
    for (Entry &e : it->second) {
        if (e.id != id)
            continue;
        const std::string result = error.empty() ? "Bound" : "BindError";
        if (e.full) {
            e.full->result = result;
            if (!error.empty())
                e.full->message = error;
        } else {
            e.summary["result"] = result;
            if (!error.empty())
                e.summary["message"] = error;
        }
    }
}

Json DecisionLog::forPod(const std::string &podKey) const
{
    auto it = m_byPod.find(podKey);
    if (it == m_byPod.end() || it->second.empty())
        return nullptr;
    Json history = Json::array();
    for (const Entry &e : it->second)
        history.push_back(e.full ? e.full->summaryJson() : e.summary);
    const Entry &last = it->second.back();
    Json latest = last.full ? last.full->toJson() : last.summary;
    latest["complete"] = static_cast<bool>(last.full);
    return {{"pod", podKey}, {"latest", latest}, {"history", history}};
}

const DecisionRecord *DecisionLog::latest(const std::string &podKey) const
{
    auto it = m_byPod.find(podKey);
    if (it == m_byPod.end() || it->second.empty())
        return nullptr;
    return it->second.back().full.get();
}

DecisionLog::Past DecisionLog::attemptAt(const std::string &podKey, std::int64_t timeNs) const
{
    Past past;
    auto it = m_byPod.find(podKey);
    if (it == m_byPod.end())
        return past;
    for (const Entry &e : it->second) {
        const std::int64_t started = e.full ? e.full->timeNs : e.summary.value("time", std::int64_t(0));
        if (started > timeNs)
            break;
        past.full = e.full.get();
        past.summary = e.full ? e.full->summaryJson() : e.summary;
    }
    return past;
}

} // namespace k8slab::scheduler
