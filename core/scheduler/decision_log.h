#pragma once

#include "core/api/json.h"
#include "core/scheduler/decision_record.h"

#include <deque>
#include <map>
#include <memory>
#include <string>

namespace k8slab::scheduler {

/// Scheduling attempts by pod, with memory kept bounded: the most recent attempts keep
/// their full record (every node, every plugin) until the records together pass a byte
/// budget; older ones shrink to a summary (outcome, node, message, counts). Each pod
/// keeps its last `perPod` attempts.
class DecisionLog {
public:
    /// A log keeping full records up to `budgetBytes` and `perPod` attempts per pod.
    explicit DecisionLog(std::size_t budgetBytes = 64u << 20, std::size_t perPod = 32);

    /// Adds an attempt.
    void add(DecisionRecord record);
    /// Records how the binding of attempt `id` ended (an empty error: bound).
    void setBindResult(const std::string &podKey, std::uint64_t id, const std::string &error);
    /// The pod's attempts, oldest first: {"pod", "latest": full or summary, "history": [...]},
    /// or null when the scheduler never tried it.
    [[nodiscard]] api::Json forPod(const std::string &podKey) const;
    /// The latest full record of a pod, if it is still kept in full.
    [[nodiscard]] const DecisionRecord *latest(const std::string &podKey) const;
    /// A pod's last attempt that started at or before `timeNs` (for a view looking back).
    struct Past {
        const DecisionRecord *full = nullptr; ///< Its full record, if still kept.
        api::Json summary;                    ///< Its summary; null when there was no attempt by then.
    };
    [[nodiscard]] Past attemptAt(const std::string &podKey, std::int64_t timeNs) const;
    /// Bytes held by full records.
    [[nodiscard]] std::size_t fullBytes() const { return m_fullBytes; }
    /// Full records held.
    [[nodiscard]] std::size_t fullRecords() const { return m_fullOrder.size(); }
    /// Attempts held (full and summarized).
    [[nodiscard]] std::size_t attempts() const { return m_attempts; }

private:
    struct Entry {
        std::uint64_t id = 0;
        std::unique_ptr<DecisionRecord> full;
        api::Json summary;
        std::size_t bytes = 0;
    };
    void shrink(Entry &entry);

    std::size_t m_budget;
    std::size_t m_perPod;
    std::map<std::string, std::deque<Entry>> m_byPod;
    std::deque<std::pair<std::uint64_t, std::string>> m_fullOrder; // oldest full record first
    std::size_t m_fullBytes = 0;
    std::size_t m_attempts = 0;
};

} // namespace k8slab::scheduler
