// kube-proxy's nftables mode: the reference's example (§8) as `nft list table ip
// kube-proxy` prints it (nftables 1.0.6, checked in a real namespace), partial syncs
// that leave unchanged services' chains alone, stale chains flushed then deleted, and
// packets walked through the verdict maps.
#include "core/proxy/chain_names.h"
#include "core/proxy/nftables_backend.h"
#include "tests/core/proxy/proxy_test_support.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::proxy;
using namespace k8slab::proxy::test;

namespace {

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestNftablesBackend : public QObject {
    Q_OBJECT

private slots:
    void workedExampleListing()
    {
        NftablesBackend b(nodeConfig());
        const ServiceMap m = mapOf({webService({endpoint("10.244.1.3", 8080), endpoint("10.244.2.4", 8080)})});
        QVERIFY(b.sync(m, {"default/web:http"}, true).ok());
        const std::string listed = b.render();
        for (const char *part : {
                 "table ip kube-proxy {\n\tcomment \"rules for kube-proxy\"\n\tset cluster-ips {\n\t\ttype ipv4_addr\n\t\tcomment \"Active ClusterIPs\"\n\t\telements = { 10.96.0.50 }\n\t}\n\n",
                 "\tmap service-ips {\n\t\ttype ipv4_addr . inet_proto . inet_service : verdict\n\t\tcomment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\"\n\t\telements = { 10.96.0.50 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http }\n\t}\n",
                 "\t\telements = { tcp . 30080 : goto external-SUSTUHLJ-default/web/tcp/http }\n",
                 "\tchain mark-for-masquerade {\n\t\tmeta mark set meta mark | 0x00004000\n\t}\n",
                 "\tchain masquerading {\n\t\tmeta mark & 0x00004000 == 0x00000000 return\n\t\tmeta mark set meta mark ^ 0x00004000\n\t\tmasquerade fully-random\n\t}\n",
                 "\t\tip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"\n\t\tip daddr 10.96.0.0/12 drop comment \"Drop traffic to unallocated ClusterIPs\"\n",
                 "\tchain filter-prerouting {\n\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n\t\tct state new jump firewall-check\n\t}\n",
                 "\tchain nat-prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tjump services\n\t}\n",
                 "\tchain nat-output {\n\t\ttype nat hook output priority -100; policy accept;\n",
                 "\tchain nat-postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n",
                 "\tchain endpoint-QYTGA46O-default/web/tcp/http__10.244.1.3/8080 {\n\t\tip saddr 10.244.1.3 jump mark-for-masquerade\n\t\tmeta l4proto tcp dnat to 10.244.1.3:8080\n\t}\n",
                 "\tchain service-SUSTUHLJ-default/web/tcp/http {\n\t\tip daddr 10.96.0.50 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade\n\t\tnumgen random mod 2 vmap { 0 : goto endpoint-QYTGA46O-default/web/tcp/http__10.244.1.3/8080, 1 : goto endpoint-JHLVF6GI-default/web/tcp/http__10.244.2.4/8080 }\n\t}\n",
                 "\tchain external-SUSTUHLJ-default/web/tcp/http {\n\t\tjump mark-for-masquerade\n\t\tgoto service-SUSTUHLJ-default/web/tcp/http\n\t}\n}\n",
             })
            QVERIFY2(contains(listed, part), part);
    }

    void partialSyncAndStaleChains()
    {
        NftablesBackend b(nodeConfig());
        ServicePortState api = webService({endpoint("10.244.3.7", 80)});
        api.port.name = "api";
        api.port.clusterIP = "10.96.0.60";
        api.port.nodePort = 0;
        ServiceMap m = mapOf({webService({endpoint("10.244.1.3", 8080), endpoint("10.244.2.4", 8080)}), api});
        QVERIFY(b.sync(m, {}, true).ok());
        m.at("default/web:http").endpoints.pop_back();
        Result<BackendSync> partial = b.sync(m, {"default/web:http"}, false);
        QVERIFY(partial.ok());
        QVERIFY(contains(partial->payload, "flush chain ip kube-proxy service-SUSTUHLJ-default/web/tcp/http\n"));
        QVERIFY(!contains(partial->payload, "add chain ip kube-proxy service-IRSZ"));
        QVERIFY(!contains(partial->payload, "chain ip kube-proxy service-" + std::string("") + "XXXX"));
        QVERIFY(!contains(partial->payload, "default/api/tcp/http\n"));
        // The gone endpoint's chain is flushed now and deleted by the next sync.
        const std::string gone = "endpoint-JHLVF6GI-default/web/tcp/http__10.244.2.4/8080";
        QVERIFY(contains(partial->payload, "flush chain ip kube-proxy " + gone + "\n"));
        QVERIFY(b.chain(gone));
        Result<BackendSync> next = b.sync(m, {}, false);
        QVERIFY(contains(next->payload, "delete chain ip kube-proxy " + gone + "\n"));
        QVERIFY(!b.chain(gone));
        QVERIFY(contains(b.render(), "numgen random mod 1 vmap { 0 : goto endpoint-QYTGA46O-default/web/tcp/http__10.244.1.3/8080 }"));
    }

    void partialSyncsEndWhereAFullSyncStarts()
    {
        // A run of changes applied as partial syncs leaves the same table as one full sync
        // of the final services (apart from the order things were created in).
        NftablesBackend incremental(nodeConfig());
        ServicePortState api = webService({endpoint("10.244.3.7", 80)});
        api.port.name = "api";
        api.port.clusterIP = "10.96.0.60";
        api.port.nodePort = 0;
        ServicePortState api2 = api;
        api2.port.portName = "grpc";
        api2.port.port = 9090;
        ServiceMap m = mapOf({webService({endpoint("10.244.1.3", 8080), endpoint("10.244.2.4", 8080)}), api, api2});
        QVERIFY(incremental.sync(m, {}, true).ok());
        m.at("default/web:http").endpoints.push_back(endpoint("10.244.3.9", 8080));
        QVERIFY(incremental.sync(m, {"default/web:http"}, false).ok());
        m.at("default/api:http").port.stickySeconds = 600; // affinity sets appear
        QVERIFY(incremental.sync(m, {"default/api:http"}, false).ok());
        m.erase("default/api:grpc"); // cluster-ips keeps 10.96.0.60: api:http still uses it
        QVERIFY(incremental.sync(m, {"default/api:grpc"}, false).ok());
        m.at("default/web:http").endpoints.clear(); // no endpoints: reject
        QVERIFY(incremental.sync(m, {"default/web:http"}, false).ok());
        Result<BackendSync> last = incremental.sync(m, {}, false); // the stale chains go
        QVERIFY(last.ok());
        const auto sorted = [](const std::vector<std::string> &lines) {
            std::vector<std::string> out = lines;
            std::sort(out.begin(), out.end());
            return out;
        };
        NftablesBackend fresh(nodeConfig());
        Result<BackendSync> whole = fresh.sync(m, {}, true);
        QVERIFY(whole.ok());
        QCOMPARE(sorted(incremental.ruleLines()), sorted(fresh.ruleLines()));
        QCOMPARE(last->rules, whole->rules);
        QCOMPARE(last->rules, incremental.ruleLines().size());
        QVERIFY(contains(incremental.render(), "10.96.0.60"));
        QVERIFY(incremental.container("cluster-ips")->elements.count("10.96.0.60"));
        QVERIFY(!incremental.chain("endpoint-" + nftablesName(nftablesEndpointBase("default/web/tcp/http", "10.244.1.3", 8080))));
    }

    void noEndpointsRejectAndTrace()
    {
        NftablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({webService({})}), {}, true).ok());
        const std::string listed = b.render();
        QVERIFY(contains(listed, "elements = { 10.96.0.50 . tcp . 80 comment \"default/web:http\" : goto reject-chain }"));
        QVERIFY(contains(listed, "elements = { tcp . 30080 comment \"default/web:http\" : goto reject-chain }"));
        engine::Random random(7);
        const PacketPath path = b.trace({PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80, "tcp"}, random);
        QCOMPARE(path.verdict, "REJECT");
    }

    void traceClusterIPAndNodePort()
    {
        NftablesBackend b(nodeConfig());
        QVERIFY(b.sync(mapOf({webService({endpoint("10.244.1.3", 8080), endpoint("10.244.2.4", 8080)})}), {}, true).ok());
        engine::Random random(11);
        std::map<std::string, int> hits;
        for (int i = 0; i < 400; ++i) {
            const PacketPath p = b.trace({PacketOrigin::Pod, "10.244.1.5", "10.96.0.50", 80, "tcp"}, random);
            QCOMPARE(p.verdict, "ACCEPT");
            QVERIFY(!p.masqueraded); // pod → ClusterIP keeps its source
            ++hits[p.dnatTo];
        }
        QCOMPARE(hits.size(), std::size_t(2));
        QVERIFY(hits["10.244.1.3:8080"] > 150 && hits["10.244.2.4:8080"] > 150);
        const PacketPath np = b.trace({PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080, "tcp"}, random);
        QCOMPARE(np.verdict, "ACCEPT");
        QVERIFY(np.masqueraded);
        QCOMPARE(np.finalSource, "192.168.0.2");
        // Verdict maps: the walk does not get longer with more services.
        ServiceMap many = mapOf({webService({endpoint("10.244.1.3", 8080), endpoint("10.244.2.4", 8080)})});
        for (int i = 0; i < 200; ++i) {
            ServicePortState s = webService({endpoint("10.244.3." + std::to_string(i + 1), 80)});
            s.port.name = "svc" + std::to_string(i);
            s.port.clusterIP = "10.96.1." + std::to_string(i + 1);
            s.port.nodePort = 31000 + i;
            many.emplace(s.port.nameString(), s);
        }
        NftablesBackend big(nodeConfig());
        QVERIFY(big.sync(many, {}, true).ok());
        const PacketPath bigPath = big.trace({PacketOrigin::Outside, "203.0.113.9", "192.168.0.2", 30080, "tcp"}, random);
        QCOMPARE(bigPath.rulesEvaluated, np.rulesEvaluated);
    }
};

QTEST_GUILESS_MAIN(TestNftablesBackend)
#include "tst_nftables_backend.moc"
