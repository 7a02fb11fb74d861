// kube-proxy's rules applied for real: a network namespace per node, the rules of a
// cluster with several services applied with iptables-restore (and nft), then
// `iptables-save` / `nft list table` read back and compared with the lab's model line for
// line; scaling a Deployment must reach the namespace as a partial sync and leave it
// still equal to the model.
#include "core/proxy/node_proxies.h"
#include "runtime/netns/netns_rule_sink.h"
#include "tests/core/proxy/proxy_test_support.h"
#include "tests/support/cluster_fixture.h"

#include <QTest>

using namespace k8slab;
using api::Json;

namespace {

std::vector<std::string> linesOf(const std::string &text, bool dropComments)
{
    std::vector<std::string> out = proxy::test::lines(text);
    if (dropComments)
        std::erase_if(out, [](const std::string &line) { return line.starts_with("#"); });
    return out;
}

/// nft lists a set's elements in the kernel's order: compare them as a set, the rest as lines.
std::vector<std::string> normalizedNft(const std::string &text)
{
    std::vector<std::string> out;
    std::vector<std::string> elements;
    bool inElements = false;
    const auto flush = [&] {
        std::sort(elements.begin(), elements.end());
        for (const std::string &e : elements)
            out.push_back("\t\telement " + e);
        elements.clear();
    };
    for (std::string line : linesOf(text, false)) {
        std::string body = line;
        body.erase(0, body.find_first_not_of("\t "));
        if (body.starts_with("elements = { ")) {
            inElements = true;
            body = body.substr(13);
        }
        if (!inElements) {
            out.push_back(line);
            continue;
        }
        const bool last = body.ends_with(" }");
        if (last)
            body = body.substr(0, body.size() - 2);
        // nft puts several short elements on one line: split at the commas.
        std::size_t start = 0;
        while (start < body.size()) {
            std::size_t comma = body.find(',', start);
            if (comma == std::string::npos)
                comma = body.size();
            std::string element = body.substr(start, comma - start);
            element.erase(0, element.find_first_not_of(' '));
            if (!element.empty())
                elements.push_back(element);
            start = comma + 1;
        }
        if (last) {
            inElements = false;
            flush();
        }
    }
    return out;
}

void compareLines(const std::vector<std::string> &real, const std::vector<std::string> &model)
{
    for (std::size_t i = 0; i < std::max(real.size(), model.size()); ++i) {
        const std::string r = i < real.size() ? real[i] : "<missing>";
        const std::string m = i < model.size() ? model[i] : "<missing>";
        if (r != m)
            QFAIL(qPrintable(QString("line %1 differs:\n  namespace: %2\n  model:     %3").arg(i + 1).arg(r.c_str(), m.c_str())));
    }
}

/// A cluster with proxies whose worker-1 rules go into a real namespace.
struct RealCluster {
    explicit RealCluster(proxy::ProxyMode mode)
    {
        proxy::ProxyOptions options;
        options.mode = mode;
        options.config.nfacct = false; // the lab creates no nfacct counters in its namespaces
        options.sinkFactory = [this](const std::string &node) -> std::unique_ptr<proxy::RuleSink> {
            if (node != "worker-1")
                return nullptr;
            Result<std::unique_ptr<runtime::NetnsRuleSink>> made = runtime::NetnsRuleSink::create("k8slab-test-" + node);
            if (!made.ok())
                qFatal("%s", made.status().message().c_str());
            sink = made->get();
            return std::move(*made);
        };
        proxies = std::make_unique<proxy::NodeProxies>(*c.f.api, c.f.trace, options);
        if (!proxies->start().ok())
            qFatal("cannot start the proxies");
        c.must("POST", "/apis/apps/v1/namespaces/default/deployments",
               R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,
                   "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}})", 201);
        const auto service = [&](const std::string &json) { c.must("POST", "/api/v1/namespaces/default/services", json, 201); };
        service(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"type":"NodePort",
                    "clusterIP":"10.96.100.100","selector":{"app":"web"},
                    "ports":[{"name":"http","port":80,"targetPort":80,"nodePort":30080}]}})");
        service(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"sticky"},"spec":{"clusterIP":"10.96.100.102",
                    "selector":{"app":"web"},"sessionAffinity":"ClientIP","ports":[{"port":8080,"targetPort":80}]}})");
        service(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"edge"},"spec":{"type":"LoadBalancer",
                    "externalTrafficPolicy":"Local","selector":{"app":"web"},"loadBalancerSourceRanges":["203.0.113.0/24"],
                    "ports":[{"name":"http","port":80,"targetPort":80}]}})");
        service(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"empty"},"spec":{"clusterIP":"10.96.100.101",
                    "selector":{"app":"none"},"ports":[{"name":"http","port":80}]}})");
        const bool ready = c.runUntil([&] {
            const Json e = c.get("/api/v1/namespaces/default/endpoints/web");
            return e.contains("subsets") && e["subsets"].size() == 1 && e["subsets"][0].value("addresses", Json::array()).size() == 2;
        }, std::chrono::minutes(2));
        if (!ready)
            qFatal("the web endpoints never became ready");
        c.run(std::chrono::seconds(5)); // the proxies' next sync
    }

    test::ClusterFixture c;
    std::unique_ptr<proxy::NodeProxies> proxies;
    runtime::NetnsRuleSink *sink = nullptr;
};

} // namespace

