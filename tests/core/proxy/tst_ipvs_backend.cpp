// kube-proxy's IPVS mode against the reference (kube-proxy.md §7): the worked example's
// ipsets, kube-ipvs0 addresses and `ipvsadm -Ln` block, the few iptables rules in
// emission order, session affinity, the diff of a second sync, and the tracer (round
// robin, one hash lookup whatever the number of services, NodePort masquerade, the
// KUBE-IPVS-FILTER reject of other ports on a VIP).
#include "core/proxy/ipvs_backend.h"
#include "tests/core/proxy/proxy_test_support.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::proxy;
using namespace k8slab::proxy::test;

namespace {

ServicePortState workedWeb()
{
    return webService({endpoint("10.244.1.3", 8080, "worker-1"), endpoint("10.244.2.4", 8080)});
}

bool contains(const std::vector<std::string> &items, const std::string &item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

BackendSync syncOk(IpvsBackend &backend, const ServiceMap &services)
{
    Result<BackendSync> r = backend.sync(services, {}, true);
    if (!r.ok())
        qFatal("sync failed: %s", r.status().message().c_str());
    return std::move(r).value();
}

/// The iptables-restore part of a sync's payload.
std::string restorePart(const BackendSync &sync)
{
    const std::string marker = "# iptables-restore\n";
    const std::size_t at = sync.payload.find(marker);
    return at == std::string::npos ? std::string() : sync.payload.substr(at + marker.size());
}

Packet packet(PacketOrigin origin, const std::string &src, const std::string &dst, int port)
{
    Packet p;
    p.origin = origin;
    p.source = src;
    p.destination = dst;
    p.port = port;
    return p;
}

// `ipvsadm -Ln` of the worked example, as the reference prints it.
const char *kWorkedIpvsadm = R"(IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.50:80 rr
  -> 10.244.1.3:8080              Masq    1      0          0
  -> 10.244.2.4:8080              Masq    1      0          0
TCP  192.168.0.2:30080 rr
  -> 10.244.1.3:8080              Masq    1      0          0
  -> 10.244.2.4:8080              Masq    1      0          0
)";

// The iptables-restore input of the worked example: nat first, then filter, rules in
// upstream's emission order (reference §7 "The few iptables rules it writes").
const char *kWorkedRestore = R"(*nat
:KUBE-SERVICES - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
COMMIT
*filter
:KUBE-FORWARD - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-IPVS-OUT-FILTER - [0:0]
-A KUBE-SOURCE-RANGES-FIREWALL -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT
COMMIT
)";

} // namespace

class TestIpvsBackend : public QObject {
    Q_OBJECT

private slots:
    void workedExampleIpsets()
    {
        IpvsBackend backend(nodeConfig());
        const BackendSync sync = syncOk(backend, mapOf({workedWeb()}));
        const auto &sets = backend.ipsets();
        QCOMPARE(sets.at("KUBE-CLUSTER-IP").entries, std::set<std::string>{"10.96.0.50,tcp:80"});
        QCOMPARE(sets.at("KUBE-NODE-PORT-TCP").entries, std::set<std::string>{"30080"});
        QCOMPARE(sets.at("KUBE-LOOP-BACK").entries, std::set<std::string>{"10.244.1.3,tcp:8080,10.244.1.3"});
        QCOMPARE(sets.at("KUBE-IPVS-IPS").entries, std::set<std::string>{"10.96.0.50"});
        QVERIFY(sets.at("KUBE-NODE-PORT-LOCAL-TCP").entries.empty());
        QCOMPARE(sets.at("KUBE-CLUSTER-IP").type, std::string("hash:ip,port"));
        QCOMPARE(sets.at("KUBE-LOOP-BACK").type, std::string("hash:ip,port,ip"));
        QCOMPARE(sets.at("KUBE-NODE-PORT-TCP").type, std::string("bitmap:port"));
        QCOMPARE(sets.at("KUBE-IPVS-IPS").type, std::string("hash:ip"));

        // The first sync creates every set, then fills the non-empty ones.
        QVERIFY(hasLine(sync.payload, "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 comment"));
        QVERIFY(hasLine(sync.payload, "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 comment"));
        QVERIFY(hasLine(sync.payload, "add KUBE-CLUSTER-IP 10.96.0.50,tcp:80"));
        QVERIFY(hasLine(sync.payload, "add KUBE-NODE-PORT-TCP 30080"));
        QVERIFY(hasLine(sync.payload, "add KUBE-LOOP-BACK 10.244.1.3,tcp:8080,10.244.1.3"));
        QVERIFY(hasLine(sync.payload, "add KUBE-IPVS-IPS 10.96.0.50"));

        const std::vector<std::string> rl = backend.ruleLines();
        QVERIFY(contains(rl, "ipset KUBE-CLUSTER-IP: 10.96.0.50,tcp:80"));
        QVERIFY(contains(rl, "kube-ipvs0: 10.96.0.50/32"));
        QVERIFY(contains(rl, "ipvs: TCP 10.96.0.50:80 rr"));
        QVERIFY(contains(rl, "ipvs: TCP 10.96.0.50:80 -> 10.244.1.3:8080"));

        const std::string list = backend.ipsetList();
        QVERIFY(list.find("Name: KUBE-CLUSTER-IP\nType: hash:ip,port\nRevision: 7\n"
                          "Header: family inet hashsize 1024 maxelem 65536 comment\n") != std::string::npos);
        QVERIFY(list.find("Number of entries: 1\nMembers:\n30080\n") != std::string::npos);
        QVERIFY(list.find("KUBE-EXTERNAL-IP") == std::string::npos); // empty sets are not listed
    }

