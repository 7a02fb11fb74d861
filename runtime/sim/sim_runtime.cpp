#include "runtime/sim/sim_runtime.h"

#include "core/api/time_format.h"

#include <set>

namespace k8slab::runtime::sim {

using kubelet::ContainerState;

namespace {

std::int64_t nowNs(const engine::EventLoop &loop) { return loop.now().time_since_epoch().count(); }

std::string pullError(const std::string &ref, const std::string &detail, const char *code = "NotFound")
{
    return std::string("rpc error: code = ") + code + " desc = failed to pull and unpack image \"" + ref + "\": " + detail;
}

// containerd's words when the registry's host cannot be reached: the manifest request
// (HEAD https://<host>/v2/<repository>/manifests/<tag or digest>) never gets an answer.
std::string unreachableRegistryError(const std::string &ref)
{
    const ImageCatalog::Reference parts = ImageCatalog::split(ref);
    const std::string host = parts.host() == "docker.io" ? "registry-1.docker.io" : parts.host();
    return pullError(ref,
                     "failed to resolve reference \"" + ref + "\": failed to do request: Head \"https://" + host + "/v2/" +
                         parts.path() + "/manifests/" + (parts.digest.empty() ? parts.tag : parts.digest) +
                         "\": dial tcp: lookup " + host + ": no such host",
                     "Unknown");
}

} // namespace

SimRuntime::SimRuntime(engine::EventLoop &loop, std::string platform, std::string podCidrPrefix, const ImageCatalog &catalog,
                       Machine machine, std::shared_ptr<SimNetwork> network)
    : m_loop(loop), m_platform(std::move(platform)), m_podCidrPrefix(std::move(podCidrPrefix)), m_catalog(catalog),
      m_machine(machine), m_network(network ? std::move(network) : std::make_shared<SimNetwork>(loop)),
      m_settledAt(loop.now())
{
    m_network->attach(this);
}

SimRuntime::~SimRuntime()
{
    m_destroying = true;
    for (auto &[id, c] : m_containers) {
        if (c.timer)
            m_loop.cancel(c.timer);
        if (c.rampTimer)
            m_loop.cancel(c.rampTimer);
        if (c.client && c.status.state == ContainerState::Running)
            m_network->clientStopped();
    }
    m_network->detach(this);
}

std::string SimRuntime::newId()
{
    // 64 hex digits from the lab's seeded source, like containerd's ids.
    return m_loop.random().string(64, "0123456789abcdef");
}

void SimRuntime::preload(const std::string &image, std::int64_t sizeBytes)
{
    const CatalogImage *img = m_catalog.find(image);
    if (!img) {
        // Known to this node only, by repository and tag.
        const ImageCatalog::Reference ref = ImageCatalog::split(image);
        if (!ref.digest.empty())
            return; // a digest names what a registry serves; nothing to make up
        CatalogImage local;
        local.repository = ref.repository;
        local.tag = ref.tag;
        local.platforms = {m_platform};
        img = &(m_localImages[local.reference()] = std::move(local));
    }
    const std::int64_t size = sizeBytes > 0 ? sizeBytes : img->sizeBytes;
    m_images[img->reference()] = {img->digest(), {img->reference()}, {img->repository + "@" + img->digest()}, size};
}

const CatalogImage *SimRuntime::findImage(const std::string &image) const
{
    if (const CatalogImage *img = m_catalog.find(image))
        return img;
    const auto it = m_localImages.find(ImageCatalog::normalize(image));
    return it == m_localImages.end() ? nullptr : &it->second;
}

Result<std::string> SimRuntime::runPodSandbox(const kubelet::SandboxConfig &config)
{
    const std::string id = newId();
    m_sandboxes[id] = {config, m_podCidrPrefix + std::to_string(m_nextIp++), true};
    if (m_nextIp > 254)
        m_nextIp = 2;
    return id;
}

Status SimRuntime::stopPodSandbox(const std::string &sandboxId)
{
    auto it = m_sandboxes.find(sandboxId);
    if (it == m_sandboxes.end())
        return Status(StatusCode::NotFound, "sandbox " + sandboxId + " not found");
    it->second.ready = false;
    return Status();
}

Status SimRuntime::removePodSandbox(const std::string &sandboxId)
{
    m_sandboxes.erase(sandboxId);
    return Status();
}

std::optional<kubelet::SandboxStatus> SimRuntime::podSandboxStatus(const std::string &sandboxId) const
{
    auto it = m_sandboxes.find(sandboxId);
    if (it == m_sandboxes.end())
        return std::nullopt;
    return kubelet::SandboxStatus{sandboxId, it->second.ready, it->second.ip};
}

void SimRuntime::pullImage(const std::string &image, const std::string &platform,
                           std::function<void(const kubelet::PullResult &)> done)
{
    const std::string ref = ImageCatalog::normalize(image);
    const CatalogImage *img = m_catalog.find(image);
    kubelet::PullResult result;
    engine::Duration took = std::chrono::milliseconds(300); // resolving the reference
    if (!m_network->registryReachable()) {
        result.failure = kubelet::PullFailure{"ErrImagePull", unreachableRegistryError(ref)};
    } else if (!img) {
        result.failure = kubelet::PullFailure{
            "ErrImagePull", pullError(ref, "failed to resolve reference \"" + ref + "\": " + ref + ": not found")};
    } else if (std::find(img->platforms.begin(), img->platforms.end(), platform) == img->platforms.end()) {
        result.failure = kubelet::PullFailure{"ErrImagePull", pullError(ref, "no match for platform in manifest: not found")};
    } else {
        took += std::chrono::nanoseconds(img->sizeBytes * 1'000'000'000LL / kPullBytesPerSecond);
        result.image = kubelet::ImageInfo{img->digest(), {img->reference()}, {img->repository + "@" + img->digest()},
                                          img->sizeBytes};
    }
    result.took = took;
    m_loop.schedule(took, [this, result, done = std::move(done)] {
        if (result.image)
            m_images[result.image->repoTags.front()] = *result.image;
        done(result);
    });
}

std::optional<kubelet::ImageInfo> SimRuntime::imageStatus(const std::string &image) const
{
    auto it = m_images.find(ImageCatalog::normalize(image));
    if (it == m_images.end())
        return std::nullopt;
    return it->second;
}

std::vector<kubelet::ImageInfo> SimRuntime::listImages() const
{
    std::vector<kubelet::ImageInfo> out;
    for (const auto &[ref, info] : m_images)
        out.push_back(info);
    return out;
}

Result<std::string> SimRuntime::createContainer(const std::string &sandboxId, const kubelet::ContainerConfig &config)
{
    if (!m_sandboxes.count(sandboxId))
        return Status(StatusCode::NotFound, "failed to get sandbox \"" + sandboxId + "\": not found");
    const CatalogImage *img = findImage(config.image);
    if (!img || !imageStatus(config.image))
        return Status(StatusCode::NotFound, "failed to get image \"" + config.image + "\": not found");
    const std::string id = newId();
    Container c;
    c.sandboxId = sandboxId;
    c.status.id = id;
    c.status.name = config.name;
    c.status.attempt = config.attempt;
    c.status.state = ContainerState::Created;
    c.status.createdAtNs = nowNs(m_loop);
    c.status.image = config.image;
    c.status.imageRef = img->repository + "@" + img->digest();
    c.files = config.files;
    c.env = config.env;
    c.program = compileProgram(*img, config.command, config.args, config.env, config.files);
    c.limits = config;
    c.idle = idleUsage(c.program);
    m_containers[id] = std::move(c);
    return id;
}

Status SimRuntime::startContainer(const std::string &containerId)
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return Status(StatusCode::NotFound, "container " + containerId + " not found");
    Container &c = it->second;
    if (!c.program.startError.empty()) {
        const std::string message = "failed to create containerd task: failed to create shim task: OCI runtime create "
                                    "failed: runc create failed: unable to start container process: " +
                                    c.program.startError + ": unknown";
        c.status.state = ContainerState::Exited;
        c.status.exitCode = 128;
        c.status.reason = "StartError";
        c.status.message = message;
        c.status.startedAtNs = 0;
        c.status.finishedAtNs = nowNs(m_loop);
        return Status(StatusCode::Internal, message);
    }
    settle();
    c.status.state = ContainerState::Running;
    c.status.startedAtNs = nowNs(m_loop);
    rebalanceCpu();
    if (!serverProfile(c.program.server).ports.empty())
        m_network->serversChanged();
    notify(containerId);
    if (!enforceMemory())
        run(containerId);
    return Status();
}

void SimRuntime::run(const std::string &id)
{
    auto it = m_containers.find(id);
    if (it == m_containers.end() || it->second.status.state != ContainerState::Running)
        return;
    Container &c = it->second;
    c.timer = 0;
    // Whatever this wake-up printed reaches the log's followers once it is done.
    struct LogNotice {
        SimRuntime &runtime;
        std::string id;
        std::size_t before;
        ~LogNotice()
        {
            const auto found = runtime.m_containers.find(id);
            if (found != runtime.m_containers.end() && found->second.log.size() != before && runtime.m_logListener &&
                !runtime.m_destroying)
                runtime.m_logListener(id);
        }
    } notice{*this, id, c.log.size()};
    // Bounded so a script can never spin the loop: at most this many steps per wake-up.
    for (int budget = 0; budget < 10000 && c.pc < c.program.steps.size(); ++budget) {
        const Instruction &step = c.program.steps[c.pc];
        switch (step.kind) {
        case Instruction::Kind::Print:
            c.writeLog(m_loop.now(), step.toStderr, step.text);
            ++c.pc;
            break;
        case Instruction::Kind::Sleep:
            ++c.pc;
            c.timer = m_loop.schedule(step.duration, [this, id] { run(id); });
            return;
        case Instruction::Kind::Exit: {
            const int code = step.code < 0 ? c.lastStatus : step.code;
            finish(id, code, code == 0 ? "Completed" : "Error");
            return;
        }
        case Instruction::Kind::Cpu:
            ++c.pc;
            c.programCpu = double(step.amount);
            rebalanceCpu();
            break;
        case Instruction::Kind::Write:
            ++c.pc;
            c.diskBytes += step.amount;
            break;
        case Instruction::Kind::Allocate:
            ++c.pc;
            allocate(id, step.amount, step.duration);
            if (c.status.state != ContainerState::Running)
                return; // over its limit at once
            break;
        case Instruction::Kind::Request: {
            ++c.pc;
            std::vector<std::pair<bool, std::string>> lines;
            c.lastStatus = wget(namespaceOf(c), step, lines);
            for (const auto &[err, line] : lines)
                c.writeLog(m_loop.now(), err, line);
            break;
        }
        case Instruction::Kind::Client:
            ++c.pc;
            c.client = ClientLoad{namespaceOf(c), step.text, step.rate};
            m_network->clientStarted();
            rebalanceCpu();
            break;
        case Instruction::Kind::Forever:
            return;
        case Instruction::Kind::Jump:
            c.pc = step.target;
            break;
        }
    }
    if (c.pc >= c.program.steps.size())
        finish(id, 0, "Completed");
}

void SimRuntime::finish(const std::string &id, int exitCode, const std::string &reason)
{
    auto it = m_containers.find(id);
    if (it == m_containers.end() || it->second.status.state == ContainerState::Exited)
        return;
    Container &c = it->second;
    if (c.timer) {
        m_loop.cancel(c.timer);
        c.timer = 0;
    }
    settle();
    stopUsing(c);
    c.status.state = ContainerState::Exited;
    c.status.exitCode = exitCode;
    c.status.reason = reason;
    c.status.finishedAtNs = nowNs(m_loop);
    dropConnections(id);
    rebalanceCpu();
    auto callbacks = std::move(c.onExit);
    notify(id);
    for (auto &cb : callbacks)
        cb();
}

Status SimRuntime::killContainer(const std::string &containerId)
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return Status(StatusCode::NotFound, "container " + containerId + " not found");
    if (it->second.status.state != ContainerState::Running)
        return Status(StatusCode::FailedPrecondition, "container " + containerId + " is not running");
    finish(containerId, 137, "Error"); // SIGKILL: 128 + 9, and not the OOM killer's
    return {};
}