class TestNetnsRules : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (const std::string why = runtime::NetnsRuleSink::unavailableReason(); !why.empty())
            QSKIP(why.c_str());
    }

    void iptablesMatchesTheModel()
    {
        RealCluster cluster(proxy::ProxyMode::IPTables);
        QVERIFY(cluster.sink);
        proxy::KubeProxy *p = cluster.proxies->proxy("worker-1");
        QVERIFY(p);
        QVERIFY(p->syncs().back().error.empty());
        Result<std::string> saved = cluster.sink->iptablesSave();
        QVERIFY2(saved.ok(), saved.status().message().c_str());
        const std::string model = p->rules(proxy::ProxyMode::IPTables);
        QVERIFY(model.find("KUBE-FW-") != std::string::npos);   // the LoadBalancer's source ranges
        QVERIFY(model.find("-m recent") != std::string::npos);  // the sticky service
        QVERIFY(model.find("has no endpoints") != std::string::npos);
        compareLines(linesOf(*saved, true), linesOf(model, true));

        const int partialBefore = cluster.sink->appliedPartial();
        cluster.c.must("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", R"({"spec":{"replicas":3}})", 200,
                       "application/merge-patch+json");
        QVERIFY(cluster.c.runUntil([&] {
            const Json e = cluster.c.get("/api/v1/namespaces/default/endpoints/web");
            return e.contains("subsets") && e["subsets"][0].value("addresses", Json::array()).size() == 3;
        }, std::chrono::minutes(2)));
        cluster.c.run(std::chrono::seconds(5));
        QVERIFY(cluster.sink->appliedPartial() > partialBefore);
        const proxy::SyncRecord &last = p->syncs().back();
        QVERIFY(!last.full);
        QVERIFY(last.error.empty());
        // Only the changed services' chains were in the restore.
        QVERIFY(last.payload.find(":KUBE-SVC-CDGGSHYLG3RE2FKL") != std::string::npos);
        QVERIFY(last.payload.find("--probability 0.3333333333") != std::string::npos);
        saved = cluster.sink->iptablesSave();
        QVERIFY(saved.ok());
        compareLines(linesOf(*saved, true), linesOf(p->rules(proxy::ProxyMode::IPTables), true));
    }

    void nftablesMatchesTheModel()
    {
        RealCluster cluster(proxy::ProxyMode::NFTables);
        QVERIFY(cluster.sink);
        proxy::KubeProxy *p = cluster.proxies->proxy("worker-1");
        QVERIFY(p);
        for (const proxy::SyncRecord &s : p->syncs())
            QVERIFY2(s.error.empty(), s.error.c_str());
        Result<std::string> listed = cluster.sink->nftList();
        QVERIFY2(listed.ok(), listed.status().message().c_str());
        compareLines(normalizedNft(*listed), normalizedNft(p->rules(proxy::ProxyMode::NFTables)));

        cluster.c.must("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", R"({"spec":{"replicas":1}})", 200,
                       "application/merge-patch+json");
        QVERIFY(cluster.c.runUntil([&] {
            const Json e = cluster.c.get("/api/v1/namespaces/default/endpoints/web");
            return e.contains("subsets") && e["subsets"][0].value("addresses", Json::array()).size() == 1;
        }, std::chrono::minutes(2)));
        cluster.c.run(std::chrono::seconds(5));
        QVERIFY(cluster.sink->appliedPartial() > 0);
        QVERIFY(p->syncs().back().error.empty());
        listed = cluster.sink->nftList();
        QVERIFY(listed.ok());
        compareLines(normalizedNft(*listed), normalizedNft(p->rules(proxy::ProxyMode::NFTables)));
    }
};

QTEST_GUILESS_MAIN(TestNetnsRules)
#include "tst_netns_rules.moc"
