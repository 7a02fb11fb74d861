#pragma once

#include <QMetaType>
#include <QString>

namespace k8slab::gui {

/// Names one API object the GUI shows: kind, namespace (empty for cluster-scoped), name.
struct ObjectKey {
    QString kind;
    QString ns;
    QString name;

    [[nodiscard]] bool isValid() const { return !kind.isEmpty() && !name.isEmpty(); }
    /// "Pod default/web-1", "Node worker-1".
    [[nodiscard]] QString display() const { return kind + QLatin1Char(' ') + (ns.isEmpty() ? name : ns + QLatin1Char('/') + name); }
    bool operator==(const ObjectKey &) const = default;
};

} // namespace k8slab::gui

Q_DECLARE_METATYPE(k8slab::gui::ObjectKey)