void SimRuntime::notify(const std::string &id)
{
    if (m_listener && !m_destroying)
        m_listener(id);
}

void SimRuntime::stopContainer(const std::string &containerId, engine::Duration grace, std::function<void()> done)
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end() || it->second.status.state != ContainerState::Running) {
        m_loop.schedule(engine::Duration::zero(), std::move(done));
        return;
    }
    Container &c = it->second;
    c.onExit.push_back(std::move(done));
    if (c.program.exitsOnTerm) {
        // The process handles SIGTERM: it shuts down (a moment later) and exits 0.
        m_loop.schedule(std::chrono::milliseconds(100), [this, containerId] { finish(containerId, 0, "Completed"); });
        return;
    }
    // PID 1 without a SIGTERM handler ignores it: SIGKILL when the grace period ends.
    m_loop.schedule(grace, [this, containerId] { finish(containerId, 137, "Error"); });
}

Status SimRuntime::removeContainer(const std::string &containerId)
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return Status();
    if (it->second.timer)
        m_loop.cancel(it->second.timer);
    settle();
    if (it->second.status.state == ContainerState::Running)
        stopUsing(it->second);
    m_retiredCpuNanos += it->second.cpuNanos;
    m_containers.erase(it);
    rebalanceCpu();
    return Status();
}

