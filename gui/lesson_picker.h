#pragma once

#include "core/lesson/lesson.h"

#include <QDialog>

#include <vector>

class QListWidget;
class QTextBrowser;

namespace k8slab::gui {

/// The course: every lesson in chapter order with the learner's progress and its
/// summary; the learner picks one to start.
class LessonPicker : public QDialog {
    Q_OBJECT
public:
    /// A picker over `lessons`.
    explicit LessonPicker(const std::vector<lesson::Lesson> &lessons, QWidget *parent = nullptr);

    /// The lesson chosen (empty when none).
    [[nodiscard]] QString chosenId() const;

private:
    const std::vector<lesson::Lesson> &m_lessons;
    QListWidget *m_list = nullptr;
    QTextBrowser *m_summary = nullptr;
};

} // namespace k8slab::gui
