#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::scheduler {

/// Data a plugin keeps for one scheduling cycle (PreFilter's findings, for Filter).
class StateData {
public:
    virtual ~StateData() = default;
    /// A deep copy (preemption tries changes on a copy of the cycle's state).
    [[nodiscard]] virtual std::unique_ptr<StateData> clone() const = 0;
};

/// Per-cycle storage shared by the plugins of one attempt, as upstream's CycleState,
/// keyed by plugin name.
class CycleState {
public:
    CycleState() = default;
    CycleState(CycleState &&) = default;
    CycleState &operator=(CycleState &&) = default;

    /// Stores `data` under `key`.
    void write(std::string_view key, std::unique_ptr<StateData> data) { m_data[std::string(key)] = std::move(data); }
    /// The data under `key` as T, or null.
    template <typename T>
    [[nodiscard]] T *read(std::string_view key) const
    {
        auto it = m_data.find(key);
        return it == m_data.end() ? nullptr : dynamic_cast<T *>(it->second.get());
    }
    /// A deep copy of every entry.
    [[nodiscard]] CycleState clone() const
    {
        CycleState copy;
        for (const auto &[key, data] : m_data)
            copy.m_data[key] = data->clone();
        copy.skipFilter = skipFilter;
        copy.skipScore = skipScore;
        copy.filterSkipped = filterSkipped;
        return copy;
    }

    /// Plugins whose PreFilter returned Skip (their Filter does not run).
    std::map<std::string, bool, std::less<>> skipFilter;
    /// skipFilter as a flag per filter plugin, by the framework's filter order.
    std::vector<bool> filterSkipped;
    /// Plugins whose PreScore returned Skip (their Score does not run).
    std::map<std::string, bool, std::less<>> skipScore;

private:
    std::map<std::string, std::unique_ptr<StateData>, std::less<>> m_data;
};

} // namespace k8slab::scheduler
