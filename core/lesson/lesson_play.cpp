#include "core/lesson/lesson_play.h"

#include <QFile>

namespace k8slab::lesson {

namespace {

constexpr engine::Duration kCheckPoll = std::chrono::milliseconds(100);

std::string checkTitle(const Check &check, const std::string &language, const CheckResult &result)
{
    const std::string &title = check.title.text(language);
    return title.empty() ? result.detail : title + " — " + result.detail;
}

} // namespace

CheckResult waitForCheck(const Check &check, lab::LabSession &session, engine::Duration timeout)
{
    engine::EventLoop &loop = session.loop();
    const engine::TimePoint deadline = loop.now() + timeout;
    for (;;) {
        CheckResult result = evaluateCheck(check.spec, session);
        if (result.passed || loop.now() >= deadline)
            return result;
        loop.runUntil(std::min(deadline, loop.now() + kCheckPoll));
    }
}

PlayResult playLesson(const Lesson &lesson, LessonLab &lab, const PlayOptions &options)
{
    const auto out = [&options](const std::string &line) {
        if (options.out)
            options.out(line);
    };
    lab::LabSession &session = lab.session();
    KubectlSetup kubectl = lab.kubectl();
    kubectl.workingDir = lesson.dir;
    ActionRunner runner(session, kubectl);
    const auto run = [&](const std::vector<Action> &actions) {
        runner.start(actions);
        const ActionRunner::State state = drive(runner, session);
        for (const LogLine &line : runner.takeLog())
            out(std::string(line.error ? "  ! " : "  ") + line.text);
        return state == ActionRunner::State::Done;
    };
    const auto failed = [&](const std::string &error) {
        out("  ✗ " + error);
        return PlayResult{false, error};
    };
    int exerciseIndex = 0;
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        const Step &step = lesson.steps[i];
        out("== " + std::to_string(i + 1) + "/" + std::to_string(lesson.steps.size()) + " " +
            step.title.text(options.language) + (step.exercise ? " [exercise]" : ""));
        if (options.narration)
            out(step.narration.text(options.language));
        if (!run(step.actions))
            return failed("step " + step.id + ": " + runner.error());
        if (step.exercise) {
            const Exercise &exercise = *step.exercise;
            const bool wrong = exerciseIndex++ == options.wrongAt;
            out(wrong ? "  -- a wrong answer:" : "  -- the reference solution:");
            if (!run(wrong ? exercise.wrong : exercise.solution))
                return failed("step " + step.id + (wrong ? " (wrong solution): " : " (solution): ") + runner.error());
            const CheckResult result = waitForCheck(exercise.check, session, exercise.timeout);
            if (wrong) {
                if (result.passed)
                    return failed("step " + step.id + ": the wrong solution passes the exercise's check: " + result.detail);
                out("  ✓ refused: " + checkTitle(exercise.check, options.language, result));
                return {true, {}};
            }
            if (!result.passed)
                return failed("step " + step.id + ": the reference solution does not pass: " + result.detail);
            out("  ✓ " + checkTitle(exercise.check, options.language, result));
        }
        for (const Check &check : step.checks) {
            const CheckResult result = waitForCheck(check, session, step.timeout);
            if (!result.passed)
                return failed("step " + step.id + ", " + check.where + ": " + result.detail);
            out("  ✓ " + checkTitle(check, options.language, result));
        }
        if (options.afterStep)
            options.afterStep(static_cast<int>(i));
    }
    if (options.wrongAt >= 0)
        return {false, "the lesson has no exercise " + std::to_string(options.wrongAt + 1)};
    return {true, {}};
}

PlayResult proveLesson(const Lesson &lesson, const LessonLabOptions &labOptions,
                       const std::function<void(const std::string &line)> &out)
{
    for (int wrongAt = -1; wrongAt < lesson.exerciseCount(); ++wrongAt) {
        if (out)
            out(wrongAt < 0 ? "# " + lesson.id + ": the reference run"
                            : "# " + lesson.id + ": exercise " + std::to_string(wrongAt + 1) + " answered wrongly");
        // Each run starts from a fresh cluster, as a student's would.
        QFile::remove(QString::fromStdString(labOptions.dir + "/lesson.k8slab"));
        for (const char *suffix : {"-wal", "-shm"})
            QFile::remove(QString::fromStdString(labOptions.dir + "/lesson.k8slab" + suffix));
        Result<std::unique_ptr<LessonLab>> lab = LessonLab::start(lesson.cluster, labOptions);
        if (!lab.ok())
            return {false, "cannot start the lesson's cluster: " + lab.status().message()};
        PlayOptions options;
        options.wrongAt = wrongAt;
        options.out = out;
        if (PlayResult result = playLesson(lesson, **lab, options); !result.ok)
            return result;
    }
    return {true, {}};
}

} // namespace k8slab::lesson
