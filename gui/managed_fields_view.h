#pragma once

#include "core/api/json.h"

#include <QTreeWidget>

namespace k8slab::gui {

/// Who owns which field of an object (its metadata.managedFields): one row per manager —
/// kubectl, a controller, the kubelet — with how it wrote (Apply or Update, through
/// which subresource) and when, and below it each field it owns. Server-side apply
/// refuses to change another manager's field; this is where a class sees why.
class ManagedFieldsView : public QTreeWidget {
    Q_OBJECT
public:
    explicit ManagedFieldsView(QWidget *parent = nullptr);

    /// Shows the owners of `object`'s fields.
    void show(const api::Json &object);
};

} // namespace k8slab::gui
