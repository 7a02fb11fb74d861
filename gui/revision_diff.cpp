#include "gui/revision_diff.h"

#include "core/api/yaml.h"
#include "core/apiserver/object_versions.h"
#include "core/base/line_diff.h"
#include "gui/diff_highlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace k8slab::gui {

RevisionDiff::RevisionDiff(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *row = new QHBoxLayout;
    m_from = new QComboBox(this);
    m_to = new QComboBox(this);
    for (QComboBox *box : {m_from, m_to}) { // long labels must not widen the inspector
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(6);
    }
    row->addWidget(new QLabel(tr("From"), this));
    row->addWidget(m_from, 1);
    row->addWidget(new QLabel(tr("to"), this));
    row->addWidget(m_to, 1);
    layout->addLayout(row);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    new DiffHighlighter(m_text->document());
    layout->addWidget(m_text, 1);
    for (QComboBox *box : {m_from, m_to})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { render(); });
}

QString RevisionDiff::diffText() const
{
    return m_text->toPlainText();
}

int RevisionDiff::versionCount() const
{
    return int(m_yaml.size());
}

void RevisionDiff::show(const ObjectKey &key, std::int64_t revision)
{
    const bool sameObject = key == m_key;
    const QVariant from = m_from->currentData(), to = m_to->currentData();
    m_key = key;
    m_yaml.clear();
    const QSignalBlocker blockFrom(m_from), blockTo(m_to);
    m_from->clear();
    m_to->clear();
    const apiserver::ResourceInfo *info = nullptr;
    for (const auto &candidate : apiserver::builtinResources().all())
        if (QString::fromStdString(candidate->kind) == key.kind && !candidate->storage)
            info = candidate.get();
    Result<std::vector<apiserver::ObjectVersion>> versions =
        m_store && info ? apiserver::objectVersions(*m_store, *info, key.ns.toStdString(), key.name.toStdString(), revision)
                        : Result<std::vector<apiserver::ObjectVersion>>(Status(StatusCode::NotFound, "no store"));
    if (!versions.ok()) {
        render();
        return;
    }
    for (const apiserver::ObjectVersion &v : *versions) {
        // resourceVersion says nothing about a diff: the revision is in the label; nor do
        // managedFields, whose time stamps change on every write (kubectl diff leaves
        // them out too; the inspector's field owners tab shows them).
        api::Json object = v.object;
        object["metadata"].erase("resourceVersion");
        object["metadata"].erase("managedFields");
        m_yaml.push_back(api::toYaml(object));
        const QString label = tr("revision %1 (version %2)").arg(v.revision).arg(v.version);
        m_from->addItem(label, qint64(v.revision));
        m_to->addItem(label, qint64(v.revision));
    }
    // The same pair as before if it is still there, else the last change.
    const int last = int(m_yaml.size()) - 1;
    const int keepFrom = sameObject ? m_from->findData(from) : -1;
    const int keepTo = sameObject ? m_to->findData(to) : -1;
    m_from->setCurrentIndex(keepFrom >= 0 ? keepFrom : std::max(0, last - 1));
    m_to->setCurrentIndex(keepTo >= 0 ? keepTo : last);
    render();
}

void RevisionDiff::compare(int from, int to)
{
    const QSignalBlocker blockFrom(m_from), blockTo(m_to);
    m_from->setCurrentIndex(from);
    m_to->setCurrentIndex(to);
    render();
}

void RevisionDiff::render()
{
    // The short count above; what there is to say about the pair goes in the text area,
    // which has the room (a long label would not wrap inside the inspector's dock).
    const int from = m_from->currentIndex(), to = m_to->currentIndex();
    m_note->setText(m_yaml.empty() ? QString() : tr("%n version(s) kept", nullptr, int(m_yaml.size())));
    if (m_yaml.empty() || from < 0 || to < 0) {
        m_text->setPlainText(m_key.isValid() ? tr("No versions of %1 are kept here.").arg(m_key.display()) : QString());
        return;
    }
    if (m_yaml.size() == 1) {
        m_text->setPlainText(tr("Only one version so far: the object has not changed since it was created."));
        return;
    }
    const std::string diff = unifiedDiff(diffLines(m_yaml[std::size_t(from)], m_yaml[std::size_t(to)]));
    m_text->setPlainText(diff.empty() ? tr("The two versions are the same.") : QString::fromStdString(diff));
}

} // namespace k8slab::gui
