// Printers for the core/v1 kinds (and the discovery/coordination kinds that sit beside
// them), following pkg/printers/internalversion/printers.go of Kubernetes v1.32. The
// server always renders the wide columns (GenerateOptions{Wide: true}); kubectl hides
// priority-1 columns itself unless -o wide.
//
// Descriptions quoted as literals upstream are copied; those upstream takes from the
// API's swagger docs are shortened to the doc's first sentence (kubectl never shows them).
#include "core/apiserver/table_printers_support.h"

#include "core/api/time_format.h"

#include <algorithm>
#include <set>

namespace k8slab::apiserver::printers {

// ---- nodes -------------------------------------------------------------------------

const std::vector<ColumnDefinition> &nodeColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Status", "string", "The status of the node"),
        column("Roles", "string", "The roles of the node"),
        ageColumn(),
        column("Version", "string", "Kubelet Version reported by the node."),
        column("Internal-IP", "string", "List of addresses reachable to the node.", 1),
        column("External-IP", "string", "List of addresses reachable to the node.", 1),
        column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux "
                                     "7 (wheezy)).", 1),
        column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. "
                                           "3.16.0-0.bpo.4-amd64).", 1),
        column("Container-Runtime", "string",
               "ContainerRuntime Version reported by the node through runtime remote API (e.g. "
               "containerd://1.4.2).", 1),
    };
    return columns;
}

namespace {

std::string nodeStatus(const api::Json &node)
{
    // Only the Ready condition is shown; a later duplicate overrides an earlier one.
    std::optional<std::string> ready;
    for (const api::Json &condition : list(node, {"status", "conditions"})) {
        if (text(condition, {"type"}) == "Ready")
            ready = text(condition, {"status"});
    }
    std::string status = !ready ? "Unknown" : *ready == "True" ? "Ready" : "NotReady";
    if (flag(node, {"spec", "unschedulable"}))
        status += ",SchedulingDisabled";
    return status;
}

std::string nodeRoles(const api::Json &node)
{
    static constexpr std::string_view kRolePrefix = "node-role.kubernetes.io/";
    std::set<std::string> roles; // sorted and unique, as sets.String.List()
    if (const api::Json *labels = find(node, {"metadata", "labels"}); labels && labels->is_object()) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            const std::string &key = it.key();
            if (key.starts_with(kRolePrefix) && key.size() > kRolePrefix.size())
                roles.insert(key.substr(kRolePrefix.size()));
            else if (key == "kubernetes.io/role" && it->is_string() && !it->get<std::string>().empty())
                roles.insert(it->get<std::string>());
        }
    }
    return roles.empty() ? "<none>" : join({roles.begin(), roles.end()}, ",");
}

std::string nodeAddress(const api::Json &node, std::string_view type)
{
    for (const api::Json &address : list(node, {"status", "addresses"})) {
        if (text(address, {"type"}) == type)
            return text(address, {"address"});
    }
    return "<none>";
}

std::string orUnknown(std::string s)
{
    return s.empty() ? "<unknown>" : s;
}

} // namespace

api::Json nodeCells(const api::Json &node, engine::TimePoint now)
{
    return api::Json::array({
        objectName(node),
        nodeStatus(node),
        nodeRoles(node),
        age(node, now),
        text(node, {"status", "nodeInfo", "kubeletVersion"}),
        nodeAddress(node, "InternalIP"),
        nodeAddress(node, "ExternalIP"),
        orUnknown(text(node, {"status", "nodeInfo", "osImage"})),
        orUnknown(text(node, {"status", "nodeInfo", "kernelVersion"})),
        orUnknown(text(node, {"status", "nodeInfo", "containerRuntimeVersion"})),
    });
}

// ---- services ----------------------------------------------------------------------

const std::vector<ColumnDefinition> &serviceColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Type", "string", "type determines how the Service is exposed."),
        column("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
        column("External-IP", "string",
               "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this "
               "service."),
        column("Port(s)", "string", "The list of ports that are exposed by this service."),
        ageColumn(),
        column("Selector", "string",
               "Route service traffic to pods with label keys and values matching this selector.", 1),
    };
    return columns;
}

