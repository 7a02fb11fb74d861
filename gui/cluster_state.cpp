#include "gui/cluster_state.h"

#include "core/apiserver/api_server.h"
#include "core/apiserver/resource_registry.h"

#include <QTimer>


namespace k8slab::gui {

using api::Json;

ClusterState::ClusterState(apiserver::ApiServer &api, QObject *parent) : QObject(parent), m_client(api, "k8slab-gui")
{
    for (const apiserver::ResourceInfo *resource : watchedResources()) {
        m_informers.push_back(std::make_unique<client::Informer>(m_client, *resource));
        m_informers.back()->keepManagedFields(); // the inspector's Field owners tab shows them
    }
}

ClusterState::~ClusterState()
{
    for (auto it = m_informers.rbegin(); it != m_informers.rend(); ++it)
        (*it)->stop();
}

Status ClusterState::start()
{
    for (const auto &informer : m_informers) {
        informer->addHandlers({[this](const Json &) { touch(); }, [this](const Json &, const Json &) { touch(); },
                               [this](const Json &) { touch(); }});
        if (Status s = informer->start(); !s.ok())
            return s;
    }
    return {};
}

void ClusterState::touch()
{
    if (m_pending)
        return;
    m_pending = true;
    QTimer::singleShot(0, this, [this] {
        m_pending = false;
        Q_EMIT changed();
    });
}

Json ClusterState::fetch(const ObjectKey &key)
{
    const apiserver::ResourceRegistry &registry = apiserver::builtinResources();
    for (const auto &info : registry.all()) {
        if (QString::fromStdString(info->kind) != key.kind || info->storage)
            continue;
        Result<Json> got = m_client.get(*info, key.ns.toStdString(), key.name.toStdString());
        if (got.ok())
            return std::move(*got);
    }
    return nullptr;
}

} // namespace k8slab::gui