std::optional<kubelet::ContainerStatus> SimRuntime::containerStatus(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return std::nullopt;
    return it->second.status;
}

Result<kubelet::ExecResult> SimRuntime::execSync(const std::string &containerId, const std::vector<std::string> &cmd,
                                                 engine::Duration)
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end() || it->second.status.state != ContainerState::Running)
        return Status(StatusCode::NotFound, "container " + containerId + " is not running");
    // Run the command as a one-off program (no sleeping: exec probes and kubectl exec).
    const CatalogImage *img = m_catalog.find(it->second.status.image);
    if (!img)
        return Status(StatusCode::NotFound, "image not found");
    Program p = compileProgram(*img, cmd, {}, it->second.env, it->second.files);
    kubelet::ExecResult r;
    if (!p.startError.empty()) {
        r.exitCode = 126;
        r.stderrText = p.startError;
        return r;
    }
    int last = 0;
    for (const Instruction &step : p.steps) {
        if (step.kind == Instruction::Kind::Print) {
            (step.toStderr ? r.stderrText : r.stdoutText) += step.text + "\n";
        } else if (step.kind == Instruction::Kind::Request) {
            std::vector<std::pair<bool, std::string>> lines;
            last = wget(namespaceOf(it->second), step, lines);
            for (const auto &[err, line] : lines)
                (err ? r.stderrText : r.stdoutText) += line + "\n";
        } else if (step.kind == Instruction::Kind::Exit) {
            r.exitCode = step.code < 0 ? last : step.code;
            break;
        }
    }
    return r;
}

