#include "core/proxy/nftables_backend.h"

#include "core/proxy/chain_names.h"

#include <algorithm>
#include <cstdlib>

namespace k8slab::proxy {

namespace {

constexpr const char *kTable = "ip kube-proxy";

std::string listedMark(const std::string &mark)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08lx", std::strtoul(mark.c_str(), nullptr, 0));
    return buffer;
}

std::string conditionText(const NftCondition &c, bool listed)
{
    switch (c.kind) {
    case NftCondition::CtStateNew:
        return "ct state new";
    case NftCondition::DaddrIs:
        return "ip daddr " + c.value;
    case NftCondition::SaddrIs:
        return "ip saddr " + c.value;
    case NftCondition::SaddrNot:
        return c.value.find(',') == std::string::npos ? "ip saddr != " + c.value : "ip saddr != { " + c.value + " }";
    case NftCondition::Dport: {
        const std::size_t colon = c.value.find(':');
        return c.value.substr(0, colon) + " dport " + c.value.substr(colon + 1);
    }
    case NftCondition::DaddrInSet:
        return "ip daddr @" + c.value;
    case NftCondition::SaddrInSet:
        return "ip saddr @" + c.value;
    case NftCondition::FibSaddrLocal:
        return "fib saddr type local";
    case NftCondition::MarkClear:
        return listed ? "meta mark & " + listedMark(c.value) + " == 0x00000000" : "mark and " + c.value + " == 0";
    case NftCondition::DaddrInCidr:
        return listed ? "ip daddr " + c.value : "ip daddr { " + c.value + " }";
    case NftCondition::L4Proto:
        return "meta l4proto " + c.value;
    }
    return {};
}

std::string actionText(const NftRule &r, bool listed)
{
    switch (r.action) {
    case NftRule::Jump:
        return "jump " + r.target;
    case NftRule::Goto:
        return "goto " + r.target;
    case NftRule::Return:
        return "return";
    case NftRule::Drop:
        return "drop";
    case NftRule::Reject:
        return "reject";
    case NftRule::Masquerade:
        return "masquerade fully-random";
    case NftRule::MarkOr:
        return listed ? "meta mark set meta mark | " + listedMark(r.target) : "mark set mark or " + r.target;
    case NftRule::MarkXor:
        return listed ? "meta mark set meta mark ^ " + listedMark(r.target) : "mark set mark xor " + r.target;
    case NftRule::Dnat:
        return "dnat to " + r.target;
    case NftRule::VmapAddrProtoPort:
        return "ip daddr . meta l4proto . th dport vmap @" + r.target;
    case NftRule::VmapProtoPort:
        return "meta l4proto . th dport vmap @" + r.target;
    case NftRule::Numgen: {
        std::string out = "numgen random mod " + std::to_string(r.targets.size()) + " vmap { ";
        for (std::size_t i = 0; i < r.targets.size(); ++i)
            out += (i ? (listed ? ", " : " , ") : "") + std::to_string(i) + " : goto " + r.targets[i];
        return out + " }";
    }
    case NftRule::UpdateSet:
        return "update @" + r.target + " { ip saddr }";
    }
    return {};
}

NftRule makeRule(std::vector<NftCondition> conditions, NftRule::Action action, std::string target = {},
                 std::string comment = {}, std::vector<std::string> targets = {})
{
    NftRule r{std::move(conditions), action, std::move(target), std::move(targets), std::move(comment), {}, {}};
    for (bool listed : {false, true}) {
        std::string text;
        for (const NftCondition &c : r.conditions)
            text += conditionText(c, listed) + " ";
        text += actionText(r, listed);
        if (!r.comment.empty())
            text += " comment \"" + r.comment + "\"";
        (listed ? r.listed : r.text) = text;
    }
    return r;
}

} // namespace

/// The transaction of one sync, applied to the model as it is written.
struct NftablesBackend::Tx {
    NftablesBackend &b;
    std::string text;
    std::size_t lines = 0;
    Owned *owner = nullptr; ///< the service port whose elements are being written

