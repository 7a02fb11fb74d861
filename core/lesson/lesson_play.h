#pragma once

#include "core/lesson/action_runner.h"
#include "core/lesson/check.h"
#include "core/lesson/lesson_lab.h"

#include <functional>
#include <string>

namespace k8slab::lesson {

/// How a headless play goes.
struct PlayOptions {
    /// The language of titles and narration.
    std::string language = "en";
    /// Print each step's narration too (`lesson run`), not only what was done.
    bool narration = false;
    /// The exercise (0-based, in lesson order) to answer with its wrong solution; the
    /// play stops there. -1: every exercise gets its reference solution.
    int wrongAt = -1;
    /// Where progress goes, one line at a time (may be empty).
    std::function<void(const std::string &line)> out;
    /// Called after each step, once its checks pass (a slide deck draws the step then).
    std::function<void(int step)> afterStep;
};

/// How a play ended.
struct PlayResult {
    /// Every action succeeded and every check passed (or, with wrongAt, the wrong
    /// solution was refused by its exercise's check).
    bool ok = false;
    /// What went wrong.
    std::string error;
};

/// Plays `lesson` headless on `lab`: each step's actions, its exercise answered by the
/// reference (or wrong) solution, and its checks, waiting in virtual time as needed.
PlayResult playLesson(const Lesson &lesson, LessonLab &lab, const PlayOptions &options);

/// Asks `check` until it passes or `timeout` of virtual time has gone by, running the
/// loop between questions; the last answer.
CheckResult waitForCheck(const Check &check, lab::LabSession &session, engine::Duration timeout);

/// Proves a lesson as CI does: plays it on a fresh cluster with the reference solutions
/// (every action succeeds, every check passes), then once per exercise on a fresh cluster
/// with that exercise's wrong solution, which its check must refuse. `labOptions.dir`
/// is used for each cluster in turn.
PlayResult proveLesson(const Lesson &lesson, const LessonLabOptions &labOptions,
                       const std::function<void(const std::string &line)> &out = {});

} // namespace k8slab::lesson
