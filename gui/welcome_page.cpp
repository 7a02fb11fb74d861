#include "gui/welcome_page.h"

#include <QFont>
#include <QLabel>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

namespace k8slab::gui {

WelcomePage::WelcomePage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(48, 48, 48, 48);
    layout->setSpacing(16);

    auto *title = new QLabel(QStringLiteral("K8s Lab"), this);
    QFont titleFont = title->font();
    titleFont.setPointSize(32);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto *subtitle = new QLabel(tr("Kubernetes internals, step by step"), this);
    QFont subtitleFont = subtitle->font();
    subtitleFont.setPointSize(16);
    subtitle->setFont(subtitleFont);
    layout->addWidget(subtitle);

    m_state = new QLabel(this);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setWordWrap(true);
    layout->addWidget(m_state);

    auto *actions = new QHBoxLayout();
    auto *lessons = new QPushButton(tr("Start a lesson"), this);
    auto *explore = new QPushButton(tr("Explore the cluster"), this);
    auto *network = new QPushButton(tr("See kube-proxy's rules"), this);
    for (QPushButton *b : {lessons, explore, network}) {
        b->setMinimumHeight(40);
        actions->addWidget(b);
    }
    actions->addStretch(1);
    layout->addLayout(actions);
    connect(lessons, &QPushButton::clicked, this, &WelcomePage::lessonsRequested);
    connect(explore, &QPushButton::clicked, this, [this] { Q_EMIT pageRequested(Page::ClusterMap); });
    connect(network, &QPushButton::clicked, this, [this] { Q_EMIT pageRequested(Page::Network); });

    m_kubectl = new QLabel(this);
    m_kubectl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kubectl->setWordWrap(true);
    layout->addWidget(m_kubectl);
    layout->addStretch(1);
}

void WelcomePage::setClusterState(const QString &recordingPath, qint64 revision, qint64 traceEvents)
{
    m_state->setText(tr("Recording: %1\nStore revision: %2 · trace events: %3")
                         .arg(recordingPath)
                         .arg(revision)
                         .arg(traceEvents));
}

void WelcomePage::setApiEndpoint(const QString &url, const QString &kubeconfigPath)
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_kubectl->setFont(mono);
    m_kubectl->setText(tr("The Kubernetes API is served at %1. To use kubectl:\n"
                          "  export KUBECONFIG=%2\n  kubectl get namespaces")
                           .arg(url, kubeconfigPath));
}

} // namespace k8slab::gui
