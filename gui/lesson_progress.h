#pragma once

#include <QSet>
#include <QString>

namespace k8slab::gui {

/// What a learner has done in each lesson, kept per user (QSettings): the steps
/// completed and the step last opened, so a lesson resumes where it was left.
class LessonProgress {
public:
    /// Records that step `stepId` of lesson `lessonId` was completed.
    static void markCompleted(const QString &lessonId, const QString &stepId);
    /// The completed steps of a lesson.
    static QSet<QString> completed(const QString &lessonId);
    /// Remembers the step last opened.
    static void setLastStep(const QString &lessonId, int step);
    /// The step last opened (0 when never).
    static int lastStep(const QString &lessonId);
    /// Forgets a lesson's progress.
    static void forget(const QString &lessonId);
};

} // namespace k8slab::gui
