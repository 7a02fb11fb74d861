#include "gui/proxy_modes_view.h"

#include "core/proxy/kube_proxy.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace k8slab::gui {

namespace {

constexpr proxy::ProxyMode kModes[] = {proxy::ProxyMode::IPTables, proxy::ProxyMode::IPVS, proxy::ProxyMode::NFTables};

int indentOf(const QString &line)
{
    int n = 0;
    while (n < line.size() && line.at(n).isSpace())
        ++n;
    return n;
}

// The lines that mention a needle, each with what belongs to it: an nft block it opens
// (to its closing brace), or the lines indented under it (ipvsadm's real servers).
QStringList matching(const QStringList &lines, const QStringList &needles)
{
    QStringList kept;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (std::none_of(needles.begin(), needles.end(), [&line](const QString &n) { return line.contains(n); }))
            continue;
        kept << line;
        if (line.trimmed().endsWith(QLatin1Char('{'))) {
            int depth = 1;
            while (depth > 0 && ++i < lines.size()) {
                depth += int(lines[i].count(QLatin1Char('{'))) - int(lines[i].count(QLatin1Char('}')));
                kept << lines[i];
            }
            continue;
        }
        const int indent = indentOf(line);
        while (i + 1 < lines.size() && indentOf(lines[i + 1]) > indent && !lines[i + 1].trimmed().endsWith(QLatin1Char('{')))
            kept << lines[++i];
    }
    return kept;
}

} // namespace

ProxyModesView::ProxyModesView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *controls = new QHBoxLayout();
    m_filter = new QLineEdit(this);
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Only the lines about… (a Service such as default/web, or a ClusterIP)"));
    controls->addWidget(new QLabel(tr("Filter"), this));
    controls->addWidget(m_filter, 1);
    layout->addLayout(controls);
    auto *split = new QSplitter(Qt::Horizontal, this);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (int i = 0; i < 3; ++i) {
        auto *column = new QWidget(split);
        auto *columnLayout = new QVBoxLayout(column);
        columnLayout->setContentsMargins(0, 0, 0, 0);
        m_titles[i] = new QLabel(column);
        QFont bold = m_titles[i]->font();
        bold.setBold(true);
        m_titles[i]->setFont(bold);
        m_notes[i] = new QLabel(column);
        m_notes[i]->setEnabled(false); // muted
        m_texts[i] = new QPlainTextEdit(column);
        m_texts[i]->setReadOnly(true);
        m_texts[i]->setFont(mono);
        m_texts[i]->setLineWrapMode(QPlainTextEdit::NoWrap);
        columnLayout->addWidget(m_titles[i]);
        columnLayout->addWidget(m_notes[i]);
        columnLayout->addWidget(m_texts[i], 1);
    }
    layout->addWidget(split, 1);
    connect(m_filter, &QLineEdit::textChanged, this, &ProxyModesView::redraw);
    redraw();
}

void ProxyModesView::show(proxy::KubeProxy *proxy)
{
    m_proxy = proxy;
    for (int i = 0; i < 3; ++i)
        m_rules[i] = proxy ? QString::fromStdString(proxy->rules(kModes[i])) : QString();
    redraw();
}

void ProxyModesView::setFilter(const QString &text)
{
    m_filter->setText(text);
}

void ProxyModesView::redraw()
{
    // A Service stands for its name and its addresses (IPVS knows only addresses).
    const QString filter = m_filter->text().trimmed();
    QStringList needles;
    if (!filter.isEmpty())
        needles << filter;
    if (m_proxy && !filter.isEmpty())
        for (const auto &[name, state] : m_proxy->services()) {
            const QString service = QString::fromStdString(name).section(QLatin1Char(':'), 0, 0);
            if (service != filter)
                continue;
            const proxy::ServicePort &port = state.port;
            for (const std::string &ip : {port.clusterIP})
                if (!ip.empty())
                    needles << QString::fromStdString(ip) + QLatin1Char(':') + QString::number(port.port)
                            << QString::fromStdString(ip) + QLatin1Char('/') << QString::fromStdString(ip) + QLatin1Char(' ');
            for (const auto *ips : {&port.externalIPs, &port.loadBalancerIPs})
                for (const std::string &ip : *ips)
                    needles << QString::fromStdString(ip);
        }
    for (int i = 0; i < 3; ++i) {
        QStringList lines = m_rules[i].split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (!needles.isEmpty())
            lines = matching(lines, needles);
        const bool own = m_proxy && m_proxy->mode() == kModes[i];
        m_titles[i]->setText(tr("%1 · %n line(s)", nullptr, int(lines.size())).arg(QString::fromLatin1(proxy::modeName(kModes[i]))));
        m_notes[i]->setText(own ? tr("what this kube-proxy wrote") : tr("what this mode would write"));
        m_texts[i]->setPlainText(lines.join(QLatin1Char('\n')));
    }
}

QString ProxyModesView::columnText(int mode) const
{
    return m_texts.at(static_cast<std::size_t>(mode))->toPlainText();
}

QString ProxyModesView::columnNote(int mode) const
{
    return m_notes.at(static_cast<std::size_t>(mode))->text();
}

QString ProxyModesView::columnTitle(int mode) const
{
    return m_titles.at(static_cast<std::size_t>(mode))->text();
}

} // namespace k8slab::gui