    void line(const std::string &l)
    {
        text += l;
        text += '\n';
        ++lines;
    }
    Chain &addChain(const std::string &name, const std::string &type = {}, const std::string &hook = {}, int priority = 0,
                    const std::string &comment = {})
    {
        std::string spec;
        if (!hook.empty())
            spec = " { type " + type + " hook " + hook + " priority " + std::to_string(priority) + " ; }";
        else if (!comment.empty())
            spec = " { comment \"" + comment + "\" ; }";
        line("add chain " + std::string(kTable) + " " + name + spec);
        auto it = b.m_chains.find(name);
        if (it == b.m_chains.end()) {
            b.m_chainOrder.push_back(name);
            if (!hook.empty())
                b.m_baseChains.push_back(name);
            it = b.m_chains.emplace(name, Chain{name, hook, type, priority, comment, {}}).first;
        }
        return it->second;
    }
    void flushChain(Chain &c)
    {
        line("flush chain " + std::string(kTable) + " " + c.name);
        b.m_total -= std::int64_t(c.rules.size());
        c.rules.clear();
    }
    void addRule(Chain &c, NftRule r)
    {
        line("add rule " + std::string(kTable) + " " + c.name + " " + r.text);
        c.rules.push_back(std::move(r));
        ++b.m_total;
    }
    Container &addContainer(const std::string &name, bool map, const std::string &type, const std::string &comment,
                            const std::string &extra = {})
    {
        std::string spec = " { type " + type + " ;";
        if (!extra.empty())
            spec += " " + extra;
        if (!comment.empty())
            spec += " comment \"" + comment + "\" ;";
        line(std::string(map ? "add map " : "add set ") + kTable + " " + name + spec + " }");
        auto it = b.m_containers.find(name);
        if (it == b.m_containers.end()) {
            b.m_containerOrder.push_back(name);
            it = b.m_containers.emplace(name, Container{name, map, type, comment, extra, {}}).first;
        }
        return it->second;
    }
    void addElement(const std::string &container, const std::string &key, const std::string &value = {},
                    const std::string &comment = {})
    {
        if (owner)
            owner->elements.emplace_back(container, key);
        if (++b.m_elementRefs[{container, key}] > 1) // already there for another port of the service
            return;
        std::string element = key;
        if (!comment.empty())
            element += " comment \"" + comment + "\"";
        if (!value.empty())
            element += " : " + value;
        line("add element " + std::string(kTable) + " " + container + " { " + element + " }");
        b.m_containers.at(container).elements[key] = Element{key, value, comment};
        ++b.m_total;
    }
};

NftablesBackend::NftablesBackend(ProxyConfig config) : m_config(std::move(config)) {}

const NftablesBackend::Chain *NftablesBackend::chain(const std::string &name) const
{
    auto it = m_chains.find(name);
    return it == m_chains.end() ? nullptr : &it->second;
}

const NftablesBackend::Container *NftablesBackend::container(const std::string &name) const
{
    auto it = m_containers.find(name);
    return it == m_containers.end() ? nullptr : &it->second;
}

