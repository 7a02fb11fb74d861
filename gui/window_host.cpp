#include "gui/window_host.h"

#include "gui/language.h"
#include "gui/main_window.h"

namespace k8slab::gui {

WindowHost::WindowHost(lab::LabSession &session, engine::LoopDriver &driver, QObject *parent)
    : QObject(parent), m_session(session), m_driver(driver)
{
}

WindowHost::~WindowHost() = default;

void WindowHost::open(Page page, const QString &language)
{
    QRect geometry;
    if (m_window) {
        geometry = m_window->geometry();
        m_window->hide();
        m_window.release()->deleteLater(); // the request came from its own menu
    }
    useLanguage(language);
    m_window = std::make_unique<MainWindow>(m_session, m_driver);
    if (geometry.isValid())
        m_window->setGeometry(geometry);
    if (!m_url.isEmpty())
        m_window->setApiEndpoint(m_url, m_kubeconfig);
    if (m_lesson)
        m_window->setLesson(*m_lesson);
    connect(m_window.get(), &MainWindow::lessonsRequested, this, &WindowHost::lessonsRequested);
    connect(m_window.get(), &MainWindow::lessonResetRequested, this, &WindowHost::lessonResetRequested);
    connect(m_window.get(), &MainWindow::lessonDeckRequested, this, &WindowHost::lessonDeckRequested);
    m_page = page;
    m_window->showPage(page);
    connect(m_window.get(), &MainWindow::pageShown, this, [this](Page shown) { m_page = shown; });
    connect(m_window.get(), &MainWindow::languageRequested, this, [this](const QString &next) { open(m_page, next); },
            Qt::QueuedConnection);
    m_window->show();
}

void WindowHost::setApiEndpoint(const QString &url, const QString &kubeconfigPath)
{
    m_url = url;
    m_kubeconfig = kubeconfigPath;
    if (m_window)
        m_window->setApiEndpoint(url, kubeconfigPath);
}

} // namespace k8slab::gui
