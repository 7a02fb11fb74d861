#include "gui/lab_host.h"

#include "core/engine/loop_driver.h"
#include "core/lab/served_lab.h"
#include "core/lesson/lesson_run.h"
#include "gui/language.h"
#include "core/lesson/lesson_lab.h"
#include "gui/lesson_deck.h"
#include "gui/lesson_picker.h"
#include "gui/lesson_progress.h"
#include "gui/main_window.h"
#include "gui/window_host.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QTemporaryDir>
#include <QFile>
#include <QMessageBox>
#include <QTimer>

namespace k8slab::gui {

LabHost::LabHost(lab::LabOptions base, QString dataDir, QString lessonsDir, QObject *parent)
    : QObject(parent), m_base(std::move(base)), m_dataDir(std::move(dataDir))
{
    if (auto lessons = lesson::loadLessons(lessonsDir.toStdString()); lessons.ok())
        m_lessons = std::move(*lessons);
    else
        qWarning("k8slab: no lessons: %s", lessons.status().message().c_str());
}

LabHost::~LabHost()
{
    stop();
}

void LabHost::stop()
{
    // The window and the lesson look at the session.
    m_windows.reset();
    m_lesson.reset();
    m_served.reset();
}

lab::LabSession &LabHost::session()
{
    return m_served->session();
}

engine::LoopDriver &LabHost::driver()
{
    return m_served->driver();
}

Status LabHost::startSession(const lab::LabOptions &options)
{
    stop();
    // kubectl talks to the same cluster the window shows: the usual port if free, else any.
    lab::ServeOptions serve;
    serve.ports = {6443, 0};
    serve.kubeconfigPath = (m_dataDir + QStringLiteral("/kubeconfig")).toStdString();
    auto served = lab::ServedLab::start(options, serve);
    if (!served.ok())
        return served.status();
    m_served = std::move(*served);
    m_served->driver().setSpeed(m_speed);
    m_windows = std::make_unique<WindowHost>(m_served->session(), m_served->driver());
    connect(m_windows.get(), &WindowHost::lessonsRequested, this, &LabHost::pickLesson, Qt::QueuedConnection);
    connect(m_windows.get(), &WindowHost::lessonDeckRequested, this, &LabHost::exportLessonDeck, Qt::QueuedConnection);
    connect(m_windows.get(), &WindowHost::lessonResetRequested, this, [this] {
        if (m_lesson)
            (void)startLesson(QString::fromStdString(m_lesson->lesson().id), 0);
    }, Qt::QueuedConnection);
    m_windows->setApiEndpoint(QString::fromStdString(m_served->url()), QString::fromStdString(m_served->kubeconfig()));
    return {};
}

Status LabHost::start(Page page)
{
    if (Status s = startSession(m_base); !s.ok())
        return s;
    m_windows->open(page, m_language.isEmpty() ? systemLanguage() : m_language);
    driver().play();
    return {};
}

Status LabHost::startLesson(const QString &id, int step)
{
    const lesson::Lesson *lesson = lesson::findLesson(m_lessons, id.toStdString());
    if (!lesson)
        return Status(StatusCode::NotFound, "no lesson \"" + id.toStdString() + "\"");
    const lesson::Lesson chosen = *lesson;
    // A fresh cluster each time: the lesson's recording starts empty.
    const QString folder = m_dataDir + QStringLiteral("/lessons");
    QDir().mkpath(folder);
    const QString recording = folder + QLatin1Char('/') + id + QStringLiteral(".k8slab");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(recording + suffix);
    lab::LabOptions options = m_base;
    options.recordingPath = recording.toStdString();
    options.nodes = chosen.cluster.nodes;
    options.clusterNodes = chosen.cluster.nodeSpecs;
    options.seed = chosen.cluster.seed;
    options.virtualEpoch.reset();
    if (!proxy::parseMode(chosen.cluster.proxyMode, options.proxy.mode))
        return Status(StatusCode::Invalid, "unknown proxy mode " + chosen.cluster.proxyMode);
    if (m_windows)
        m_language = currentLanguage(); // the learner may have switched since
    if (Status s = startSession(options); !s.ok())
        return s;
    lesson::KubectlSetup kubectl;
    kubectl.kubeconfig = m_served->kubeconfig();
    m_lesson = std::make_unique<lesson::LessonRun>(chosen, session(), kubectl);
    m_windows->setLesson(m_lesson.get());
    m_windows->open(Page::ClusterMap, m_language);
    driver().play();
    const int last = static_cast<int>(chosen.steps.size()) - 1;
    m_lesson->goTo(std::clamp(step >= 0 ? step : LessonProgress::lastStep(id), 0, last));
    m_lesson->setPolling(250);
    return {};
}

void LabHost::pickLesson()
{
    QWidget *parent = m_windows ? &m_windows->window() : nullptr;
    if (m_lessons.empty()) {
        QMessageBox::information(parent, tr("Lessons"), tr("No lessons were found."));
        return;
    }
    LessonPicker picker(m_lessons, parent);
    if (picker.exec() != QDialog::Accepted || picker.chosenId().isEmpty())
        return;
    const QString id = picker.chosenId();
    // Not from inside the dialog's caller: the window that asked is about to go.
    QTimer::singleShot(0, this, [this, id] {
        if (Status s = startLesson(id); !s.ok())
            QMessageBox::critical(nullptr, tr("Lessons"), QString::fromStdString(s.message()));
    });
}

void LabHost::exportLessonDeck()
{
    QWidget *parent = m_windows ? &m_windows->window() : nullptr;
    if (m_lessons.empty())
        return;
    LessonPicker picker(m_lessons, parent);
    picker.setWindowTitle(tr("Export a lesson as slides"));
    if (picker.exec() != QDialog::Accepted || picker.chosenId().isEmpty())
        return;
    const QString folder = QFileDialog::getExistingDirectory(parent, tr("Where to write the slides"));
    if (folder.isEmpty())
        return;
    const lesson::Lesson *chosen = lesson::findLesson(m_lessons, picker.chosenId().toStdString());
    QTemporaryDir scratch;
    lesson::LessonLabOptions labOptions;
    labOptions.runtimeFactory = m_base.runtimeFactory;
    labOptions.dir = scratch.path().toStdString();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Status status;
    auto lab = lesson::LessonLab::start(chosen->cluster, labOptions);
    DeckOptions deck;
    deck.language = currentLanguage();
    const QString base = QStringLiteral("%1/%2.%3").arg(folder, picker.chosenId(), deck.language);
    deck.pdfPath = base + QStringLiteral(".pdf");
    deck.svgDir = base;
    status = lab.ok() ? gui::exportLessonDeck(*chosen, **lab, deck) : lab.status();
    QApplication::restoreOverrideCursor();
    if (!status.ok())
        QMessageBox::critical(parent, tr("Export a lesson as slides"), QString::fromStdString(status.message()));
    else
        QMessageBox::information(parent, tr("Export a lesson as slides"),
                                 tr("Wrote %1 and a folder of SVGs beside it.").arg(deck.pdfPath));
}

void LabHost::setSpeed(double factor)
{
    m_speed = factor;
    if (m_served)
        m_served->driver().setSpeed(factor);
}

} // namespace k8slab::gui