void NftablesBackend::setupBase(Tx &tx)
{
    tx.line("add table " + std::string(kTable) + " { comment \"rules for kube-proxy\" ; }");
    tx.addContainer("cluster-ips", false, "ipv4_addr", "Active ClusterIPs");
    tx.addContainer("nodeport-ips", false, "ipv4_addr", "IPs that accept NodePort traffic");
    tx.addContainer("no-endpoint-nodeports", true, "inet_proto . inet_service : verdict",
                    "vmap to drop or reject packets to service nodeports with no endpoints");
    tx.addContainer("no-endpoint-services", true, "ipv4_addr . inet_proto . inet_service : verdict",
                    "vmap to drop or reject packets to services with no endpoints");
    tx.addContainer("firewall-ips", true, "ipv4_addr . inet_proto . inet_service : verdict",
                    "destinations that are subject to LoadBalancerSourceRanges");
    tx.addContainer("service-ips", true, "ipv4_addr . inet_proto . inet_service : verdict",
                    "ClusterIP, ExternalIP and LoadBalancer IP traffic");
    tx.addContainer("service-nodeports", true, "inet_proto . inet_service : verdict", "NodePort traffic");

    const std::string mark = m_config.masqueradeMark();
    using C = NftCondition;
    const auto fill = [&](Chain &c, std::vector<NftRule> rules) {
        tx.flushChain(c);
        for (NftRule &r : rules)
            tx.addRule(c, std::move(r));
    };
    fill(tx.addChain("mark-for-masquerade"), {makeRule({}, NftRule::MarkOr, mark)});
    fill(tx.addChain("masquerading"), {makeRule({{C::MarkClear, mark}}, NftRule::Return),
                                      makeRule({}, NftRule::MarkXor, mark), makeRule({}, NftRule::Masquerade)});
    fill(tx.addChain("services"), {makeRule({}, NftRule::VmapAddrProtoPort, "service-ips"),
                                   makeRule({{C::DaddrInSet, "nodeport-ips"}}, NftRule::VmapProtoPort, "service-nodeports")});
    fill(tx.addChain("service-endpoints-check"), {makeRule({}, NftRule::VmapAddrProtoPort, "no-endpoint-services")});
    fill(tx.addChain("nodeport-endpoints-check"),
         {makeRule({{C::DaddrInSet, "nodeport-ips"}}, NftRule::VmapProtoPort, "no-endpoint-nodeports")});
    fill(tx.addChain("firewall-check"), {makeRule({}, NftRule::VmapAddrProtoPort, "firewall-ips")});
    std::vector<NftRule> clusterChecks = {
        makeRule({{C::DaddrInSet, "cluster-ips"}}, NftRule::Reject, {}, "Reject traffic to invalid ports of ClusterIPs")};
    if (!m_config.serviceCIDR.empty())
        clusterChecks.push_back(makeRule({{C::DaddrInCidr, m_config.serviceCIDR}}, NftRule::Drop, {},
                                         "Drop traffic to unallocated ClusterIPs"));
    fill(tx.addChain("cluster-ips-check"), std::move(clusterChecks));
    fill(tx.addChain("reject-chain", {}, {}, 0, "helper for @no-endpoint-services / @no-endpoint-nodeports"),
         {makeRule({}, NftRule::Reject)});
    const NftCondition ctNew{C::CtStateNew, {}};
    fill(tx.addChain("filter-prerouting", "filter", "prerouting", -110), {makeRule({ctNew}, NftRule::Jump, "firewall-check")});
    fill(tx.addChain("filter-input", "filter", "input", -110),
         {makeRule({ctNew}, NftRule::Jump, "nodeport-endpoints-check"), makeRule({ctNew}, NftRule::Jump, "service-endpoints-check")});
    fill(tx.addChain("filter-forward", "filter", "forward", -110),
         {makeRule({ctNew}, NftRule::Jump, "service-endpoints-check"), makeRule({ctNew}, NftRule::Jump, "cluster-ips-check")});
    fill(tx.addChain("filter-output", "filter", "output", -110),
         {makeRule({ctNew}, NftRule::Jump, "service-endpoints-check"), makeRule({ctNew}, NftRule::Jump, "firewall-check")});
    fill(tx.addChain("filter-output-post-dnat", "filter", "output", -90), {makeRule({ctNew}, NftRule::Jump, "cluster-ips-check")});
    fill(tx.addChain("nat-prerouting", "nat", "prerouting", -100), {makeRule({}, NftRule::Jump, "services")});
    fill(tx.addChain("nat-output", "nat", "output", -100), {makeRule({}, NftRule::Jump, "services")});
    fill(tx.addChain("nat-postrouting", "nat", "postrouting", 100), {makeRule({}, NftRule::Jump, "masquerading")});
}

/// One service port's names and needs, for the transaction.
struct NftablesBackend::Plan {
    const ServicePort &svc;
    ServicePlan need;
    std::string svcName, base, cluster, local, external, firewall, internal, externalPolicy, port, key;
};

const std::string &NftablesBackend::hashedName(const std::string &base)
{
    auto it = m_names.find(base);
    if (it == m_names.end())
        it = m_names.emplace(base, nftablesName(base)).first;
    return it->second;
}

std::string NftablesBackend::endpointName(const Plan &plan, const Endpoint &ep)
{
    return hashedName(nftablesEndpointBase(plan.base, ep.ip, ep.port));
}

