#include "core/lesson/lesson_run.h"

namespace k8slab::lesson {

LessonRun::LessonRun(Lesson lesson, lab::LabSession &session, KubectlSetup kubectl, QObject *parent)
    : QObject(parent), m_lesson(std::move(lesson)), m_session(session), m_runner(session, [&] {
          kubectl.workingDir = m_lesson.dir;
          return kubectl;
      }())
{
    connect(&m_timer, &QTimer::timeout, this, &LessonRun::poll);
}

LessonRun::~LessonRun() = default;

void LessonRun::goTo(int index)
{
    if (index < 0 || index >= static_cast<int>(m_lesson.steps.size()))
        return;
    const auto stepAt = [this](int i) -> const Step & { return m_lesson.steps[static_cast<std::size_t>(i)]; };
    std::vector<Action> actions;
    std::vector<LogLine> notes;
    if (index > m_ranUpTo) {
        // An exercise left unsolved: its solution, so the later steps find what they expect.
        if (m_step >= 0 && m_step == m_ranUpTo && stepAt(m_step).exercise &&
            !evaluateCheck(stepAt(m_step).exercise->check.spec, m_session).passed) {
            const auto &solution = stepAt(m_step).exercise->solution;
            actions.insert(actions.end(), solution.begin(), solution.end());
        }
        for (int skipped = m_ranUpTo + 1; skipped < index; ++skipped) {
            const Step &step = stepAt(skipped);
            actions.insert(actions.end(), step.actions.begin(), step.actions.end());
            if (step.exercise)
                actions.insert(actions.end(), step.exercise->solution.begin(), step.exercise->solution.end());
        }
        if (!actions.empty() || m_runner.state() == ActionRunner::State::Busy)
            notes.push_back({"-- first, what the steps before this one do"});
        actions.insert(actions.end(), stepAt(index).actions.begin(), stepAt(index).actions.end());
        m_ranUpTo = index;
    } else if (!stepAt(index).actions.empty()) {
        notes.push_back({"-- this step's actions ran already"});
    }
    m_step = index;
    m_hintsShown = 0;
    m_completed = false;
    m_log = std::move(notes);
    m_checks.clear();
    const Step &step = stepAt(index);
    if (step.exercise)
        m_checks.push_back({&step.exercise->check, {}, true});
    for (const Check &check : step.checks)
        m_checks.push_back({&check, {}, false});
    // After whatever is still running (an earlier step's actions finish first; looking
    // back leaves them running).
    m_runner.append(std::move(actions));
    Q_EMIT stepStarted(index);
    poll();
}

void LessonRun::runSolution()
{
    if (m_step < 0 || !m_lesson.steps[static_cast<std::size_t>(m_step)].exercise)
        return;
    m_log.push_back({"-- the reference solution:"});
    // After whatever the step still has to do.
    m_runner.append(m_lesson.steps[static_cast<std::size_t>(m_step)].exercise->solution);
    poll();
}

int LessonRun::revealHint()
{
    if (m_step >= 0)
        if (const auto &exercise = m_lesson.steps[static_cast<std::size_t>(m_step)].exercise;
            exercise && m_hintsShown < static_cast<int>(exercise->hints.size())) {
            ++m_hintsShown;
            Q_EMIT changed();
        }
    return m_hintsShown;
}

void LessonRun::poll()
{
    if (m_step < 0)
        return;
    bool dirty = false;
    if (m_runner.state() == ActionRunner::State::Busy) {
        m_runner.poll();
        for (LogLine &line : m_runner.takeLog()) {
            m_log.push_back(std::move(line));
            dirty = true;
        }
        dirty |= m_runner.state() != ActionRunner::State::Busy;
    }
    // Once the step's actions are done, a check that passed stays ticked: it saw the
    // cluster get there, and what happens later (the HPA scaling down after the window
    // the check was about) does not take that back. While they run, checks are live.
    const bool settled = m_runner.state() != ActionRunner::State::Busy;
    for (CheckState &state : m_checks) {
        if (settled && state.result.passed && state.latched)
            continue;
        CheckResult result = evaluateCheck(state.check->spec, m_session);
        state.latched = settled && result.passed;
        dirty |= result.passed != state.result.passed || result.detail != state.result.detail;
        state.result = std::move(result);
    }
    if (dirty)
        Q_EMIT changed();
    if (!m_completed && stepComplete()) {
        m_completed = true;
        Q_EMIT stepCompleted(m_step);
    }
}

void LessonRun::setPolling(int intervalMs)
{
    if (intervalMs <= 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(intervalMs);
}

bool LessonRun::stepComplete() const
{
    if (m_step < 0 || m_runner.state() == ActionRunner::State::Busy || m_runner.state() == ActionRunner::State::Failed)
        return false;
    for (const CheckState &state : m_checks)
        if (!state.result.passed)
            return false;
    return true;
}

} // namespace k8slab::lesson
