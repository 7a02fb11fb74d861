#include "gui/lesson_player.h"

#include "core/lesson/lesson_run.h"
#include "gui/language.h"
#include "gui/lesson_progress.h"
#include "gui/palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace k8slab::gui {

namespace {

// How long auto-play lets a completed step stay on screen before the next one.
constexpr int kAutoPlayPauseMs = 4000;

QString text(const lesson::LocalizedText &localized, const QString &language)
{
    return QString::fromStdString(localized.text(language.toStdString()));
}

} // namespace

LessonPlayer::LessonPlayer(lesson::LessonRun &run, QWidget *parent)
    : QWidget(parent), m_run(run), m_language(currentLanguage())
{
    const lesson::Lesson &lesson = run.lesson();
    m_title = new QLabel(tr("Lesson %1: %2").arg(lesson.number).arg(text(lesson.title, m_language)), this);
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);

    m_steps = new QComboBox(this);
    for (std::size_t i = 0; i < lesson.steps.size(); ++i)
        m_steps->addItem(QStringLiteral("%1. %2").arg(i + 1).arg(text(lesson.steps[i].title, m_language)));
    connect(m_steps, &QComboBox::activated, this, [this](int index) { m_run.goTo(index); });

    m_narration = new QTextBrowser(this);
    m_narration->setOpenExternalLinks(true);

    m_hints = new QLabel(this);
    m_hints->setWordWrap(true);
    m_hints->setTextFormat(Qt::MarkdownText);
    m_hintButton = new QPushButton(tr("Hint"), this);
    m_solutionButton = new QPushButton(tr("Show me the solution"), this);
    connect(m_hintButton, &QPushButton::clicked, this, [this] { m_run.revealHint(); });
    connect(m_solutionButton, &QPushButton::clicked, this, [this] { m_run.runSolution(); });
    auto *exerciseRow = new QHBoxLayout;
    exerciseRow->addWidget(m_hintButton);
    exerciseRow->addWidget(m_solutionButton);
    exerciseRow->addStretch();

    m_checks = new QListWidget(this);
    m_checks->setWordWrap(true);
    m_checks->setSelectionMode(QAbstractItemView::NoSelection);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap); // kubectl prints tables
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("What this step's actions do appears here."));

    m_previous = new QPushButton(tr("◀ Previous"), this);
    m_next = new QPushButton(tr("Next ▶"), this);
    m_autoPlay = new QCheckBox(tr("Auto-play"), this);
    auto *reset = new QPushButton(tr("Start over"), this);
    reset->setToolTip(tr("The lesson from its first step, on a fresh cluster"));
    connect(m_previous, &QPushButton::clicked, this, [this] { m_run.goTo(m_run.step() - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { m_run.goTo(m_run.step() + 1); });
    connect(reset, &QPushButton::clicked, this, &LessonPlayer::resetRequested);
    m_autoTimer = new QTimer(this);
    m_autoTimer->setSingleShot(true);
    connect(m_autoTimer, &QTimer::timeout, this, [this] { m_run.goTo(m_run.step() + 1); });
    connect(m_autoPlay, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_run.stepComplete())
            m_autoTimer->start(kAutoPlayPauseMs);
        else if (!on)
            m_autoTimer->stop();
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addWidget(m_next);
    buttons->addWidget(m_autoPlay);
    buttons->addStretch();
    buttons->addWidget(reset);

    auto *checksTitle = new QLabel(tr("Checks"), this);
    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_hints);
    lowerLayout->addLayout(exerciseRow);
    lowerLayout->addWidget(checksTitle);
    lowerLayout->addWidget(m_checks, 1);
    lowerLayout->addWidget(m_log, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_narration);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_steps);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);

    connect(&m_run, &lesson::LessonRun::stepStarted, this, &LessonPlayer::showStep);
    connect(&m_run, &lesson::LessonRun::changed, this, &LessonPlayer::redraw);
    connect(&m_run, &lesson::LessonRun::stepCompleted, this, &LessonPlayer::onStepCompleted);
    if (m_run.step() >= 0)
        showStep(m_run.step());
}