namespace {

std::vector<std::string> strings(const api::Json &array)
{
    std::vector<std::string> out;
    for (const api::Json &item : array)
        out.push_back(item.is_string() ? item.get<std::string>() : std::string());
    return out;
}

std::string serviceExternalIP(const api::Json &service)
{
    const std::string type = text(service, {"spec", "type"});
    const std::vector<std::string> externalIPs = strings(list(service, {"spec", "externalIPs"}));
    if (type == "ClusterIP" || type == "NodePort")
        return externalIPs.empty() ? "<none>" : join(externalIPs, ",");
    if (type == "LoadBalancer") {
        // Ingress IPs (or hostnames), sorted and unique. Upstream cuts them to 16
        // characters only when not wide, and the server always prints wide.
        std::set<std::string> ingress;
        for (const api::Json &entry : list(service, {"status", "loadBalancer", "ingress"})) {
            if (std::string ip = text(entry, {"ip"}); !ip.empty())
                ingress.insert(ip);
            else if (std::string host = text(entry, {"hostname"}); !host.empty())
                ingress.insert(host);
        }
        std::vector<std::string> all(ingress.begin(), ingress.end());
        all.insert(all.end(), externalIPs.begin(), externalIPs.end());
        return all.empty() ? "<pending>" : join(all, ",");
    }
    if (type == "ExternalName")
        return text(service, {"spec", "externalName"});
    return "<unknown>";
}

std::string servicePorts(const api::Json &service)
{
    std::vector<std::string> pieces;
    for (const api::Json &port : list(service, {"spec", "ports"})) {
        const std::int64_t nodePort = integer(port, {"nodePort"});
        // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + string here.
        std::string piece = std::to_string(integer(port, {"port"}));
        if (nodePort > 0) {
            piece += ':';
            piece += std::to_string(nodePort);
        }
        piece += '/';
        piece += text(port, {"protocol"});
        pieces.push_back(std::move(piece));
    }
    return pieces.empty() ? "<none>" : join(pieces, ",");
}

} // namespace

api::Json serviceCells(const api::Json &service, engine::TimePoint now)
{
    // The internal Service type fills clusterIPs from a lone clusterIP when converting from v1.
    std::string clusterIP = text(service, {"spec", "clusterIP"});
    if (const api::Json &ips = list(service, {"spec", "clusterIPs"}); !ips.empty())
        clusterIP = ips[0].is_string() ? ips[0].get<std::string>() : std::string();
    return api::Json::array({
        objectName(service),
        text(service, {"spec", "type"}),
        orNone(clusterIP),
        serviceExternalIP(service),
        servicePorts(service),
        age(service, now),
        formatLabels(find(service, {"spec", "selector"})),
    });
}

// ---- endpoints and endpoint slices -------------------------------------------------

namespace {

/// "a,b,c + 2 more..." after at most three items, as formatEndpoints and
/// listWithMoreString both print.
class ListWithMore {
public:
    static constexpr std::size_t kMax = 3;

    /// Adds one item; returns false once the list is full (the item is only counted).
    bool add(std::string item)
    {
        ++count_;
        if (items_.size() == kMax) {
            more_ = true;
            return false;
        }
        items_.push_back(std::move(item));
        return true;
    }
    std::string toString(std::string_view whenEmpty) const
    {
        std::string s = join(items_, ",");
        if (more_)
            return s + " + " + std::to_string(count_ - kMax) + " more...";
        return s.empty() ? std::string(whenEmpty) : s;
    }

private:
    std::vector<std::string> items_;
    std::size_t count_ = 0;
    bool more_ = false;
};

std::string joinHostPort(const std::string &host, std::int64_t port)
{
    // net.JoinHostPort brackets IPv6 literals.
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace

const std::vector<ColumnDefinition> &endpointsColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Endpoints", "string", "The set of all endpoints is the union of all subsets."),
        ageColumn(),
    };
    return columns;
}

api::Json endpointsCells(const api::Json &endpoints, engine::TimePoint now)
{
    const api::Json &subsets = list(endpoints, {"subsets"});
    std::string cell = "<none>";
    if (!subsets.empty()) {
        ListWithMore items;
        for (const api::Json &subset : subsets) {
            const api::Json &addresses = list(subset, {"addresses"});
            const api::Json &ports = list(subset, {"ports"});
            if (ports.empty()) {
                // A headless service without ports lists bare addresses.
                for (const api::Json &address : addresses)
                    items.add(text(address, {"ip"}));
                continue;
            }
            for (const api::Json &port : ports) {
                for (const api::Json &address : addresses)
                    items.add(joinHostPort(text(address, {"ip"}), integer(port, {"port"})));
            }
        }
        cell = items.toString("");
    }
    return api::Json::array({objectName(endpoints), cell, age(endpoints, now)});
}

