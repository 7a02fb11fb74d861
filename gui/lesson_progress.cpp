#include "gui/lesson_progress.h"

#include <QSettings>

namespace k8slab::gui {

namespace {

QString key(const QString &lessonId, const char *what)
{
    return QStringLiteral("lessons/%1/%2").arg(lessonId, QLatin1String(what));
}

} // namespace

void LessonProgress::markCompleted(const QString &lessonId, const QString &stepId)
{
    QSettings settings;
    QStringList done = settings.value(key(lessonId, "completed")).toStringList();
    if (!done.contains(stepId)) {
        done.append(stepId);
        settings.setValue(key(lessonId, "completed"), done);
    }
}

QSet<QString> LessonProgress::completed(const QString &lessonId)
{
    const QStringList done = QSettings().value(key(lessonId, "completed")).toStringList();
    return QSet<QString>(done.begin(), done.end());
}

void LessonProgress::setLastStep(const QString &lessonId, int step)
{
    QSettings().setValue(key(lessonId, "step"), step);
}

int LessonProgress::lastStep(const QString &lessonId)
{
    return QSettings().value(key(lessonId, "step"), 0).toInt();
}

void LessonProgress::forget(const QString &lessonId)
{
    QSettings().remove(QStringLiteral("lessons/%1").arg(lessonId));
}

} // namespace k8slab::gui
