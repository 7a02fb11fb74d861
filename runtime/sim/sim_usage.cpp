// The simulated runtime's resource accounting: CPU granted to each container (demand,
// CFS quota, CFS weights when the node is busy), cumulative CPU, working sets, the
// memory cgroup's OOM kill and the kernel's global OOM killer; and the pod network's
// side of the runtime (servers, load generators).
#include "runtime/sim/sim_runtime.h"

#include "core/kubelet/memory_pressure.h"

#include <algorithm>
#include <cmath>

namespace k8slab::runtime::sim {

using kubelet::ContainerState;

namespace {

// What one pass of a load generator's loop costs the client (a wget process).
constexpr double kClientCpuMilliSecondsPerRequest = 0.1;
// The smallest CFS weight (cpu.shares 2): what a BestEffort container competes with.
constexpr double kMinimumWeight = 2;

} // namespace

void SimRuntime::settle()
{
    const engine::TimePoint now = m_loop.now();
    const double elapsed = double((now - m_settledAt).count());
    if (elapsed > 0) {
        for (auto &[id, c] : m_containers)
            if (c.status.state == ContainerState::Running)
                c.cpuNanos += c.cpuMilli / 1000.0 * elapsed;
    }
    m_settledAt = now;
}

double SimRuntime::cpuNanosNow(const Container &c) const
{
    if (c.status.state != ContainerState::Running)
        return c.cpuNanos;
    return c.cpuNanos + c.cpuMilli / 1000.0 * double((m_loop.now() - m_settledAt).count());
}

std::int64_t SimRuntime::workingSet(const Container &c) const
{
    return c.status.state == ContainerState::Running ? c.idle.memoryBytes + c.allocated : 0;
}

void SimRuntime::rebalanceCpu()
{
    settle();
    // Each running container wants its demand, capped by its limit (the CFS quota).
    struct Claim {
        Container *container;
        double want;
        double weight;
    };
    std::vector<Claim> open;
    for (auto &[id, c] : m_containers) {
        c.cpuMilli = 0;
        if (c.status.state != ContainerState::Running)
            continue;
        double want = c.idle.cpuMilli + c.programCpu
                      + c.incomingRate * serverProfile(c.program.server).cpuMilliSecondsPerRequest
                      + (c.client ? c.client->rate * kClientCpuMilliSecondsPerRequest : 0);
        if (c.limits.cpuLimitMilli > 0)
            want = std::min(want, double(c.limits.cpuLimitMilli));
        if (want > 0)
            open.push_back({&c, want, std::max(double(c.limits.cpuRequestMilli), kMinimumWeight)});
    }
    // When the node's cores cannot give everyone what they want, CFS shares them by
    // weight (the CPU request); whoever wants less than its share leaves the rest to others.
    double capacity = double(m_machine.cpuMilli);
    while (!open.empty() && capacity > 0) {
        double weights = 0;
        for (const Claim &claim : open)
            weights += claim.weight;
        std::vector<Claim> unsatisfied;
        double given = 0;
        for (const Claim &claim : open) {
            if (claim.want <= capacity * claim.weight / weights) {
                claim.container->cpuMilli = claim.want;
                given += claim.want;
            } else {
                unsatisfied.push_back(claim);
            }
        }
        if (unsatisfied.size() == open.size()) {
            for (const Claim &claim : open)
                claim.container->cpuMilli = capacity * claim.weight / weights;
            break;
        }
        capacity -= given;
        open = std::move(unsatisfied);
    }
}

void SimRuntime::allocate(const std::string &id, std::int64_t bytes, engine::Duration over)
{
    Container &c = m_containers.at(id);
    // A slow hog grows in up to 20 steps (one per 100 ms at least, one per second at most).
    const engine::Duration tick = std::clamp<engine::Duration>(over / 20, std::chrono::milliseconds(100), std::chrono::seconds(1));
    if (over <= tick) {
        c.allocated += bytes;
        enforceMemory();
        return;
    }
    c.rampLeft = bytes;
    c.rampEvery = tick;
    c.rampBytesPerTick = double(bytes) / double(std::max<std::int64_t>(over / tick, 1));
    c.rampTimer = m_loop.schedule(tick, [this, id] { rampTick(id); });
}

void SimRuntime::rampTick(const std::string &id)
{
    auto it = m_containers.find(id);
    if (it == m_containers.end())
        return;
    it->second.rampTimer = 0;
    if (it->second.status.state != ContainerState::Running)
        return;
    Container &c = it->second;
    const auto chunk = std::min<std::int64_t>(c.rampLeft, std::int64_t(std::ceil(c.rampBytesPerTick)));
    c.allocated += chunk;
    c.rampLeft -= chunk;
    const engine::Duration every = c.rampEvery;
    if (enforceMemory())
        return; // someone was killed: look again at what is left next time round
    if (c.rampLeft > 0)
        c.rampTimer = m_loop.schedule(every, [this, id] { rampTick(id); });
}

bool SimRuntime::enforceMemory()
{
    // A memory cgroup over its limit: the container is OOMKilled.
    std::vector<std::string> victims;
    std::int64_t total = 0;
    for (const auto &[id, c] : m_containers) {
        if (c.status.state != ContainerState::Running)
            continue;
        const std::int64_t used = workingSet(c);
        if (c.limits.memoryLimitBytes > 0 && used > c.limits.memoryLimitBytes)
            victims.push_back(id);
        else
            total += used;
    }
    // The node out of memory: the kernel kills the task with the highest oom_score
    // (usage plus oom_score_adj's share of the machine), until the rest fits. A process
    // outside the pods (the fill-memory fault: oom_score_adj 0) is a task like the others.
    total += m_hostMemoryHog;
    bool hogKilled = false;
    while (total > m_machine.memoryBytes) {
        const Container *worst = nullptr;
        std::string worstId;
        int worstScore = hogKilled || m_hostMemoryHog == 0
                             ? -1
                             : kubelet::kernelOomScore(m_hostMemoryHog, 0, m_machine.memoryBytes);
        for (const auto &[id, c] : m_containers) {
            if (c.status.state != ContainerState::Running || std::find(victims.begin(), victims.end(), id) != victims.end())
                continue;
            const int score = kubelet::kernelOomScore(workingSet(c), c.limits.oomScoreAdj, m_machine.memoryBytes);
            if (score > worstScore && c.limits.oomScoreAdj > -1000) {
                worst = &c;
                worstId = id;
                worstScore = score;
            }
        }
        if (!worst && worstScore >= 0) {
            hogKilled = true;
            total -= m_hostMemoryHog;
            continue;
        }
        if (!worst)
            break;
        victims.push_back(worstId);
        total -= workingSet(*worst);
    }
    if (hogKilled)
        m_hostMemoryHog = 0;
    for (const std::string &id : victims)
        finish(id, 137, "OOMKilled");
    return !victims.empty();
}

Status SimRuntime::setHostMemoryHog(std::int64_t bytes)
{
    if (bytes < 0)
        return Status(StatusCode::Invalid, "memory to hold must not be negative");
    m_hostMemoryHog = bytes;
    enforceMemory();
    return {};
}

Status SimRuntime::setRegistryReachable(bool reachable)
{
    m_network->setRegistryReachable(reachable);
    return {};
}

void SimRuntime::stopUsing(Container &c)
{
    if (c.rampTimer) {
        m_loop.cancel(c.rampTimer);
        c.rampTimer = 0;
    }
    if (c.client) {
        c.client.reset();
        m_network->clientStopped();
    }
    if (c.incomingRate > 0 || !serverProfile(c.program.server).ports.empty())
        m_network->serversChanged();
}

std::optional<kubelet::ContainerStats> SimRuntime::containerStats(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return std::nullopt;
    const Container &c = it->second;
    kubelet::ContainerStats stats{std::int64_t(cpuNanosNow(c)), workingSet(c)};
    stats.rootfsUsedBytes = c.diskBytes;
    stats.logsUsedBytes = c.logBytes;
    return stats;
}

std::optional<kubelet::ContainerStats> SimRuntime::podsStats() const
{
    double cpu = m_retiredCpuNanos;
    std::int64_t memory = 0;
    for (const auto &[id, c] : m_containers) {
        cpu += cpuNanosNow(c);
        memory += workingSet(c);
    }
    return kubelet::ContainerStats{std::int64_t(cpu), memory};
}

double SimRuntime::cpuMilliNow(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    return it == m_containers.end() || it->second.status.state != ContainerState::Running ? 0 : it->second.cpuMilli;
}

std::optional<std::string> SimRuntime::serverAt(const std::string &ip, int port) const
{
    for (const auto &[id, c] : m_containers) {
        if (c.status.state != ContainerState::Running)
            continue;
        const auto sandbox = m_sandboxes.find(c.sandboxId);
        if (sandbox == m_sandboxes.end() || sandbox->second.ip != ip)
            continue;
        const std::vector<int> &ports = serverProfile(c.program.server).ports;
        if (std::find(ports.begin(), ports.end(), port) != ports.end())
            return id;
    }
    return std::nullopt;
}

std::pair<int, std::vector<std::string>> SimRuntime::answer(const std::string &containerId, const std::string &path) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return {0, {}};
    const ServerProfile &profile = serverProfile(it->second.program.server);
    if (!profile.http)
        return {0, {}};
    const std::string page = path.substr(0, path.find('?'));
    const bool hpaExample = it->second.program.server == "hpa-example";
    if (page == "/" || page == "/index.html" || (hpaExample && page == "/index.php"))
        return {200, profile.body};
    if (page == "/50x.html" && it->second.program.server == "nginx")
        return {200, {"<html><body><h1>An error occurred.</h1></body></html>"}};
    return {404, {"<html><head><title>404 Not Found</title></head></html>"}};
}

std::vector<SimRuntime::ClientLoad> SimRuntime::clientLoads() const
{
    std::vector<ClientLoad> out;
    for (const auto &[id, c] : m_containers)
        if (c.client && c.status.state == ContainerState::Running)
            out.push_back(*c.client);
    return out;
}

void SimRuntime::setIncomingRates(const std::map<std::string, double> &rates)
{
    bool changed = false;
    for (auto &[id, c] : m_containers) {
        const auto it = rates.find(id);
        const double rate = it == rates.end() ? 0 : it->second;
        if (std::abs(rate - c.incomingRate) > 1e-9) {
            c.incomingRate = rate;
            changed = true;
        }
    }
    if (changed)
        rebalanceCpu();
}

} // namespace k8slab::runtime::sim