void NftablesBackend::removeElements(Tx &tx, const Owned &owned)
{
    for (const auto &[container, key] : owned.elements) {
        auto ref = m_elementRefs.find({container, key});
        if (ref == m_elementRefs.end() || --ref->second > 0)
            continue;
        m_elementRefs.erase(ref);
        tx.line("delete element " + std::string(kTable) + " " + container + " { " + key + " }");
        m_total -= std::int64_t(m_containers.at(container).elements.erase(key));
    }
}

void NftablesBackend::writeService(Tx &tx, const ServicePortState &state, bool rewrite, Owned &owned)
{
    const ServicePort &svc = state.port;
    Plan plan{svc, planService(state), svc.nameString(), nftablesServiceBase(svc.ns, svc.name, svc.protocol, svc.portName),
              {}, {}, {}, {}, {}, {}, std::to_string(svc.port), {}};
    const std::string &hashed = hashedName(plan.base);
    plan.cluster = "service-" + hashed;
    plan.local = "local-" + hashed;
    plan.external = "external-" + hashed;
    plan.firewall = "firewall-" + hashed;
    plan.internal = plan.need.internalIsLocal ? plan.local : plan.cluster;
    plan.externalPolicy = plan.need.externalIsLocal ? plan.local : plan.cluster;
    plan.key = svc.clusterIP + " . " + svc.protocol + " . " + plan.port;
    const ServicePlan &need = plan.need;
    for (const Endpoint *ep : need.eps.allReachable) {
        owned.chains.push_back("endpoint-" + endpointName(plan, *ep));
        if (svc.stickySeconds > 0)
            owned.chains.push_back("affinity-" + endpointName(plan, *ep));
    }
    if (need.usesClusterChain)
        owned.chains.push_back(plan.cluster);
    if (need.usesLocalChain)
        owned.chains.push_back(plan.local);
    if (need.usesExternalChain)
        owned.chains.push_back(plan.external);
    if (need.usesFirewallChain)
        owned.chains.push_back(plan.firewall);
    if (rewrite)
        writeChains(tx, plan);
    tx.owner = &owned;
    writeElements(tx, plan);
    tx.owner = nullptr;
}

void NftablesBackend::writeElements(Tx &tx, const Plan &plan)
{
    // Map and set elements: rewritten on every sync, after the chains they point to.
    const ServicePort &svc = plan.svc;
    const ServicePlan &need = plan.need;
    tx.addElement("cluster-ips", svc.clusterIP);
    const std::string noEndpointVerdict = need.eps.hasAny ? "drop" : "goto reject-chain";
    if (need.hasInternalEndpoints)
        tx.addElement("service-ips", plan.key, "goto " + plan.internal);
    else
        tx.addElement("no-endpoint-services", plan.key, noEndpointVerdict, plan.svcName);
    const auto external = [&](const std::string &ip, bool firewall) {
        const std::string k = ip + " . " + svc.protocol + " . " + plan.port;
        if (need.usesExternalChain)
            tx.addElement("service-ips", k, "goto " + plan.external);
        if (firewall && need.usesFirewallChain)
            tx.addElement("firewall-ips", k, "goto " + plan.firewall, plan.svcName);
        if (!need.hasExternalEndpoints)
            tx.addElement("no-endpoint-services", k, noEndpointVerdict, plan.svcName);
    };
    for (const std::string &ip : svc.externalIPs)
        external(ip, false);
    for (const std::string &ip : svc.loadBalancerIPs)
        external(ip, true);
    if (svc.nodePort != 0) {
        const std::string k = svc.protocol + " . " + std::to_string(svc.nodePort);
        if (need.usesExternalChain)
            tx.addElement("service-nodeports", k, "goto " + plan.external);
        if (!need.hasExternalEndpoints)
            tx.addElement("no-endpoint-nodeports", k, noEndpointVerdict, plan.svcName);
    }
}

