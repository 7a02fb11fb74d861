#include "gui/managed_fields_view.h"

#include "core/apiserver/field_manager.h"

#include <QHeaderView>

namespace k8slab::gui {

ManagedFieldsView::ManagedFieldsView(QWidget *parent) : QTreeWidget(parent)
{
    // One column: the inspector is narrow, and a field's path is what must be read whole.
    setHeaderLabel(tr("Manager — how it wrote, and the fields it owns"));
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(false);
}

void ManagedFieldsView::show(const api::Json &object)
{
    clear();
    const api::Json *list = nullptr;
    if (object.is_object() && object.contains("metadata") && object["metadata"].is_object()
        && object["metadata"].contains("managedFields"))
        list = &object["metadata"]["managedFields"];
    auto entries = apiserver::decodeManagedFields(list ? *list : api::Json());
    if (!entries.ok() || entries->empty()) {
        auto *none = new QTreeWidgetItem(this);
        none->setText(0, entries.ok() ? tr("No manager owns a field of this object.")
                                      : tr("managedFields cannot be read: %1").arg(QString::fromStdString(entries.status().message())));
        return;
    }
    for (const apiserver::ManagedFieldsEntry &entry : *entries) {
        auto *owner = new QTreeWidgetItem(this);
        const QString operation = QString::fromStdString(entry.operation);
        const QString how = entry.subresource.empty()
                                ? operation
                                : tr("%1 (%2)").arg(operation, QString::fromStdString(entry.subresource));
        // "kubectl — Update (scale) · apps/v1 · 2026-11-28T06:42:50Z"
        owner->setText(0, tr("%1 — %2 · %3 · %4")
                              .arg(QString::fromStdString(entry.manager), how, QString::fromStdString(entry.apiVersion),
                                   QString::fromStdString(entry.time)));
        owner->setData(0, Qt::UserRole, QString::fromStdString(entry.manager));
        QFont bold = owner->font(0);
        bold.setBold(true);
        owner->setFont(0, bold);
        for (const apiserver::FieldPath &path : entry.fields.paths()) {
            auto *field = new QTreeWidgetItem(owner);
            field->setText(0, QString::fromStdString(apiserver::describePath(path)));
        }
        owner->setExpanded(true);
    }
}

} // namespace k8slab::gui