const std::vector<ColumnDefinition> &endpointSliceColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
        column("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
        column("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
        ageColumn(),
    };
    return columns;
}

api::Json endpointSliceCells(const api::Json &slice, engine::TimePoint now)
{
    ListWithMore ports;
    for (const api::Json &port : list(slice, {"ports"})) {
        if (find(port, {"port"}))
            ports.add(std::to_string(integer(port, {"port"})));
        else if (find(port, {"name"}))
            ports.add(text(port, {"name"}));
        else
            ports.add("*");
    }
    ListWithMore addresses;
    for (const api::Json &endpoint : list(slice, {"endpoints"})) {
        for (const api::Json &address : list(endpoint, {"addresses"}))
            addresses.add(address.is_string() ? address.get<std::string>() : std::string());
    }
    return api::Json::array({
        objectName(slice),
        text(slice, {"addressType"}),
        ports.toString("<unset>"),
        addresses.toString("<unset>"),
        age(slice, now),
    });
}

// ---- events (core/v1) --------------------------------------------------------------

const std::vector<ColumnDefinition> &eventColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        column("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        column("Reason", "string",
               "This should be a short, machine understandable string that gives the reason for the transition into "
               "the object's current status."),
        column("Object", "string", "The object that this event is about."),
        column("Subobject", "string",
               "If referring to a piece of an object instead of an entire object, this string should contain a valid "
               "JSON/Go field access statement, such as desiredState.manifest.containers[2].",
               1),
        column("Source", "string",
               "The component reporting this event. Should be a short machine understandable string.", 1),
        column("Message", "string", "A human-readable description of the status of this operation."),
        column("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt "
                                       "is in TypeMeta.)", 1),
        column("Count", "string", "The number of times this event has occurred.", 1),
        ColumnDefinition{"Name", "string", "name", kNameDescription, 1},
    };
    return columns;
}

namespace {

std::string trimSpace(std::string_view s)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return std::string(s);
}

std::string firstNonEmpty(std::string a, std::string b)
{
    return a.empty() ? b : a;
}

} // namespace

api::Json eventCells(const api::Json &event, engine::TimePoint now)
{
    // Older writers fill first/lastTimestamp, events.k8s.io writers only eventTime;
    // a series (an event that keeps recurring) carries its own last time and count.
    const auto first = timestamp(event, {"firstTimestamp"});
    const std::string firstSeen = first ? ageCell(first, now) : ageCell(timestamp(event, {"eventTime"}), now);
    const auto last = timestamp(event, {"lastTimestamp"});
    std::string lastSeen = last ? ageCell(last, now) : firstSeen;

    std::int64_t eventCount = integer(event, {"count"});
    if (const api::Json *series = find(event, {"series"})) {
        lastSeen = ageCell(timestamp(*series, {"lastObservedTime"}), now);
        eventCount = integer(*series, {"count"});
    } else if (eventCount == 0) {
        eventCount = 1; // singleton events of the new API carry no count
    }

    const std::string kind = toLower(text(event, {"involvedObject", "kind"}));
    const std::string involvedName = text(event, {"involvedObject", "name"});
    const std::string target = involvedName.empty() ? kind : kind + "/" + involvedName;

    const std::string component =
        firstNonEmpty(text(event, {"source", "component"}), text(event, {"reportingComponent"}));
    const std::string instance = firstNonEmpty(text(event, {"source", "host"}), text(event, {"reportingInstance"}));
    const std::string source = instance.empty() ? component : component + ", " + instance;

    return api::Json::array({
        lastSeen,
        text(event, {"type"}),
        text(event, {"reason"}),
        target,
        text(event, {"involvedObject", "fieldPath"}),
        source,
        trimSpace(text(event, {"message"})),
        firstSeen,
        integerCell(eventCount),
        objectName(event),
    });
}

// ---- namespaces, config maps, secrets, service accounts, leases --------------------

const std::vector<ColumnDefinition> &namespaceObjectColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Status", "string", "The status of the namespace"),
        ageColumn(),
    };
    return columns;
}

api::Json namespaceObjectCells(const api::Json &ns, engine::TimePoint now)
{
    return api::Json::array({objectName(ns), text(ns, {"status", "phase"}), age(ns, now)});
}

const std::vector<ColumnDefinition> &configMapColumns()
{
    // Upstream declares DATA as "string" yet sends an integer cell; both kept.
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Data", "string", "Data contains the configuration data."),
        ageColumn(),
    };
    return columns;
}

