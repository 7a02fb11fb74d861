#include "gui/timeline_bar.h"

#include "core/engine/loop_driver.h"
#include "core/lab/lab_session.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace k8slab::gui {

TimelineBar::TimelineBar(lab::LabSession &session, engine::LoopDriver &driver, QWidget *parent)
    : QWidget(parent), m_session(session), m_driver(driver)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    m_play = new QToolButton(this);
    m_play->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_step = new QToolButton(this);
    m_step->setText(tr("Step"));
    m_step->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    m_step->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_step->setToolTip(tr("Run the cluster's next step (pause first)"));
    m_speed = new QComboBox(this);
    for (const auto &[label, factor] : std::initializer_list<std::pair<QString, double>>{
             {QStringLiteral("0.5×"), 0.5}, {QStringLiteral("1×"), 1.0}, {QStringLiteral("2×"), 2.0},
             {QStringLiteral("5×"), 5.0}, {QStringLiteral("20×"), 20.0}, {tr("fastest"), 0.0}})
        m_speed->addItem(label, factor);
    m_speed->setCurrentIndex(1);
    for (int i = 0; i < m_speed->count(); ++i)
        if (qFuzzyCompare(m_speed->itemData(i).toDouble() + 1, m_driver.speed() + 1))
            m_speed->setCurrentIndex(i);
    m_speed->setToolTip(tr("Virtual seconds per second"));
    m_clock = new QLabel(this);
    m_revision = new QLabel(this);
    QFont mono = m_clock->font();
    mono.setFamily(QStringLiteral("monospace"));
    m_clock->setFont(mono);
    layout->addWidget(m_play);
    layout->addWidget(m_step);
    layout->addWidget(new QLabel(tr("Speed"), this));
    layout->addWidget(m_speed);
    layout->addSpacing(16);
    layout->addWidget(m_clock);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setMinimum(1);
    m_slider->setMinimumWidth(240);
    m_slider->setToolTip(tr("Drag to see the cluster as it was at an earlier revision"));
    layout->addWidget(m_slider, 1);
    m_liveButton = new QToolButton(this);
    m_liveButton->setText(tr("● Live"));
    m_liveButton->setToolTip(tr("Back to the cluster as it is now"));
    layout->addWidget(m_liveButton);
    layout->addWidget(m_revision);
    m_settle = new QTimer(this);
    m_settle->setSingleShot(true);
    m_settle->setInterval(120);
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        if (m_slider->isSliderDown() || m_slider->hasFocus())
            m_settle->start();
    });
    connect(m_slider, &QSlider::sliderReleased, m_settle, [this] { m_settle->start(0); });
    connect(m_settle, &QTimer::timeout, this, [this] { chooseRevision(m_slider->value()); });
    connect(m_liveButton, &QToolButton::clicked, this, [this] {
        setLive(true);
        Q_EMIT liveRequested();
        refresh();
    });

    connect(m_play, &QToolButton::clicked, this, [this] {
        if (m_driver.isPaused())
            m_driver.play();
        else
            m_driver.pause();
    });
    connect(m_step, &QToolButton::clicked, this, [this] {
        m_driver.stepOnce();
        refresh();
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_driver.setSpeed(m_speed->itemData(index).toDouble()); });
    connect(&m_driver, &engine::LoopDriver::pausedChanged, this, &TimelineBar::updatePlayButton);
    updatePlayButton(m_driver.isPaused());
    setLive(true);
    refresh();
}

void TimelineBar::updatePlayButton(bool paused)
{
    m_play->setText(paused ? tr("Play") : tr("Pause"));
    m_play->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_step->setEnabled(paused);
}

QString TimelineBar::clockText() const
{
    return m_clock->text();
}

void TimelineBar::setLive(bool live)
{
    m_live = live;
    m_liveButton->setEnabled(!live);
    m_liveButton->setText(live ? tr("● Live") : tr("Back to live"));
}

void TimelineBar::chooseRevision(qint64 revision)
{
    const qint64 latest = m_session.store().revision();
    if (revision >= latest) {
        setLive(true);
        Q_EMIT liveRequested();
        refresh();
        return;
    }
    setLive(false);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(int(revision));
    }
    m_revision->setText(tr("revision %1 of %2 · looking back").arg(revision).arg(latest));
    Q_EMIT revisionChosen(revision);
}

void TimelineBar::refresh()
{
    const qint64 ms = engine::toNanos(m_session.loop().now()) / 1000000;
    m_clock->setText(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) +
                     QStringLiteral(" UTC"));
    const qint64 latest = m_session.store().revision();
    {
        const QSignalBlocker block(m_slider);
        m_slider->setMaximum(int(std::max<qint64>(1, latest)));
        if (m_live)
            m_slider->setValue(int(latest));
    }
    if (m_live)
        m_revision->setText(tr("revision %1 · %2 steps traced").arg(latest).arg(m_session.recording().lastTraceId()));
}

} // namespace k8slab::gui
