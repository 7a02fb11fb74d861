// kube-proxy's iptables mode against the reference (kube-proxy.md): the chain-name test
// vectors, the worked example's restore payload line for line, its iptables-save
// rendering, and the variants (3 endpoints, no endpoints, session affinity,
// externalTrafficPolicy=Local, a LoadBalancer with source ranges, partial syncs).
#include "core/proxy/chain_names.h"
#include "core/proxy/iptables_proxier.h"
#include "core/proxy/iptables_state.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::proxy;

namespace {

ProxyConfig workedConfig()
{
    ProxyConfig c;
    c.nodeName = "worker-1";
    c.nodeIPs = {"192.168.0.2"};
    return c;
}

Endpoint ep(const std::string &ip, int port, const std::string &node = "worker-2", bool ready = true)
{
    Endpoint e;
    e.ip = ip;
    e.port = port;
    e.ready = ready;
    e.serving = ready;
    e.nodeName = node;
    e.local = node == "worker-1";
    return e;
}

/// default/web:http, NodePort 30080, ClusterIP 10.96.0.50:80 → 8080 (reference §6).
ServicePortState web(std::vector<Endpoint> endpoints)
{
    ServicePort p;
    p.ns = "default";
    p.name = "web";
    p.portName = "http";
    p.clusterIP = "10.96.0.50";
    p.port = 80;
    p.nodePort = 30080;
    return {p, std::move(endpoints)};
}

ServiceMap mapOf(std::vector<ServicePortState> states)
{
    ServiceMap m;
    for (ServicePortState &s : states)
        m.emplace(s.port.nameString(), std::move(s));
    return m;
}

std::set<std::string> allNames(const ServiceMap &m)
{
    std::set<std::string> out;
    for (const auto &[name, s] : m)
        out.insert(name);
    return out;
}

std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        out.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

bool hasLine(const std::string &text, const std::string &line)
{
    for (const std::string &l : lines(text))
        if (l == line)
            return true;
    return false;
}

void compareLines(const std::string &actual, const std::string &expected)
{
    const std::vector<std::string> a = lines(actual), e = lines(expected);
    for (std::size_t i = 0; i < std::max(a.size(), e.size()); ++i) {
        const std::string got = i < a.size() ? a[i] : "<missing>";
        const std::string want = i < e.size() ? e[i] : "<missing>";
        if (got != want)
            QFAIL(qPrintable(QString("line %1:\n  got:  %2\n  want: %3").arg(i + 1).arg(got.c_str(), want.c_str())));
    }
}

const char *kWorkedPayload = R"(*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-SEP-2AZ33KU3V5PGPQZH - [0:0]
:KUBE-SEP-SS2T4ADR43IYLGAO - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp -d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.3:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-2AZ33KU3V5PGPQZH
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.4:8080" -j KUBE-SEP-SS2T4ADR43IYLGAO
-A KUBE-SEP-2AZ33KU3V5PGPQZH -m comment --comment default/web:http -s 10.244.1.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-2AZ33KU3V5PGPQZH -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.3:8080
-A KUBE-SEP-SS2T4ADR43IYLGAO -m comment --comment default/web:http -s 10.244.2.4 -j KUBE-MARK-MASQ
-A KUBE-SEP-SS2T4ADR43IYLGAO -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.4:8080
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
)";

// iptables-save of the worked example in a kubelet-less namespace (Debian 12's iptables
// 1.8.9, nf_tables): checked against a real namespace (see docs/proxy.md).
const char *kWorkedSave = R"(# Generated by iptables-save v1.8.9 (nf_tables) on T
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-PROXY-CANARY - [0:0]
COMMIT
# Completed on T
# Generated by iptables-save v1.8.9 (nf_tables) on T
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
-A INPUT -j KUBE-FIREWALL
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
# Completed on T
# Generated by iptables-save v1.8.9 (nf_tables) on T
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SEP-2AZ33KU3V5PGPQZH - [0:0]
:KUBE-SEP-SS2T4ADR43IYLGAO - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-2AZ33KU3V5PGPQZH -s 10.244.1.3/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-2AZ33KU3V5PGPQZH -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.3:8080
-A KUBE-SEP-SS2T4ADR43IYLGAO -s 10.244.2.4/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-SS2T4ADR43IYLGAO -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.4:8080
-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.3:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2AZ33KU3V5PGPQZH
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.4:8080" -j KUBE-SEP-SS2T4ADR43IYLGAO
COMMIT
# Completed on T
)";

