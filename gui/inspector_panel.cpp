#include "gui/inspector_panel.h"

#include "core/api/yaml.h"
#include "gui/cluster_view.h"
#include "gui/json_text.h"
#include "gui/managed_fields_view.h"
#include "gui/revision_diff.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace k8slab::gui {

using api::Json;

InspectorPanel::InspectorPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_title = new QLabel(tr("Select a node or a pod on the map."), this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_ownerChain = new QLabel(this);
    m_ownerChain->setWordWrap(true);
    layout->addWidget(m_ownerChain);

    auto *tabs = m_tabs = new QTabWidget(this);
    m_yaml = new QPlainTextEdit(this);
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    tabs->addTab(m_yaml, tr("YAML"));
    m_events = new QTreeWidget(this);
    m_events->setHeaderLabels({tr("Type"), tr("Reason"), tr("Message"), tr("Count")});
    m_events->setRootIsDecorated(false);
    m_events->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    tabs->addTab(m_events, tr("Events"));
    m_changes = new RevisionDiff(this);
    tabs->addTab(m_changes, tr("Changes"));
    m_owners = new ManagedFieldsView(this);
    tabs->addTab(m_owners, tr("Field owners"));
    connect(tabs, &QTabWidget::currentChanged, this, [this] { refresh(); });
    layout->addWidget(tabs, 1);
}

void InspectorPanel::showChanges()
{
    m_tabs->setCurrentWidget(m_changes);
}

void InspectorPanel::showFieldOwners()
{
    m_tabs->setCurrentWidget(m_owners);
}

void InspectorPanel::setStore(store::MvccStore *store)
{
    m_changes->setStore(store);
    refresh();
}

QString InspectorPanel::yaml() const
{
    return m_yaml->toPlainText();
}

void InspectorPanel::setSource(ClusterView *source)
{
    m_source = source;
    refresh();
}

void InspectorPanel::inspect(const ObjectKey &key)
{
    m_key = key;
    refresh();
}

void InspectorPanel::refresh()
{
    if (!m_key.isValid() || !m_source)
        return;
    const Json object = m_source->fetch(m_key);
    if (object.is_null()) {
        m_title->setText(tr("%1 — deleted").arg(m_key.display()));
        return;
    }
    m_title->setText(m_key.display());
    // As kubectl get -o yaml, the YAML leaves managedFields out; their tab shows them.
    Json shown = object;
    if (shown.contains("metadata") && shown["metadata"].is_object())
        shown["metadata"].erase("managedFields");
    const QString text = QString::fromStdString(api::toYaml(shown));
    if (text != m_yaml->toPlainText())
        m_yaml->setPlainText(text);
    if (m_tabs->currentWidget() == m_owners)
        m_owners->show(object);
    // Owner chain: follow controller references through the API.
    QStringList chain;
    Json current = object;
    for (int depth = 0; depth < 5; ++depth) {
        const Json owners = current.value("metadata", Json::object()).value("ownerReferences", Json::array());
        const Json *controller = nullptr;
        for (const Json &o : owners)
            if (o.is_object() && o.contains("controller") && o["controller"] == true)
                controller = &o;
        if (!controller)
            break;
        const ObjectKey owner{qtextAt(*controller, "kind"), m_key.ns,
                              qtextAt(*controller, "name")};
        chain << owner.kind + QLatin1Char(' ') + owner.name;
        current = m_source->fetch(owner);
        if (current.is_null())
            break;
    }
    m_ownerChain->setText(chain.isEmpty() ? QString() : tr("Owned by: %1").arg(chain.join(QStringLiteral(" → "))));
    // The versions are read from the store's history: only while someone looks.
    if (m_tabs->currentWidget() == m_changes)
        m_changes->show(m_key, m_source->revision());
    m_events->clear();
    for (const Json *e : m_source->eventsOf(m_key)) {
        auto *row = new QTreeWidgetItem(m_events);
        row->setText(0, qtextAt(*e, "type"));
        row->setText(1, qtextAt(*e, "reason"));
        row->setText(2, qtextAt(*e, "message"));
        row->setText(3, QString::number(e->contains("count") && (*e)["count"].is_number() ? (*e)["count"].get<int>() : 1));
    }
}

} // namespace k8slab::gui
