#include "gui/cluster_view.h"
#include "gui/json_text.h"

#include <QString>

#include <algorithm>

namespace k8slab::gui {

using api::Json;

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
