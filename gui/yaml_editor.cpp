#include "gui/yaml_editor.h"

#include "core/api/yaml.h"
#include "core/lab/lab_session.h"
#include "core/lab/manifests.h"
#include "gui/palette.h"
#include "gui/yaml_highlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QVBoxLayout>

namespace k8slab::gui {

namespace {

// Who the API sees: the learner, on kubectl's lane of the step views.
const std::string kUserAgent = "kubectl/yaml-editor";

struct Template {
    const char *title;
    const char *yaml;
};

const Template kTemplates[] = {
    {QT_TRANSLATE_NOOP("YamlEditor", "Pod"), R"(apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: main
    image: nginx:1.27
    resources:
      requests: {cpu: 100m, memory: 64Mi}
)"},
    {QT_TRANSLATE_NOOP("YamlEditor", "Deployment"), R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
)"},
    {QT_TRANSLATE_NOOP("YamlEditor", "Service"), R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP        # or NodePort, LoadBalancer
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 80}
)"},
    {QT_TRANSLATE_NOOP("YamlEditor", "ConfigMap"), R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  app.conf: ready
)"},
    {QT_TRANSLATE_NOOP("YamlEditor", "Job"), R"(apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  completions: 1
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: report
        image: busybox:1.36
        command: [sh, -c, "echo the report is ready"]
)"},
    {QT_TRANSLATE_NOOP("YamlEditor", "Node (the lab starts its kubelet)"), R"(apiVersion: v1
kind: Node
metadata:
  name: worker-extra
  labels: {kubernetes.io/hostname: worker-extra, kubernetes.io/arch: amd64}
status:
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
)"},
};

} // namespace

YamlEditor::YamlEditor(lab::LabSession &session, QWidget *parent) : QWidget(parent), m_session(session)
{
    m_templates = new QComboBox(this);
    m_templates->addItem(tr("New from a template…"));
    for (const Template &t : kTemplates)
        m_templates->addItem(tr(t.title));
    auto *apply = new QPushButton(tr("Apply"), this);
    apply->setToolTip(tr("Create each object, or update it when it exists (as kubectl apply)"));
    auto *remove = new QPushButton(tr("Delete"), this);
    remove->setToolTip(tr("Delete each object the text names (as kubectl delete -f)"));
    auto *controls = new QHBoxLayout();
    controls->addWidget(m_templates);
    controls->addStretch(1);
    controls->addWidget(apply);
    controls->addWidget(remove);

    m_edit = new QPlainTextEdit(this);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setTabChangesFocus(false);
    m_edit->setPlaceholderText(tr("A manifest (YAML; several objects separated by ---). Start from a template."));
    new YamlHighlighter(m_edit->document());
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_result);

    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            setText(QString::fromUtf8(kTemplates[index - 1].yaml));
        m_templates->setCurrentIndex(0);
    });
    connect(apply, &QPushButton::clicked, this, &YamlEditor::apply);
    connect(remove, &QPushButton::clicked, this, &YamlEditor::remove);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_errorLine >= 0) {
            m_errorLine = -1;
            m_edit->setExtraSelections({});
        }
    });
}

QString YamlEditor::text() const
{
    return m_edit->toPlainText();
}

void YamlEditor::setText(const QString &yaml)
{
    m_edit->setPlainText(yaml);
    showResult(true, QString(), -1);
}

bool YamlEditor::apply()
{
    const std::string yaml = text().toStdString();
    std::size_t failed = 0;
    auto done = lab::applyManifests(m_session.api(), yaml, kUserAgent, &failed);
    if (!done.ok()) {
        // The server's field causes, each at its line (the first one marked).
        QString message = QString::fromStdString(done.status().message());
        int line = -1;
        for (const StatusCause &cause : done.status().causes()) {
            if (cause.field.empty())
                continue;
            const std::optional<int> at = api::yamlLineOf(yaml, failed, cause.field);
            if (at && line < 0)
                line = *at;
            if (at)
                message += QLatin1Char('\n') + tr("line %1: %2").arg(*at + 1).arg(QString::fromStdString(cause.field));
        }
        // A YAML syntax error names its line itself.
        if (line < 0)
            if (const auto m = QRegularExpression(QStringLiteral(R"(yaml: line (\d+):)")).match(message); m.hasMatch())
                line = m.captured(1).toInt() - 1;
        showResult(false, message, line);
        return false;
    }
    QStringList lines;
    for (const lab::ManifestResult &r : *done)
        lines << QString::fromStdString(r.object + " " + r.verb);
    showResult(true, lines.join(QLatin1Char('\n')), -1);
    return true;
}

bool YamlEditor::remove()
{
    std::size_t failed = 0;
    auto done = lab::deleteManifests(m_session.api(), text().toStdString(), kUserAgent, &failed);
    if (!done.ok()) {
        showResult(false, QString::fromStdString(done.status().message()), -1);
        return false;
    }
    // kubectl's words for a deletion: pod "hello" deleted.
    QStringList lines;
    for (const lab::ManifestResult &r : *done) {
        const QString object = QString::fromStdString(r.object);
        lines << QStringLiteral("%1 \"%2\" %3")
                     .arg(object.section(QLatin1Char('/'), 0, 0), object.section(QLatin1Char('/'), 1),
                          QString::fromStdString(r.verb));
    }
    showResult(true, lines.join(QLatin1Char('\n')), -1);
    return true;
}

QString YamlEditor::resultText() const
{
    return m_result->text();
}

void YamlEditor::showResult(bool ok, const QString &text, int line)
{
    m_result->setText(text);
    QPalette colours = m_result->palette();
    colours.setColor(QPalette::WindowText, ok ? palette::phase(QStringLiteral("Running")).darker(130)
                                              : palette::phase(QStringLiteral("Failed")));
    m_result->setPalette(colours);
    m_errorLine = line;
    QList<QTextEdit::ExtraSelection> marks;
    if (line >= 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_edit->document()->findBlockByNumber(line));
        mark.format.setBackground(palette::phase(QStringLiteral("Failed")).lighter(185));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
        m_edit->setTextCursor(mark.cursor);
    }
    const QSignalBlocker quiet(m_edit); // moving the cursor is no edit
    m_edit->setExtraSelections(marks);
}

} // namespace k8slab::gui