/// Applies a sync to the model as kube-proxy applies it to a node: canaries, jumps, restore.
void apply(IptablesState &state, const IptablesSync &sync)
{
    for (const char *table : {"mangle", "nat", "filter"})
        state.ensureChain(table, "KUBE-PROXY-CANARY");
    // The restore first creates the chains the jumps point to; kube-proxy ensures the
    // jumps first, creating the chains it jumps to (EnsureChain) when missing.
    for (const JumpRule &j : sync.jumps)
        state.ensureChain(j.table, j.args.substr(j.args.rfind(' ') + 1));
    for (const JumpRule &j : sync.jumps)
        QVERIFY(state.ensureRule(j.table, j.chain, j.args).ok());
    const Status s = state.applyRestore(sync.payload);
    QVERIFY2(s.ok(), s.message().c_str());
}

} // namespace

class TestIptablesProxier : public QObject {
    Q_OBJECT

private slots:
    void chainNameVectors_data()
    {
        QTest::addColumn<QString>("svc");
        QTest::addColumn<QString>("proto");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("expected");
        QTest::newRow("svc1") << "ns1/svc1:p80" << "tcp" << "" << "XPGD46QRK7WJZT7O";
        QTest::newRow("sep1") << "ns1/svc1:p80" << "tcp" << "10.180.0.1:80" << "SXIVWICOYRO3J4NJ";
        QTest::newRow("svc2") << "ns2/svc2:p80" << "tcp" << "" << "GNZBNJ2PO5MGZ6GT";
        QTest::newRow("svc5") << "ns5/svc5:p80" << "tcp" << "" << "NUKIZ6OKUXPJNT4C";
        QTest::newRow("sep4") << "ns4/svc4:p80" << "tcp" << "10.180.0.5:80" << "C6EBXVWJJZMIWKLZ";
        QTest::newRow("kubernetes") << "default/kubernetes:https" << "tcp" << "" << "NPX46M4PTMTKRN6Y";
        QTest::newRow("dns") << "kube-system/kube-dns:dns" << "udp" << "" << "TCOU7JCQXEZGVUNU";
        QTest::newRow("dns-tcp") << "kube-system/kube-dns:dns-tcp" << "tcp" << "" << "ERIFXISQEP7F7OF4";
        QTest::newRow("apiserver-sep") << "default/kubernetes:https" << "tcp" << "192.168.1.5:6443" << "54IUPJM2TTG4TKF2";
        QTest::newRow("unnamed") << "default/webpod" << "tcp" << "" << "CNZCPOCNCNOROALA";
        QTest::newRow("web") << "default/web:http" << "tcp" << "" << "CDGGSHYLG3RE2FKL";
        QTest::newRow("web-ep1") << "default/web:http" << "tcp" << "10.244.1.3:8080" << "2AZ33KU3V5PGPQZH";
        QTest::newRow("web-ep2") << "default/web:http" << "tcp" << "10.244.2.4:8080" << "SS2T4ADR43IYLGAO";
    }
    void chainNameVectors()
    {
        QFETCH(QString, svc);
        QFETCH(QString, proto);
        QFETCH(QString, endpoint);
        QFETCH(QString, expected);
        const std::string got = endpoint.isEmpty()
                                    ? servicePortHash(svc.toStdString(), proto.toStdString())
                                    : endpointHash(svc.toStdString(), proto.toStdString(), endpoint.toStdString());
        QCOMPARE(QString::fromStdString(got), expected);
    }