    void workedExampleDummyInterface()
    {
        IpvsBackend backend(nodeConfig());
        QVERIFY(backend.ipAddrShow().find("does not exist") != std::string::npos);
        syncOk(backend, mapOf({workedWeb()}));
        const std::string show = backend.ipAddrShow();
        QVERIFY(lines(show).at(0).find("kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN") != std::string::npos);
        QVERIFY(hasLine(show, "    inet 10.96.0.50/32 scope global kube-ipvs0"));
        QVERIFY(hasLine(show, "       valid_lft forever preferred_lft forever"));
    }

    void workedExampleIpvsadm()
    {
        IpvsBackend backend(nodeConfig());
        const BackendSync sync = syncOk(backend, mapOf({workedWeb()}));
        compareLines(backend.ipvsadmList(), kWorkedIpvsadm);
        const std::vector<std::string> expected = {
            "ip addr add 10.96.0.50/32 dev kube-ipvs0",
            "ipvsadm -A -t 10.96.0.50:80 -s rr",
            "ipvsadm -a -t 10.96.0.50:80 -r 10.244.1.3:8080 -m -w 1",
            "ipvsadm -a -t 10.96.0.50:80 -r 10.244.2.4:8080 -m -w 1",
            "ipvsadm -A -t 192.168.0.2:30080 -s rr",
            "ipvsadm -a -t 192.168.0.2:30080 -r 10.244.1.3:8080 -m -w 1",
            "ipvsadm -a -t 192.168.0.2:30080 -r 10.244.2.4:8080 -m -w 1",
        };
        QCOMPARE(sync.ipvsCommands, expected);
        QVERIFY(sync.full);
    }

    void workedExampleIptables()
    {
        IpvsBackend backend(nodeConfig());
        const BackendSync sync = syncOk(backend, mapOf({workedWeb()}));
        compareLines(restorePart(sync), kWorkedRestore);
        QCOMPARE(sync.jumps.size(), std::size_t(9));
        // Jumps are prepended in upstream's order: the last one ensured is on top.
        const IptablesState::Chain *input = backend.iptables().chain("filter", "INPUT");
        QVERIFY(input);
        QCOMPARE(input->saved, (std::vector<std::string>{
            "-A INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER",
            "-A INPUT -m comment --comment \"kube-proxy firewall rules\" -j KUBE-PROXY-FIREWALL",
            "-A INPUT -m comment --comment \"kubernetes health check rules\" -j KUBE-NODE-PORT",
        }));
        QVERIFY(backend.iptables().chain("mangle", "KUBE-PROXY-CANARY"));
        const std::string saved = backend.iptables().save("nat");
        QVERIFY(hasLine(saved, "-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment \"Kubernetes service cluster ip + port for masquerade purpose\" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ"));
        // 4 virtual + real server pairs, 2 virtual servers, 11 nat + 10 filter rules, 3 + 3 + 3 jumps.
        QCOMPARE(sync.rules, std::size_t(2 + 4 + backend.iptables().ruleCount("nat") + backend.iptables().ruleCount("filter")));
        QCOMPARE(backend.iptables().ruleCount("nat") + backend.iptables().ruleCount("filter"), std::size_t(11 + 10 + 9));

        // The whole render, section by section.
        const std::string render = backend.render("T");
        std::size_t at = 0;
        for (const char *section : {"# ip addr show kube-ipvs0\n", "# ipvsadm -Ln\n", "# ipset list\n", "# iptables-save\n"}) {
            const std::size_t next = render.find(section, at);
            QVERIFY2(next != std::string::npos, section);
            at = next;
        }
        QVERIFY(render.find(kWorkedIpvsadm) != std::string::npos);
    }

