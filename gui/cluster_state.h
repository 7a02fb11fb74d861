#pragma once

#include "core/client/client.h"
#include "core/client/informer.h"
#include "gui/cluster_view.h"

#include <QObject>

#include <memory>
#include <vector>

namespace k8slab::apiserver {
class ApiServer;
}

namespace k8slab::gui {

/// The cluster as the window sees it: list+watch caches of the watched kinds through
/// the same client library the components use (user agent "k8slab-gui"), so the views
/// read memory, never the store. `changed()` fires at most once per turn of the Qt event
/// loop however many objects changed.
class ClusterState : public QObject, public ClusterView {
    Q_OBJECT
public:
    explicit ClusterState(apiserver::ApiServer &api, QObject *parent = nullptr);
    ~ClusterState() override;

    /// Lists and starts watching; the caches fill as the lab's loop runs.
    Status start();

    std::vector<const api::Json *> list(Watched kind) const override { return m_informers[std::size_t(kind)]->list(); }
    /// The object as the API server has it now (any kind the registry serves), or null.
    api::Json fetch(const ObjectKey &key) override;
    /// The API the views send their writes through (the same path kubectl's take).
    client::Client &client() { return m_client; }

Q_SIGNALS:
    /// Something in the caches changed.
    void changed();

private:
    void touch();

    client::Client m_client;
    std::vector<std::unique_ptr<client::Informer>> m_informers; ///< one per Watched kind, in its order
    bool m_pending = false;
};

} // namespace k8slab::gui
