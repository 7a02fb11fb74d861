#pragma once

#include "core/engine/time.h"
#include "core/lesson/lesson.h"

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QProcess;

namespace k8slab::lab {
class LabSession;
}

namespace k8slab::lesson {

/// How kubectl actions run: the real kubectl, pointed at the lab by a kubeconfig.
struct KubectlSetup {
    /// The kubeconfig of the lab's API server (empty: kubectl actions fail with a message).
    std::string kubeconfig;
    /// The kubectl program (empty: `kubectl` on the PATH).
    std::string program;
    /// Where kubectl runs: the lesson's folder, so `-f manifests/x.yaml` finds its files.
    std::string workingDir;
};

/// One line of what a lesson did: an action, kubectl's output, a failure.
struct LogLine {
    std::string text;
    bool error = false;
};

/// Performs a list of actions on a lab, one after the other, without blocking: poll()
/// does what can be done now and returns; actions that take time (advance, wait, kubectl)
/// let the caller drive the loop (the GUI's timeline, or drive() headless) and poll again.
/// Writes go through the API as "kubectl/lesson", so the trace shows them as the user's.
class ActionRunner {
public:
    enum class State {
        Idle,   ///< nothing to do
        Busy,   ///< an action waits for the clock, a check or kubectl: drive the loop and poll again
        Done,   ///< every action succeeded
        Failed, ///< an action failed (error() says which and why); the rest were not run
    };

    ActionRunner(lab::LabSession &session, KubectlSetup kubectl);
    ~ActionRunner();
    ActionRunner(const ActionRunner &) = delete;
    ActionRunner &operator=(const ActionRunner &) = delete;

    /// Starts `actions`, abandoning any unfinished ones.
    void start(std::vector<Action> actions);
    /// Queues `actions` after the unfinished ones (starts them when there are none).
    void append(std::vector<Action> actions);
    /// Performs what can be done now.
    State poll();
    [[nodiscard]] State state() const { return m_state; }
    /// While Busy on an advance or wait: the virtual time it wants to be polled again at.
    [[nodiscard]] std::optional<engine::TimePoint> wakeAt() const;
    /// While Busy on kubectl: true (the loop must keep answering the API).
    [[nodiscard]] bool waitingForProcess() const { return m_process != nullptr; }
    /// Waits up to `ms` of wall time for the running kubectl (for headless drivers).
    void waitForProcess(int ms);
    /// Why the actions failed.
    [[nodiscard]] const std::string &error() const { return m_error; }
    /// The lines logged since the last call.
    std::vector<LogLine> takeLog();

    /// Performs one action that needs no waiting (apply, delete, scale, patch, label,
    /// fault, staticPod) at once; the message says what was done, or why not.
    static Status performNow(lab::LabSession &session, const Action &action, std::string &message);

private:
    static Status writeStaticPod(lab::LabSession &session, const api::Json &spec, std::string &message);
    bool begin(const Action &action);
    bool finishProcess();
    void fail(const std::string &message);

    lab::LabSession &m_session;
    KubectlSetup m_kubectl;
    std::deque<Action> m_actions; // a deque: appending keeps m_waiting valid
    std::size_t m_next = 0;
    State m_state = State::Idle;
    std::string m_error;
    std::vector<LogLine> m_log;
    // The action being waited for.
    const Action *m_waiting = nullptr;
    engine::TimePoint m_deadline{};
    std::unique_ptr<QProcess> m_process;
};

/// Drives `runner` to its end headless, on a virtual clock as fast as it can: runs the
/// loop between polls and keeps the API answering while kubectl runs.
ActionRunner::State drive(ActionRunner &runner, lab::LabSession &session);

} // namespace k8slab::lesson