    void sessionAffinity()
    {
        ServicePortState s = workedWeb();
        s.port.stickySeconds = 10800;
        IpvsBackend backend(nodeConfig());
        const BackendSync sync = syncOk(backend, mapOf({s}));
        QVERIFY(hasLine(backend.ipvsadmList(), "TCP  10.96.0.50:80 rr persistent 10800"));
        QVERIFY(hasLine(backend.ipvsadmList(), "TCP  192.168.0.2:30080 rr persistent 10800"));
        QVERIFY(contains(sync.ipvsCommands, "ipvsadm -A -t 10.96.0.50:80 -s rr -p 10800"));
        // The same client keeps its real server.
        engine::Random random(7);
        const Packet p = packet(PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80);
        const std::string first = backend.trace(p, random).dnatTo;
        QVERIFY(!first.empty());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(backend.trace(p, random).dnatTo, first);
    }

    void secondSyncRemovesEndpoint()
    {
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({workedWeb()}));
        const BackendSync second = syncOk(backend, mapOf({webService({endpoint("10.244.1.3", 8080, "worker-1")})}));
        const std::vector<std::string> expected = {
            "ipvsadm -d -t 10.96.0.50:80 -r 10.244.2.4:8080",
            "ipvsadm -d -t 192.168.0.2:30080 -r 10.244.2.4:8080",
        };
        QCOMPARE(second.ipvsCommands, expected);
        // No ipset changed (10.244.2.4 is not local, so KUBE-LOOP-BACK keeps its entry).
        QVERIFY(second.payload.starts_with("# iptables-restore\n"));
        QVERIFY(!hasLine(backend.ipvsadmList(), "  -> 10.244.2.4:8080              Masq    1      0          0"));

        // An unchanged service map changes nothing.
        const BackendSync third = syncOk(backend, mapOf({webService({endpoint("10.244.1.3", 8080, "worker-1")})}));
        QVERIFY(third.ipvsCommands.empty());

