#include "runtime/sim/sim_runtime.h"

#include "core/api/time_format.h"

#include <set>

namespace k8slab::runtime::sim {

using kubelet::ContainerState;

namespace {

std::int64_t nowNs(const engine::EventLoop &loop) { return loop.now().time_since_epoch().count(); }

std::string pullError(const std::string &ref, const std::string &detail)
{
    return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + ref + "\": " + detail;
}

} // namespace

SimRuntime::SimRuntime(engine::EventLoop &loop, std::string platform, std::string podCidrPrefix, const ImageCatalog &catalog)
    : m_loop(loop), m_platform(std::move(platform)), m_podCidrPrefix(std::move(podCidrPrefix)), m_catalog(catalog)
{
}

SimRuntime::~SimRuntime()
{
    m_destroying = true;
    for (auto &[id, c] : m_containers)
        if (c.timer)
            m_loop.cancel(c.timer);
}

std::string SimRuntime::newId()
{
    // 64 hex digits from the lab's seeded source, like containerd's ids.
    return m_loop.random().string(64, "0123456789abcdef");
}

void SimRuntime::preload(const std::string &image)
{
    const CatalogImage *img = m_catalog.find(image);
    if (!img)
        return;
    m_images[img->reference()] = {img->digest(), {img->reference()}, {img->repository + "@" + img->digest()}, img->sizeBytes};
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
    if (!img) {
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
    const CatalogImage *img = m_catalog.find(config.image);
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
    c.status.state = ContainerState::Running;
    c.status.startedAtNs = nowNs(m_loop);
    notify(containerId);
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
    // Bounded so a script can never spin the loop: at most this many steps per wake-up.
    for (int budget = 0; budget < 10000 && c.pc < c.program.steps.size(); ++budget) {
        const Instruction &step = c.program.steps[c.pc];
        switch (step.kind) {
        case Instruction::Kind::Print:
            c.log.push_back(api::formatMicroTime(m_loop.now()) + (step.toStderr ? " stderr F " : " stdout F ") + step.text);
            ++c.pc;
            break;
        case Instruction::Kind::Sleep:
            ++c.pc;
            c.timer = m_loop.schedule(step.duration, [this, id] { run(id); });
            return;
        case Instruction::Kind::Exit:
            finish(id, step.code, step.code == 0 ? "Completed" : "Error");
            return;
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
    c.status.state = ContainerState::Exited;
    c.status.exitCode = exitCode;
    c.status.reason = reason;
    c.status.finishedAtNs = nowNs(m_loop);
    auto callbacks = std::move(c.onExit);
    notify(id);
    for (auto &cb : callbacks)
        cb();
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
    if (it != m_containers.end() && it->second.timer)
        m_loop.cancel(it->second.timer);
    m_containers.erase(containerId);
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
    for (const Instruction &step : p.steps) {
        if (step.kind == Instruction::Kind::Print)
            (step.toStderr ? r.stderrText : r.stdoutText) += step.text + "\n";
        else if (step.kind == Instruction::Kind::Exit) {
            r.exitCode = step.code;
            break;
        } else if (step.kind != Instruction::Kind::Jump) {
            continue;
        }
    }
    return r;
}

kubelet::NetworkProbeAnswer SimRuntime::probePort(const std::string &containerId, int port, const std::string &path) const
{
    // The well-known servers listen where their images do: nginx and httpd on 80 (serving
    // their default pages), redis on 6379 (not HTTP). Anything else listens nowhere.
    kubelet::NetworkProbeAnswer answer;
    auto it = m_containers.find(containerId);
    if (it == m_containers.end() || it->second.status.state != ContainerState::Running)
        return answer;
    const std::string &server = it->second.program.server;
    const bool web = server == "nginx" || server == "httpd";
    answer.connected = (web && port == 80) || (server == "redis" && port == 6379);
    if (answer.connected && web && !path.empty()) {
        static const std::set<std::string> pages = {"/", "/index.html", "/50x.html"};
        answer.httpStatus = pages.count(path.substr(0, path.find('?'))) ? 200 : 404;
    }
    return answer;
}

std::optional<kubelet::ContainerStats> SimRuntime::containerStats(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return std::nullopt;
    return kubelet::ContainerStats{};
}

std::vector<std::string> SimRuntime::logs(const std::string &containerId) const
{
    auto it = m_containers.find(containerId);
    if (it == m_containers.end())
        return {};
    return it->second.log;
}

} // namespace k8slab::runtime::sim