void NftablesBackend::writeChains(Tx &tx, const Plan &plan)
{
    using C = NftCondition;
    const ServicePort &svc = plan.svc;
    const ServicePlan &need = plan.need;
    const Categorized &eps = need.eps;
    // The service's chains: endpoints first, so every goto finds its chain.
    for (const Endpoint *endpoint : eps.allReachable) {
        const Endpoint &ep = *endpoint;
        const std::string name = endpointName(plan, ep);
        if (svc.stickySeconds > 0)
            tx.addContainer("affinity-" + name, false, "ipv4_addr",
                            {}, "flags dynamic,timeout ; timeout " + std::to_string(svc.stickySeconds) + "s ;");
        Chain &c = tx.addChain("endpoint-" + name);
        tx.flushChain(c);
        tx.addRule(c, makeRule({{C::SaddrIs, ep.ip}}, NftRule::Jump, "mark-for-masquerade"));
        if (svc.stickySeconds > 0)
            tx.addRule(c, makeRule({}, NftRule::UpdateSet, "affinity-" + name));
        tx.addRule(c, makeRule({{C::L4Proto, svc.protocol}}, NftRule::Dnat, ep.str()));
    }
    const auto policyChain = [&](const std::string &chainName, const std::vector<const Endpoint *> &endpoints) {
        Chain &c = tx.addChain(chainName);
        tx.flushChain(c);
        if (chainName == plan.internal && need.hasInternalEndpoints) {
            std::vector<NftCondition> conds = {{C::DaddrIs, svc.clusterIP}, {C::Dport, svc.protocol + ":" + plan.port}};
            if (!m_config.masqueradeAll && !m_config.clusterCIDR.empty())
                conds.push_back({C::SaddrNot, m_config.clusterCIDR});
            if (m_config.masqueradeAll || !m_config.clusterCIDR.empty())
                tx.addRule(c, makeRule(conds, NftRule::Jump, "mark-for-masquerade"));
        }
        std::vector<std::string> targets;
        for (const Endpoint *ep : endpoints) {
            const std::string name = endpointName(plan, *ep);
            if (svc.stickySeconds > 0)
                tx.addRule(c, makeRule({{C::SaddrInSet, "affinity-" + name}}, NftRule::Goto, "endpoint-" + name));
            targets.push_back("endpoint-" + name);
        }
        tx.addRule(c, makeRule({}, NftRule::Numgen, {}, {}, targets));
    };
    if (need.usesClusterChain)
        policyChain(plan.cluster, eps.cluster);
    if (need.usesLocalChain)
        policyChain(plan.local, eps.local);
    if (need.usesExternalChain) {
        Chain &c = tx.addChain(plan.external);
        tx.flushChain(c);
        if (!svc.externalPolicyLocal) {
            tx.addRule(c, makeRule({}, NftRule::Jump, "mark-for-masquerade"));
        } else {
            if (!m_config.clusterCIDR.empty())
                tx.addRule(c, makeRule({{C::SaddrIs, m_config.clusterCIDR}}, NftRule::Goto, plan.cluster,
                                       "short-circuit pod traffic"));
            tx.addRule(c, makeRule({{C::FibSaddrLocal, {}}}, NftRule::Jump, "mark-for-masquerade", "masquerade local traffic"));
            tx.addRule(c, makeRule({{C::FibSaddrLocal, {}}}, NftRule::Goto, plan.cluster, "short-circuit local traffic"));
        }
        if (need.hasExternalEndpoints)
            tx.addRule(c, makeRule({}, NftRule::Goto, plan.externalPolicy));
    }
    if (need.usesFirewallChain) {
        Chain &c = tx.addChain(plan.firewall);
        tx.flushChain(c);
        std::string ranges;
        bool allowFromNode = false;
        for (const std::string &cidr : svc.loadBalancerSourceRanges) {
            ranges += (ranges.empty() ? "" : ", ") + cidr;
            for (const std::string &ip : m_config.nodeIPs)
                allowFromNode = allowFromNode || cidrContains(cidr, ip);
        }
        if (allowFromNode)
            for (const std::string &ip : svc.loadBalancerIPs)
                ranges += ", " + ip;
        tx.addRule(c, makeRule({{C::SaddrNot, ranges}}, NftRule::Drop));
    }
}