void LessonPlayer::setAutoPlay(bool on)
{
    m_autoPlay->setChecked(on);
}

void LessonPlayer::showStep(int index)
{
    const lesson::Lesson &lesson = m_run.lesson();
    const lesson::Step &step = lesson.steps[static_cast<std::size_t>(index)];
    m_autoTimer->stop();
    m_steps->setCurrentIndex(index);
    // The step's own heading reads as a heading of the dock, not of a page.
    QString narration = text(step.narration, m_language);
    narration.replace(QRegularExpression(QStringLiteral("^# "), QRegularExpression::MultilineOption), QStringLiteral("### "));
    m_narration->setMarkdown(narration);
    m_logShown = 0;
    m_log->clear();
    LessonProgress::setLastStep(QString::fromStdString(lesson.id), index);
    m_refocus = step.focus.has_value();
    if (step.focus)
        Q_EMIT focusRequested(*step.focus);
    redraw();
}

void LessonPlayer::redraw()
{
    const int index = m_run.step();
    if (index < 0)
        return;
    const lesson::Lesson &lesson = m_run.lesson();
    const lesson::Step &step = lesson.steps[static_cast<std::size_t>(index)];
    const QSet<QString> done = LessonProgress::completed(QString::fromStdString(lesson.id));
    for (int i = 0; i < m_steps->count(); ++i) {
        const bool completed = done.contains(QString::fromStdString(lesson.steps[static_cast<std::size_t>(i)].id));
        m_steps->setItemText(i, QStringLiteral("%1%2. %3")
                                    .arg(completed ? QStringLiteral("✓ ") : QString())
                                    .arg(i + 1)
                                    .arg(text(lesson.steps[static_cast<std::size_t>(i)].title, m_language)));
    }
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index + 1 < static_cast<int>(lesson.steps.size()));

    const bool exercise = step.exercise.has_value();
    m_hintButton->setVisible(exercise);
    m_solutionButton->setVisible(exercise);
    QString hints;
    if (exercise) {
        m_hintButton->setEnabled(m_run.hintsShown() < static_cast<int>(step.exercise->hints.size()));
        for (int i = 0; i < m_run.hintsShown(); ++i)
            hints += QStringLiteral("💡 ") + text(step.exercise->hints[static_cast<std::size_t>(i)], m_language) +
                     QStringLiteral("\n\n");
    }
    m_hints->setText(hints.trimmed());
    m_hints->setVisible(!hints.isEmpty());

    m_checks->clear();
    for (const lesson::LessonRun::CheckState &state : m_run.checks()) {
        QString title = text(state.check->title, m_language);
        if (title.isEmpty())
            title = QString::fromStdString(state.result.detail);
        if (state.exercise)
            title = tr("Your task: %1").arg(title);
        auto *item = new QListWidgetItem(QStringLiteral("%1  %2").arg(state.result.passed ? QStringLiteral("✓")
                                                                                          : QStringLiteral("○"),
                                                                    title),
                                         m_checks);
        item->setForeground(state.result.passed ? palette::phase(QStringLiteral("Running")) : palette::mutedText());
        item->setToolTip(QString::fromStdString(state.result.detail));
    }
    if (m_refocus && m_run.actionsState() != lesson::ActionRunner::State::Busy) {
        m_refocus = false;
        Q_EMIT focusRequested(*step.focus);
    }
    const auto &log = m_run.log();
    for (; m_logShown < log.size(); ++m_logShown) {
        const lesson::LogLine &line = log[m_logShown];
        m_log->appendPlainText(QString::fromStdString(line.text));
    }
}

void LessonPlayer::onStepCompleted(int index)
{
    const lesson::Lesson &lesson = m_run.lesson();
    LessonProgress::markCompleted(QString::fromStdString(lesson.id),
                                  QString::fromStdString(lesson.steps[static_cast<std::size_t>(index)].id));
    redraw();
    if (m_autoPlay->isChecked() && index + 1 < static_cast<int>(lesson.steps.size()))
        m_autoTimer->start(kAutoPlayPauseMs);
}

} // namespace k8slab::gui
