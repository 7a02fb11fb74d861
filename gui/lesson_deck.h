#pragma once

#include "core/base/status.h"

#include <QString>

namespace k8slab::lesson {
class LessonLab;
struct Lesson;
}

namespace k8slab::gui {

/// Where a lesson's slide deck goes.
struct DeckOptions {
    /// The language of titles and narration ("en", "zh_CN").
    QString language = QStringLiteral("en");
    /// The PDF deck (one 16:9 page per step); empty: none.
    QString pdfPath;
    /// A folder for one SVG per step (step-01.svg …); empty: none.
    QString svgDir;
};

/// Plays `lesson` on `lab` (a fresh cluster; exercises answered by their reference
/// solutions) and, after each step, draws a slide: the step's title, its narration and
/// checks, and the diagram of the view the step focuses on, as the cluster is at that
/// moment — drawn by the app's own views in a window that is never put on screen.
Status exportLessonDeck(const lesson::Lesson &lesson, lesson::LessonLab &lab, const DeckOptions &options);

} // namespace k8slab::gui