void NftablesBackend::fullSync(Tx &tx, const ServiceMap &services)
{
    setupBase(tx);
    for (const char *name : {"cluster-ips", "nodeport-ips", "no-endpoint-nodeports", "no-endpoint-services",
                             "firewall-ips", "service-ips", "service-nodeports"}) {
        tx.line(std::string(m_containers.at(name).map ? "flush map " : "flush set ") + kTable + " " + name);
        m_total -= std::int64_t(m_containers.at(name).elements.size());
        m_containers.at(name).elements.clear();
    }
    m_elementRefs.clear();
    m_owned.clear();
    m_activeChains.clear();
    for (const std::string &ip : m_config.nodeIPs)
        tx.addElement("nodeport-ips", ip);
    for (const auto &[name, state] : services) {
        Owned &owned = m_owned[name];
        writeService(tx, state, true, owned);
        m_activeChains.insert(owned.chains.begin(), owned.chains.end());
    }
    // Whatever service chains the table holds beyond these are stale.
    static const std::vector<std::string> prefixes = {"service-", "local-", "external-", "firewall-", "endpoint-"};
    std::vector<std::string> stale;
    for (auto &[name, c] : m_chains) {
        // "<prefix><8 Base32 characters>-…": a service's chain, not a fixed one like firewall-check.
        const bool perService = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string &p) {
            return name.starts_with(p) && name.size() > p.size() + 9 && name[p.size() + 8] == '-' &&
                   std::all_of(name.begin() + std::ptrdiff_t(p.size()), name.begin() + std::ptrdiff_t(p.size() + 8),
                               [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7'); });
        });
        if (perService && !m_activeChains.count(name))
            stale.push_back(name);
    }
    for (const auto &[name, c] : m_containers)
        if (name.starts_with("affinity-") && !m_activeChains.count(name))
            stale.push_back(name);
    retire(tx, stale);
}

void NftablesBackend::partialSync(Tx &tx, const ServiceMap &services, const std::set<std::string> &changed)
{
    // Only the changed service ports: their old elements out, their chains and elements
    // written anew; the other ports' chains and elements stay as they are.
    std::vector<std::string> stale;
    for (const std::string &name : changed) {
        Owned old;
        if (auto it = m_owned.find(name); it != m_owned.end()) {
            old = std::move(it->second);
            m_owned.erase(it);
        }
        removeElements(tx, old);
        Owned now;
        if (auto it = services.find(name); it != services.end()) {
            writeService(tx, it->second, true, now);
            m_activeChains.insert(now.chains.begin(), now.chains.end());
        }
        for (const std::string &chain : old.chains)
            if (std::find(now.chains.begin(), now.chains.end(), chain) == now.chains.end()) {
                m_activeChains.erase(chain);
                stale.push_back(chain);
            }
        if (services.count(name))
            m_owned[name] = std::move(now);
    }
    retire(tx, stale);
}

void NftablesBackend::retire(Tx &tx, const std::vector<std::string> &stale)
{
    // Chains flushed by the previous sync are deleted now (upstream waits ≥ 1 s: before
    // kernel 6.2 a chain a just-deleted map element pointed to could not go at once).
    for (const std::string &chain : m_staleChains)
        if (!m_activeChains.count(chain) && m_chains.count(chain)) {
            tx.line("delete chain " + std::string(kTable) + " " + chain);
            m_total -= std::int64_t(m_chains.at(chain).rules.size());
            m_chains.erase(chain);
            m_chainOrder.erase(std::find(m_chainOrder.begin(), m_chainOrder.end(), chain));
        }
    m_staleChains.clear();
    for (const std::string &name : stale) {
        if (name.starts_with("affinity-")) { // affinity sets go at once
            if (m_containers.count(name)) {
                tx.line("delete set " + std::string(kTable) + " " + name);
                m_containerOrder.erase(std::find(m_containerOrder.begin(), m_containerOrder.end(), name));
                m_total -= std::int64_t(m_containers.at(name).elements.size());
                m_containers.erase(name);
                m_affinity.erase(name);
            }
            continue;
        }
        auto it = m_chains.find(name);
        if (it == m_chains.end())
            continue;
        if (!it->second.rules.empty())
            tx.flushChain(it->second);
        m_staleChains.insert(name);
    }
}

Result<BackendSync> NftablesBackend::sync(const ServiceMap &services, const std::set<std::string> &changed, bool full)
{
    Tx tx{*this, {}, 0};
    full = full || !m_initialized;
    m_initialized = true;
    if (full)
        fullSync(tx, services);
    else
        partialSync(tx, services, changed);
    BackendSync out;
    out.full = full;
    out.payload = std::move(tx.text);
    out.rules = std::size_t(std::max<std::int64_t>(0, m_total));
    return out;
}

} // namespace k8slab::proxy
