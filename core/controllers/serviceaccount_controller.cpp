#include "core/controllers/serviceaccount_controller.h"

#include "core/apiserver/object_io.h"
#include "core/controllers/controller_support.h"

namespace k8slab::controllers {

using api::Json;
using apiserver::jsonAt;

namespace {
const apiserver::ResourceInfo &accounts() { return client::resource("", "v1", "serviceaccounts"); }
}

ServiceAccountController::ServiceAccountController(client::Client &client, client::InformerFactory &informers)
    : m_client(client), m_namespaces(informers.forResource("", "v1", "namespaces")),
      m_accounts(informers.forResource(accounts())),
      m_queue(client.api().loop(), "serviceaccount", [this](const std::string &ns) { sync(ns); })
{
}

void ServiceAccountController::start()
{
    const auto byName = [this](const Json &ns) { m_queue.add(textAt(ns, "metadata.name")); };
    m_namespaces.addHandlers({byName, [byName](const Json &, const Json &ns) { byName(ns); }, {}});
    m_accounts.addHandlers({{}, {}, [this](const Json &sa) {
                                if (textAt(sa, "metadata.name") == "default")
                                    m_queue.add(textAt(sa, "metadata.namespace"));
                            }});
}

void ServiceAccountController::sync(const std::string &ns)
{
    const Json *found = m_namespaces.get("", ns);
    if (!found || isTerminating(*found) || textAt(*found, "status.phase") == "Terminating")
        return;
    if (m_accounts.get(ns, "default"))
        return;
    traceReconcile(m_client.api().trace(), m_client.userAgent(), "controller.serviceaccount.sync", *found,
                   {{"serviceAccount", "default"}, {"action", "create"}});
    auto created = m_client.create(accounts(), ns,
                                   {{"apiVersion", "v1"}, {"kind", "ServiceAccount"},
                                    {"metadata", {{"name", "default"}, {"namespace", ns}}}});
    if (!created.ok() && created.status().code() != StatusCode::AlreadyExists)
        m_queue.addRateLimited(ns);
    else
        m_queue.forget(ns);
}

} // namespace k8slab::controllers
