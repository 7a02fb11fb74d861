#include "core/lesson/action_runner.h"

#include "core/apiserver/resource_registry.h"
#include "core/client/client.h"
#include "core/lab/lab_session.h"
#include "core/lab/manifests.h"
#include "core/lesson/check.h"
#include "core/lesson/fault_action.h"
#include "core/lesson/object_ref.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace k8slab::lesson {

using api::Json;

namespace {

// How often a wait asks its check again, in virtual time.
constexpr engine::Duration kWaitPoll = std::chrono::milliseconds(100);
// The user agent of the lesson's own writes: the trace draws them on kubectl's lane.
const std::string kUserAgent = "kubectl/lesson";

std::string str(const Json &spec, const char *key)
{
    const auto it = spec.find(key);
    return it != spec.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status applyManifests(lab::LabSession &session, const std::string &yaml, std::string &message)
{
    Result<std::vector<lab::ManifestResult>> applied = lab::applyManifests(session.api(), yaml, kUserAgent);
    if (!applied.ok())
        return applied.status();
    for (const lab::ManifestResult &r : *applied)
        message += (message.empty() ? "" : "\n") + r.object + " " + r.verb;
    return {};
}

} // namespace

ActionRunner::ActionRunner(lab::LabSession &session, KubectlSetup kubectl)
    : m_session(session), m_kubectl(std::move(kubectl))
{
}

ActionRunner::~ActionRunner()
{
    if (m_process) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

void ActionRunner::start(std::vector<Action> actions)
{
    if (m_process) {
        m_process->kill();
        m_process->waitForFinished(1000);
        m_process.reset();
    }
    m_actions.assign(std::make_move_iterator(actions.begin()), std::make_move_iterator(actions.end()));
    m_next = 0;
    m_waiting = nullptr;
    m_error.clear();
    m_state = m_actions.empty() ? State::Done : State::Busy;
}

void ActionRunner::append(std::vector<Action> actions)
{
    if (m_state != State::Busy) {
        start(std::move(actions));
        return;
    }
    for (Action &action : actions)
        m_actions.push_back(std::move(action));
}

Status ActionRunner::writeStaticPod(lab::LabSession &session, const Json &spec, std::string &message)
{
    // As an administrator on the node would: a file in the kubelet's static pod folder,
    // which the kubelet notices at once (inotify).
    const std::string node = str(spec, "node");
    kubelet::Kubelet *k = session.nodeAgents() ? session.nodeAgents()->kubelet(node) : nullptr;
    if (!k || k->staticPodPath().empty())
        return Status(StatusCode::FailedPrecondition, "node " + node + " has no kubelet with a static pod folder in the lab");
    const bool remove = spec.contains("remove");
    const QString path = QString::fromStdString(k->staticPodPath() + "/" + str(spec, remove ? "remove" : "file"));
    if (remove) {
        if (!QFile::remove(path))
            return Status(StatusCode::NotFound, "no file " + path.toStdString());
        message = "removed " + path.toStdString();
    } else {
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(QByteArray::fromStdString(str(spec, "yaml"))) < 0)
            return Status(StatusCode::Internal, "cannot write " + path.toStdString() + ": " + out.errorString().toStdString());
        message = "wrote " + path.toStdString();
    }
    engine::CauseScope root(session.loop(), 0);
    k->rescanStaticPods();
    return {};
}

Status ActionRunner::performNow(lab::LabSession &session, const Action &action, std::string &message)
{
    const Json &spec = action.spec;
    if (action.type == "apply")
        return applyManifests(session, spec["yaml"].get<std::string>(), message);
    if (action.type == "fault") {
        engine::CauseScope root(session.loop(), 0);
        return performFault(session, spec, message);
    }
    if (action.type == "staticPod")
        return writeStaticPod(session, spec, message);
    Result<const apiserver::ResourceInfo *> resolved = resolveKind(spec);
    if (!resolved.ok())
        return resolved.status();
    const apiserver::ResourceInfo &info = **resolved;
    const std::string ns = namespaceOf(spec, info);
    const std::string name = str(spec, "name");
    client::Client client(session.api(), kUserAgent);
    engine::CauseScope root(session.loop(), 0);
    Result<Json> done = Status(StatusCode::Internal, "unknown action " + action.type);
    std::string verb;
    if (action.type == "delete") {
        done = client.remove(info, ns, name, {{"propagationPolicy", spec.value("propagationPolicy", "Background")}});
        message = info.singular + (info.group.empty() ? "" : "." + info.group) + " \"" + name + "\" deleted";
    } else if (action.type == "scale") {
        done = client.patch(info, ns, name, "application/merge-patch+json",
                            {{"spec", {{"replicas", spec["replicas"]}}}}, "scale");
        verb = "scaled";
    } else if (action.type == "patch") {
        const std::string type = str(spec, "type");
        const std::string contentType = type == "json"        ? "application/json-patch+json"
                                        : type == "strategic" ? "application/strategic-merge-patch+json"
                                                              : "application/merge-patch+json";
        done = client.patch(info, ns, name, contentType, spec["patch"]);
        verb = "patched";
    } else if (action.type == "label") {
        done = client.patch(info, ns, name, "application/merge-patch+json", {{"metadata", {{"labels", spec["labels"]}}}});
        verb = "labeled";
    }
    if (!done.ok())
        return Status(done.status().code(), lab::kubectlName(info, name) + ": " + done.status().message());
    if (!verb.empty())
        message = lab::kubectlName(info, name) + " " + verb;
    return {};
}

bool ActionRunner::begin(const Action &action)
{
    if (action.type == "advance") {
        m_deadline = m_session.loop().now() + std::chrono::nanoseconds(action.spec["ns"].get<std::int64_t>());
        m_log.push_back({"advance the clock by " + action.spec["text"].get<std::string>()});
        m_waiting = &action;
        return true;
    }
    if (action.type == "wait") {
        m_deadline = m_session.loop().now() + std::chrono::nanoseconds(action.spec["ns"].get<std::int64_t>());
        m_waiting = &action;
        return true;
    }
    if (action.type == "kubectl") {
        const QString args = QString::fromStdString(action.spec["args"].get<std::string>());
        m_log.push_back({"$ kubectl " + args.toStdString()});
        if (m_kubectl.kubeconfig.empty()) {
            fail("kubectl actions need the lab's API server over HTTP; this lab serves none");
            return false;
        }
        const QString program = m_kubectl.program.empty() ? QStandardPaths::findExecutable(QStringLiteral("kubectl"))
                                                          : QString::fromStdString(m_kubectl.program);
        if (program.isEmpty()) {
            fail("kubectl is not installed (install it, or put it on the PATH)");
            return false;
        }
        m_process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), QString::fromStdString(m_kubectl.kubeconfig));
        m_process->setProcessEnvironment(env);
        m_process->setProgram(program);
        if (!m_kubectl.workingDir.empty())
            m_process->setWorkingDirectory(QString::fromStdString(m_kubectl.workingDir));
        m_process->setArguments(QProcess::splitCommand(args));
        m_process->start();
        m_waiting = &action;
        return true;
    }
    std::string message;
    if (Status s = performNow(m_session, action, message); !s.ok()) {
        fail(s.message());
        return false;
    }
    m_log.push_back({message});
    return true;
}