api::Json configMapCells(const api::Json &configMap, engine::TimePoint now)
{
    const auto entries = count(configMap, {"data"}) + count(configMap, {"binaryData"});
    return api::Json::array(
        {objectName(configMap), integerCell(static_cast<std::int64_t>(entries)), age(configMap, now)});
}

const std::vector<ColumnDefinition> &secretColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Type", "string", "Used to facilitate programmatic handling of secret data."),
        column("Data", "string",
               "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'."),
        ageColumn(),
    };
    return columns;
}

api::Json secretCells(const api::Json &secret, engine::TimePoint now)
{
    // Only data counts: stringData is write-only and merged into data on write.
    return api::Json::array({
        objectName(secret),
        text(secret, {"type"}),
        integerCell(static_cast<std::int64_t>(count(secret, {"data"}))),
        age(secret, now),
    });
}

const std::vector<ColumnDefinition> &serviceAccountColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Secrets", "string",
               "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount "
               "are allowed to use."),
        ageColumn(),
    };
    return columns;
}

api::Json serviceAccountCells(const api::Json &account, engine::TimePoint now)
{
    return api::Json::array({
        objectName(account),
        integerCell(static_cast<std::int64_t>(count(account, {"secrets"}))),
        age(account, now),
    });
}

const std::vector<ColumnDefinition> &leaseColumns()
{
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        column("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."),
        ageColumn(),
    };
    return columns;
}

api::Json leaseCells(const api::Json &lease, engine::TimePoint now)
{
    return api::Json::array({objectName(lease), text(lease, {"spec", "holderIdentity"}), age(lease, now)});
}

// ---- resource quotas ---------------------------------------------------------------

const std::vector<ColumnDefinition> &resourceQuotaColumns()
{
    // v1.32 order: AGE before REQUEST and LIMIT (v1.33 moved it to the end).
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        ageColumn(),
        column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
        column("Limit", "string",
               "Limits control the maximum amount of cpu/memory that a container may use independent of contention "
               "on the node."),
    };
    return columns;
}

api::Json resourceQuotaCells(const api::Json &quota, engine::TimePoint now)
{
    std::string requests;
    std::string limits;
    if (const api::Json *hard = find(quota, {"status", "hard"}); hard && hard->is_object()) {
        const api::Json *used = find(quota, {"status", "used"});
        for (auto it = hard->begin(); it != hard->end(); ++it) { // sorted by resource name
            const std::string &resource = it.key();
            const api::Json *usedValue = used ? find(*used, {resource}) : nullptr;
            // "limits.*" go to LIMIT; everything else (cpu, requests.*, pods, ...) to REQUEST.
            std::string &column = resource.starts_with("limits.") ? limits : requests;
            column += resource + ": " + quantity(usedValue, "0") + "/" + quantity(&*it, "0") + ", ";
        }
    }
    const auto trimmed = [](std::string s) {
        if (s.ends_with(", "))
            s.resize(s.size() - 2);
        return s;
    };
    return api::Json::array({objectName(quota), age(quota, now), trimmed(requests), trimmed(limits)});
}

// ---- kinds without a printer of their own ------------------------------------------

const std::vector<ColumnDefinition> &createdAtColumns()
{
    // Built-in kinds upstream gives no printer (limitranges, roles, clusterroles) go
    // through the apiserver's default table convertor: NAME and CREATED AT.
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        ColumnDefinition{"Created At", "date", "", kAgeDescription, 0},
    };
    return columns;
}

api::Json createdAtCells(const api::Json &object, engine::TimePoint)
{
    // metav1.Time's zero value formats as year 1.
    const auto created = timestamp(object, {"metadata", "creationTimestamp"});
    return api::Json::array({objectName(object), created ? api::formatTime(*created) : "0001-01-01T00:00:00Z"});
}

const std::vector<ColumnDefinition> &defaultNameAgeColumns()
{
    // What custom resources without printer columns get: NAME and an AGE of type date.
    static const std::vector<ColumnDefinition> columns = {
        nameColumn(),
        ColumnDefinition{"Age", "date", "", kAgeDescription, 0},
    };
    return columns;
}

api::Json defaultNameAgeCells(const api::Json &object, engine::TimePoint now)
{
    return api::Json::array({objectName(object), age(object, now)});
}

} // namespace k8slab::apiserver::printers