    void nftablesNameVectors()
    {
        QCOMPARE(nftablesName(nftablesServiceBase("ns1", "svc1", "tcp", "p80")), "ULMVA6XW-ns1/svc1/tcp/p80");
        QCOMPARE(nftablesName(nftablesEndpointBase("ns1/svc1/tcp/p80", "10.180.0.1", 80)),
                 "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        QCOMPARE(nftablesName(nftablesServiceBase("ns2", "svc2", "tcp", "p80")), "42NFTM6N-ns2/svc2/tcp/p80");
        QCOMPARE(nftablesName(nftablesEndpointBase("ns1/svc1/tcp/p80", "fd00:10:180::1", 80)),
                 "ZVRFLKHO-ns1/svc1/tcp/p80__fd00.10.180..1/80");
        QCOMPARE(nftablesName(nftablesServiceBase("default", "web", "tcp", "http")), "SUSTUHLJ-default/web/tcp/http");
        QCOMPARE(nftablesName(nftablesEndpointBase("default/web/tcp/http", "10.244.1.3", 8080)),
                 "QYTGA46O-default/web/tcp/http__10.244.1.3/8080");
        QCOMPARE(nftablesName(nftablesEndpointBase("default/web/tcp/http", "10.244.2.4", 8080)),
                 "JHLVF6GI-default/web/tcp/http__10.244.2.4/8080");
        QCOMPARE(base32("f"), "MY======");
        QCOMPARE(base32("foobar"), "MZXW6YTBOI======");
    }

    void workedExamplePayload()
    {
        IptablesProxier proxier(workedConfig());
        const ServiceMap services = mapOf({web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080)})});
        const IptablesSync sync = proxier.sync(services, allNames(services), true, {});
        compareLines(sync.payload, kWorkedPayload);
        QCOMPARE(sync.jumps.size(), std::size_t(14));
        QCOMPARE(sync.natRules, 17);
        QCOMPARE(sync.filterRules, 4);
    }

    void workedExampleWithoutNfacct()
    {
        // v1.29/1.30, or 1.31+ where the nfacct counters could not be made.
        ProxyConfig c = workedConfig();
        c.nfacct = false;
        IptablesProxier proxier(c);
        const ServiceMap services = mapOf({web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080)})});
        const std::string payload = proxier.sync(services, allNames(services), true, {}).payload;
        QVERIFY(hasLine(payload, "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP"));
        QVERIFY(payload.find("nfacct") == std::string::npos);
        QVERIFY(payload.find("127.0.0.0/8 --dport 30080") == std::string::npos);
    }

    void workedExampleSave()
    {
        IptablesProxier proxier(workedConfig());
        const ServiceMap services = mapOf({web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080)})});
        IptablesState state;
        apply(state, proxier.sync(services, allNames(services), true, {}));
        compareLines(state.save({}, "T"), kWorkedSave);
    }

    void variants()
    {
        IptablesProxier proxier(workedConfig());
        // Three endpoints: 1/3, 1/2, then unconditional; iptables-save shows the stored value.
        ServiceMap m = mapOf({web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080), ep("10.244.3.5", 8080)})});
        std::string payload = proxier.sync(m, allNames(m), true, {}).payload;
        QVERIFY(payload.find("--probability 0.3333333333 -j KUBE-SEP-2AZ33KU3V5PGPQZH") != std::string::npos);
        QVERIFY(payload.find("--probability 0.5000000000 -j KUBE-SEP-SS2T4ADR43IYLGAO") != std::string::npos);
        QCOMPARE(savedProbability(1.0 / 3), "0.33333333349");
        QCOMPARE(savedProbability(0.2), "0.20000000019");
        QCOMPARE(savedProbability(1.0 / 6), "0.16666666651");
        QCOMPARE(savedProbability(0.1), "0.10000000009");

        // No endpoints: no nat chains, REJECT in filter for the ClusterIP and the NodePort.
        m = mapOf({web({})});
        IptablesSync sync = proxier.sync(m, allNames(m), true, {});
        QVERIFY(hasLine(sync.payload, "-A KUBE-SERVICES -m comment --comment \"default/web:http has no endpoints\" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j REJECT"));
        QVERIFY(hasLine(sync.payload, "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"default/web:http has no endpoints\" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT"));
        QVERIFY(sync.payload.find("KUBE-SVC-") == std::string::npos);
        IptablesState state;
        apply(state, sync);
        const std::string saved = state.save("filter", "T");
        QVERIFY(hasLine(saved, "-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment \"default/web:http has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable"));
        QVERIFY(hasLine(saved, "-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment \"default/web:http has no endpoints\" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable"));
    }

    void sessionAffinity()
    {
        IptablesProxier proxier(workedConfig());
        ServicePortState s = web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080)});
        s.port.stickySeconds = 10800;
        const ServiceMap m = mapOf({s});
        const IptablesSync sync = proxier.sync(m, allNames(m), true, {});
        QVERIFY(hasLine(sync.payload, "-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.3:8080\" -m recent --name KUBE-SEP-2AZ33KU3V5PGPQZH --rcheck --seconds 10800 --reap -j KUBE-SEP-2AZ33KU3V5PGPQZH"));
        QVERIFY(hasLine(sync.payload, "-A KUBE-SEP-2AZ33KU3V5PGPQZH -m comment --comment default/web:http -m recent --name KUBE-SEP-2AZ33KU3V5PGPQZH --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.3:8080"));
        IptablesState state;
        apply(state, sync);
        const std::string saved = state.save("nat", "T");
        QVERIFY(hasLine(saved, "-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.3:8080\" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-2AZ33KU3V5PGPQZH --mask 255.255.255.255 --rsource -j KUBE-SEP-2AZ33KU3V5PGPQZH"));
        QVERIFY(hasLine(saved, "-A KUBE-SEP-2AZ33KU3V5PGPQZH -p tcp -m comment --comment \"default/web:http\" -m recent --set --name KUBE-SEP-2AZ33KU3V5PGPQZH --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.3:8080"));
    }

    void externalTrafficPolicyLocal()
    {
        // The upstream fixture's svc2: an ETP=Local LoadBalancer whose only endpoint is on another node.
        IptablesProxier proxier(workedConfig());
        ServicePort p;
        p.ns = "ns2";
        p.name = "svc2";
        p.portName = "p80";
        p.clusterIP = "172.30.0.42";
        p.port = 80;
        p.nodePort = 3001;
        p.loadBalancerIPs = {"1.2.3.4"};
        p.externalPolicyLocal = true;
        p.healthCheckNodePort = 30000;
        ServiceMap m = mapOf({{p, {ep("10.180.0.2", 80, "worker-2")}}});
        IptablesSync sync = proxier.sync(m, allNames(m), true, {});
        QVERIFY(hasLine(sync.payload, "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns2/svc2:p80 has no local endpoints\" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP"));
        QVERIFY(hasLine(sync.payload, "-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment \"pod traffic for ns2/svc2:p80 external destinations\" -s 10.244.0.0/16 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT"));
        QVERIFY(hasLine(sync.payload, "-A KUBE-NODEPORTS -m comment --comment \"ns2/svc2:p80 health check node port\" -m tcp -p tcp --dport 30000 -j ACCEPT"));
        QVERIFY(hasLine(sync.payload, "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns2/svc2:p80 has no local endpoints\" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP"));
        QVERIFY(sync.payload.find("KUBE-SVL-") == std::string::npos); // no local endpoints
        QVERIFY(sync.payload.find("-j KUBE-SVL-") == std::string::npos);

        // With a local endpoint: KUBE-SVL holds only it; KUBE-EXT ends in a jump to it.
        m = mapOf({{p, {ep("10.180.0.2", 80, "worker-2"), ep("10.244.1.9", 80, "worker-1")}}});
        sync = proxier.sync(m, allNames(m), true, {});
        QVERIFY(hasLine(sync.payload, "-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVL-GNZBNJ2PO5MGZ6GT"));
        QVERIFY(sync.payload.find("-A KUBE-SVL-GNZBNJ2PO5MGZ6GT -m comment --comment \"ns2/svc2:p80 -> 10.244.1.9:80\" -j KUBE-SEP-") != std::string::npos);
        QVERIFY(sync.payload.find("KUBE-EXTERNAL-SERVICES -m comment") == std::string::npos);
        IptablesState state;
        apply(state, sync);
    }

    void loadBalancerSourceRanges()
    {
        IptablesProxier proxier(workedConfig());
        ServicePort p;
        p.ns = "ns5";
        p.name = "svc5";
        p.portName = "p80";
        p.clusterIP = "172.30.0.45";
        p.port = 80;
        p.nodePort = 3002;
        p.loadBalancerIPs = {"5.6.7.8"};
        p.loadBalancerSourceRanges = {"203.0.113.0/25", "192.168.0.0/24"};
        p.stickySeconds = 10800;
        const ServiceMap m = mapOf({{p, {ep("10.180.0.3", 80)}}});
        const IptablesSync sync = proxier.sync(m, allNames(m), true, {});
        for (const char *line : {
                 "-A KUBE-SERVICES -m comment --comment \"ns5/svc5:p80 loadbalancer IP\" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C",
                 "-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 loadbalancer IP\" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C",
                 // The node's own address is in a range: the LB IP as a source is allowed too.
                 "-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 loadbalancer IP\" -s 5.6.7.8 -j KUBE-EXT-NUKIZ6OKUXPJNT4C",
                 "-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment \"other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL\"",
                 "-A KUBE-PROXY-FIREWALL -m comment --comment \"ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C\" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP",
                 "-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 -> 10.180.0.3:80\" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN",
             })
            QVERIFY2(hasLine(sync.payload, line), line);
        IptablesState state;
        apply(state, sync);
        QVERIFY(hasLine(state.save("nat", "T"), "-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment \"other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL\""));
    }

    void partialSyncWritesOnlyChangedServices()
    {
        IptablesProxier proxier(workedConfig());
        ServicePortState other = web({ep("10.244.3.7", 80)});
        other.port.name = "api";
        other.port.clusterIP = "10.96.0.60";
        other.port.nodePort = 0;
        ServiceMap m = mapOf({web({ep("10.244.1.3", 8080), ep("10.244.2.4", 8080)}), other});
        IptablesState state;
        IptablesSync first = proxier.sync(m, allNames(m), true, {});
        apply(state, first);
        const std::vector<std::string> before = state.ruleLines();

        // web loses an endpoint; api does not change.
        m.at("default/web:http").endpoints.pop_back();
        const std::set<std::string> existing = [&] {
            const std::vector<std::string> names = state.chainNames("nat");
            return std::set<std::string>(names.begin(), names.end());
        }();
        const IptablesSync partial = proxier.sync(m, {"default/web:http"}, false, existing);
        QVERIFY(partial.jumps.empty());
        QVERIFY(partial.payload.find(":KUBE-SVC-CDGGSHYLG3RE2FKL") != std::string::npos);
        QVERIFY(partial.payload.find(":KUBE-SVC-" + servicePortHash("default/api:http", "tcp")) == std::string::npos);
        // The api service's entry in KUBE-SERVICES is rewritten (the chain is flushed) ...
        QVERIFY(partial.payload.find("\"default/api:http cluster IP\" -m tcp -p tcp -d 10.96.0.60") != std::string::npos);
        // ... and the stale endpoint chain is flushed and deleted.
        QCOMPARE(partial.deletedChains, std::vector<std::string>{"KUBE-SEP-SS2T4ADR43IYLGAO"});
        QVERIFY(hasLine(partial.payload, "-X KUBE-SEP-SS2T4ADR43IYLGAO"));
        apply(state, partial);
        // The result equals a full sync from scratch.
        IptablesProxier fresh(workedConfig());
        IptablesState expected;
        apply(expected, fresh.sync(m, allNames(m), true, {}));
        QCOMPARE(state.save({}, "T"), expected.save({}, "T"));
        QVERIFY(state.ruleLines() != before);
    }

    void restoreIsAllOrNothing()
    {
        IptablesState state;
        QVERIFY(state.applyRestore("*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j KUBE-MARK-MASQ\nCOMMIT\n").code()
                == StatusCode::Invalid);
        QVERIFY(!state.chain("nat", "KUBE-SERVICES"));
        QVERIFY(state.applyRestore("*nat\n:A - [0:0]\n:B - [0:0]\n-A A -j B\nCOMMIT\n").ok());
        const Status busy = state.applyRestore("*nat\n-X B\nCOMMIT\n");
        QVERIFY(busy.message().find("Device or resource busy") != std::string::npos);
        QVERIFY(state.chain("nat", "B"));
    }

    void largeClusterModeDropsEndpointComments()
    {
        IptablesProxier proxier(workedConfig());
        std::vector<Endpoint> eps;
        for (int i = 0; i < 1001; ++i)
            eps.push_back(ep("10.245." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1), 8080));
        const ServiceMap m = mapOf({web(eps)});
        const IptablesSync sync = proxier.sync(m, allNames(m), true, {});
        QVERIFY(sync.largeClusterMode);
        QVERIFY(sync.payload.find("default/web:http -> ") == std::string::npos);
        QVERIFY(sync.payload.find("\"default/web:http cluster IP\"") != std::string::npos);
        QVERIFY(sync.payload.find("-A KUBE-SVC-CDGGSHYLG3RE2FKL -m statistic --mode random --probability 0.0009990010") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestIptablesProxier)
#include "tst_iptables_proxier.moc"