bool ActionRunner::finishProcess()
{
    const auto lines = [this](const QByteArray &bytes, bool error) {
        for (const QByteArray &line : bytes.split('\n'))
            if (!line.trimmed().isEmpty())
                m_log.push_back({line.toStdString(), error});
    };
    const bool started = m_process->error() != QProcess::FailedToStart;
    lines(m_process->readAllStandardOutput(), false);
    lines(m_process->readAllStandardError(), true);
    const int code = started && m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process.reset();
    const bool expectFailure = m_waiting->spec.value("expectFailure", false);
    if (!started) {
        fail("kubectl could not be started");
        return false;
    }
    if ((code == 0) == expectFailure) {
        fail(expectFailure ? "kubectl succeeded, but the lesson expects it to fail"
                           : "kubectl failed (exit code " + std::to_string(code) + ")");
        return false;
    }
    return true;
}

ActionRunner::State ActionRunner::poll()
{
    while (m_state == State::Busy) {
        if (m_waiting) {
            const Action &action = *m_waiting;
            if (action.type == "kubectl") {
                if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(0))
                    return m_state;
                if (!finishProcess())
                    return m_state;
            } else if (action.type == "wait") {
                const CheckResult result = evaluateCheck(action.spec["for"], m_session);
                if (!result.passed) {
                    if (m_session.loop().now() < m_deadline)
                        return m_state;
                    fail("still not so when the wait timed out: " + result.detail);
                    return m_state;
                }
                m_log.push_back({"waited until " + result.detail});
            } else if (m_session.loop().now() < m_deadline) {
                return m_state;
            }
            m_waiting = nullptr;
            continue;
        }
        if (m_next >= m_actions.size()) {
            m_state = State::Done;
            break;
        }
        if (!begin(m_actions[m_next++]))
            break;
    }
    return m_state;
}

std::optional<engine::TimePoint> ActionRunner::wakeAt() const
{
    if (m_state != State::Busy || !m_waiting || m_waiting->type == "kubectl")
        return std::nullopt;
    if (m_waiting->type == "wait")
        return std::min(m_deadline, m_session.loop().now() + kWaitPoll);
    return m_deadline;
}

void ActionRunner::waitForProcess(int ms)
{
    if (m_process)
        m_process->waitForFinished(ms);
}

std::vector<LogLine> ActionRunner::takeLog()
{
    return std::exchange(m_log, {});
}

void ActionRunner::fail(const std::string &message)
{
    const std::string where = m_next > 0 && m_next <= m_actions.size() ? m_actions[m_next - 1].where + ": " : "";
    m_error = where + message;
    m_log.push_back({m_error, true});
    m_state = State::Failed;
    m_waiting = nullptr;
}

ActionRunner::State drive(ActionRunner &runner, lab::LabSession &session)
{
    engine::EventLoop &loop = session.loop();
    ActionRunner::State state;
    while ((state = runner.poll()) == ActionRunner::State::Busy) {
        if (runner.waitingForProcess()) {
            // kubectl talks to the API over HTTP: keep the loop answering, with the
            // cluster's clock moving on at about wall speed.
            loop.advance(std::chrono::milliseconds(5));
            runner.waitForProcess(5);
            continue;
        }
        const std::optional<engine::TimePoint> wake = runner.wakeAt();
        loop.runUntil(wake ? *wake : loop.now() + kWaitPoll);
    }
    return state;
}

} // namespace k8slab::lesson