        // Removing the service removes its virtual servers, address and set entries.
        const BackendSync gone = syncOk(backend, {});
        QCOMPARE(gone.ipvsCommands, (std::vector<std::string>{
            "ipvsadm -D -t 10.96.0.50:80",
            "ipvsadm -D -t 192.168.0.2:30080",
            "ip addr del 10.96.0.50/32 dev kube-ipvs0",
        }));
        QVERIFY(hasLine(gone.payload, "del KUBE-CLUSTER-IP 10.96.0.50,tcp:80"));
        QVERIFY(hasLine(gone.payload, "del KUBE-IPVS-IPS 10.96.0.50"));
        QVERIFY(backend.ipsetList().empty());
    }

    void externalPolicyLocalFallsBack()
    {
        ServicePortState s = workedWeb();
        s.port.externalPolicyLocal = true;
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({s}));
        const auto &vs = backend.virtualServers();
        QCOMPARE(vs.at("tcp 192.168.0.2:30080").reals.size(), std::size_t(1)); // the local endpoint only
        QCOMPARE(vs.at("tcp 10.96.0.50:80").reals.size(), std::size_t(2));
        QCOMPARE(backend.ipsets().at("KUBE-NODE-PORT-LOCAL-TCP").entries, std::set<std::string>{"30080"});

        // No local endpoint: cluster endpoints (PR #97081).
        ServicePortState remote = webService({endpoint("10.244.2.4", 8080)});
        remote.port.externalPolicyLocal = true;
        IpvsBackend other(nodeConfig());
        syncOk(other, mapOf({remote}));
        QCOMPARE(other.virtualServers().at("tcp 192.168.0.2:30080").reals.size(), std::size_t(1));
    }

    void tracerClusterIPRoundRobin()
    {
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({workedWeb()}));
        engine::Random random(1);
        const Packet p = packet(PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80);
        const std::vector<std::string> expected = {"10.244.1.3:8080", "10.244.2.4:8080", "10.244.1.3:8080",
                                                   "10.244.2.4:8080"};
        for (const std::string &want : expected) {
            const PacketPath path = backend.trace(p, random);
            QVERIFY2(path.error.empty(), path.error.c_str());
            QCOMPARE(path.verdict, std::string("ACCEPT"));
            QCOMPARE(path.dnatTo, want);
            QCOMPARE(path.finalDestination + ":" + std::to_string(path.finalPort), want);
            QVERIFY(!path.masqueraded); // pod traffic to a ClusterIP keeps its source
            QCOMPARE(path.finalSource, std::string("10.244.1.5"));
            bool ipvsStep = false;
            for (const TraceStep &s : path.steps)
                if (s.table == "ipvs" && s.matched) {
                    ipvsStep = true;
                    QCOMPARE(s.chain, std::string("TCP 10.96.0.50:80 rr"));
                    QCOMPARE(s.rule, std::string("virtual server TCP 10.96.0.50:80 (rr, 2 real servers)"));
                    QCOMPARE(s.effect, "DNAT to " + want);
                }
            QVERIFY(ipvsStep);
        }
    }

    void tracerLookupIsConstant()
    {
        IpvsBackend small(nodeConfig());
        syncOk(small, mapOf({workedWeb()}));
        std::vector<ServicePortState> many = {workedWeb()};
        for (int i = 0; i < 200; ++i) {
            ServicePortState s = webService({endpoint("10.245." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1), 8080)});
            s.port.name = "svc" + std::to_string(i);
            s.port.clusterIP = "10.96.1." + std::to_string(i + 1);
            s.port.nodePort = 31000 + i;
            many.push_back(std::move(s));
        }
        IpvsBackend large(nodeConfig());
        syncOk(large, mapOf(many));
        QCOMPARE(large.virtualServers().size(), std::size_t(402));
        engine::Random r1(3), r2(3);
        const Packet p = packet(PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80);
        const PacketPath a = small.trace(p, r1);
        const PacketPath b = large.trace(p, r2);
        QCOMPARE(a.dnatTo, std::string("10.244.1.3:8080"));
        QCOMPARE(b.dnatTo, std::string("10.244.1.3:8080"));
        QCOMPARE(b.rulesEvaluated, a.rulesEvaluated);
        QCOMPARE(large.iptables().ruleCount("nat"), small.iptables().ruleCount("nat"));
    }

    void tracerNodePortFromOutside()
    {
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({workedWeb()}));
        engine::Random random(1);
        const PacketPath path = backend.trace(packet(PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080), random);
        QVERIFY2(path.error.empty(), path.error.c_str());
        QCOMPARE(path.verdict, std::string("ACCEPT"));
        QCOMPARE(path.delivered, std::string("forwarded"));
        QCOMPARE(path.dnatTo, std::string("10.244.1.3:8080"));
        QVERIFY(path.masqueraded);
        QCOMPARE(path.finalSource, std::string("192.168.0.2"));
    }

    void tracerOtherPortOnVipIsRejected()
    {
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({workedWeb()}));
        engine::Random random(1);
        const PacketPath path = backend.trace(packet(PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 22), random);
        QCOMPARE(path.verdict, std::string("REJECT")); // KUBE-IPVS-FILTER (issue #72236)
        QVERIFY(path.dnatTo.empty());
    }

    void tracerNoRealServers()
    {
        IpvsBackend backend(nodeConfig());
        syncOk(backend, mapOf({webService({})}));
        QVERIFY(hasLine(backend.ipvsadmList(), "TCP  10.96.0.50:80 rr"));
        engine::Random random(1);
        const PacketPath path = backend.trace(packet(PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80), random);
        QCOMPARE(path.verdict, std::string("REJECT"));
        QVERIFY(path.delivered.empty());
        bool noted = false;
        for (const TraceStep &s : path.steps)
            noted = noted || (s.table == "ipvs" && s.effect.find("no real servers") != std::string::npos);
        QVERIFY(noted);
    }

    void loadBalancerSourceRanges()
    {
        ServicePortState s = workedWeb();
        s.port.loadBalancerIPs = {"1.2.3.4"};
        s.port.loadBalancerSourceRanges = {"203.0.113.0/24"};
        IpvsBackend backend(nodeConfig());
        const BackendSync sync = syncOk(backend, mapOf({s}));
        const auto &sets = backend.ipsets();
        QCOMPARE(sets.at("KUBE-LOAD-BALANCER").entries, std::set<std::string>{"1.2.3.4,tcp:80"});
        QCOMPARE(sets.at("KUBE-LOAD-BALANCER-FW").entries, std::set<std::string>{"1.2.3.4,tcp:80"});
        QCOMPARE(sets.at("KUBE-LOAD-BALANCER-SOURCE-CIDR").entries,
                 std::set<std::string>{"1.2.3.4,tcp:80,203.0.113.0/24"});
        QVERIFY(backend.boundAddresses().count("1.2.3.4"));
        const std::string restore = restorePart(sync);
        QVERIFY(hasLine(restore, "-A KUBE-SERVICES -m comment --comment \"Kubernetes service lb portal\" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER"));
        QVERIFY(hasLine(restore, "-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs --vaddr 1.2.3.4 --vproto tcp --vport 80 -j DROP"));

        engine::Random random(1);
        const PacketPath allowed = backend.trace(packet(PacketOrigin::Outside, "203.0.113.9", "1.2.3.4", 80), random);
        QCOMPARE(allowed.verdict, std::string("ACCEPT"));
        QVERIFY(allowed.masqueraded); // KUBE-LOAD-BALANCER marks
        const PacketPath denied = backend.trace(packet(PacketOrigin::Outside, "198.51.100.1", "1.2.3.4", 80), random);
        QCOMPARE(denied.verdict, std::string("DROP"));
    }
};

QTEST_GUILESS_MAIN(TestIpvsBackend)
#include "tst_ipvs_backend.moc"
