#include "gui/cluster_view.h"

#include "core/client/client.h"
#include "gui/json_text.h"

#include <QString>

#include <algorithm>

namespace k8slab::gui {

using api::Json;

const std::array<const apiserver::ResourceInfo *, 7> &watchedResources()
{
    static const std::array<const apiserver::ResourceInfo *, 7> resources = {
        &client::resource("", "v1", "nodes"),           &client::resource("", "v1", "pods"),
        &client::resource("", "v1", "events"),          &client::resource("apps", "v1", "deployments"),
        &client::resource("apps", "v1", "replicasets"), &client::resource("", "v1", "services"),
        &client::resource("discovery.k8s.io", "v1", "endpointslices"),
    };
    return resources;
}

std::vector<const Json *> ClusterView::eventsOf(const ObjectKey &key) const
{
    std::vector<const Json *> out;
    for (const Json *e : events()) {
        const Json involved = e->value("involvedObject", Json::object());
        if (qtextAt(involved, "kind") == key.kind &&
            qtextAt(involved, "name") == key.name &&
            qtextAt(involved, "namespace") == key.ns)
            out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [](const Json *a, const Json *b) {
        const auto when = [](const Json *e) {
            const std::string last = textAt(*e, "lastTimestamp");
            return last.empty() ? textAt(*e, "eventTime") : last;
        };
        return when(a) < when(b);
    });
    return out;
}

} // namespace k8slab::gui