std::string SimRuntime::namespaceOf(const Container &c) const
{
    const auto sandbox = m_sandboxes.find(c.sandboxId);
    return sandbox == m_sandboxes.end() ? std::string("default") : sandbox->second.config.ns;
}

int SimRuntime::wget(const std::string &ns, const Instruction &step, std::vector<std::pair<bool, std::string>> &lines)
{
    // busybox wget's words for each outcome.
    const SimNetwork::Reply reply = m_network->request(ns, step.text);
    using Outcome = SimNetwork::Reply::Outcome;
    if (reply.outcome == Outcome::BadAddress) {
        lines.emplace_back(true, "wget: bad address '" + reply.host + "'");
        return 1;
    }
    if (!step.quiet)
        lines.emplace_back(true, "Connecting to " + reply.host + " (" + reply.address + ":" + std::to_string(reply.port) + ")");
    if (reply.outcome == Outcome::Refused) {
        lines.emplace_back(true, "wget: can't connect to remote host (" + reply.address + "): Connection refused");
        return 1;
    }
    if (reply.httpStatus != 200) {
        lines.emplace_back(true, "wget: server returned error: HTTP/1.1 " + std::to_string(reply.httpStatus) +
                                     (reply.httpStatus == 404 ? " Not Found" : ""));
        return 1;
    }
    if (step.bodyToStdout) {
        for (const std::string &line : reply.body)
            lines.emplace_back(false, line);
    } else if (!step.quiet) {
        lines.emplace_back(true, "saving to 'index.html'");
        lines.emplace_back(true, "'index.html' saved");
    }
    return 0;
}

kubelet::NetworkProbeAnswer SimRuntime::probePort(const std::string &containerId, int port, const std::string &path) const
{
    // The well-known servers listen where their images do (nginx and httpd on 80,
    // serving their default pages; redis on 6379, not HTTP). Anything else listens nowhere.
    kubelet::NetworkProbeAnswer answer;
    auto it = m_containers.find(containerId);
    if (it == m_containers.end() || it->second.status.state != ContainerState::Running)
        return answer;
    const ServerProfile &profile = serverProfile(it->second.program.server);
    answer.connected = std::find(profile.ports.begin(), profile.ports.end(), port) != profile.ports.end();
    if (answer.connected && profile.http && !path.empty())
        answer.httpStatus = this->answer(containerId, path).first;
    return answer;
}

std::vector<std::string> SimRuntime::logs(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return {};
    return it->second.log;
}

} // namespace k8slab::runtime::sim
