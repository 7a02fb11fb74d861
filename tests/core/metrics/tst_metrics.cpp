// Prometheus' text exposition of the four metric types, as the lab's components serve it.
#include "core/metrics/metrics.h"

#include <QTest>

using namespace k8slab::metrics;

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void exposesTheFourTypes();
    void summaryQuantilesFollowTheLatestObservations();
};

void TestMetrics::exposesTheFourTypes()
{
    Registry registry;
    auto &requests = registry.add<Counter>("requests_total", "Requests.", std::vector<std::string>{"verb"});
    auto &inflight = registry.add<Gauge>("inflight", "In flight.");
    auto &latency = registry.add<Histogram>("latency_seconds", "Latency.", std::vector<double>{0.1, 1});
    auto &quantiles = registry.add<Summary>("latency_summary_seconds", "Latency quantiles.", std::vector<double>{0.5, 0.9});
    requests.inc({"GET"});
    requests.inc({"GET"});
    inflight.set({}, 3);
    inflight.add({}, -1);
    for (double v : {0.05, 0.5, 2.0})
        latency.observe({}, v);
    for (int i = 1; i <= 10; ++i)
        quantiles.observe({}, i);
    const std::string text = registry.expose();
    const std::string expected = R"(# HELP inflight In flight.
# TYPE inflight gauge
inflight 2
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} 1
latency_seconds_bucket{le="1"} 2
latency_seconds_bucket{le="+Inf"} 3
latency_seconds_sum 2.55
latency_seconds_count 3
# HELP latency_summary_seconds Latency quantiles.
# TYPE latency_summary_seconds summary
latency_summary_seconds{quantile="0.5"} 6
latency_summary_seconds{quantile="0.9"} 10
latency_summary_seconds_sum 55
latency_summary_seconds_count 10
# HELP requests_total Requests.
# TYPE requests_total counter
requests_total{verb="GET"} 2
)";
    QCOMPARE(QString::fromStdString(text), QString::fromStdString(expected));
}

void TestMetrics::summaryQuantilesFollowTheLatestObservations()
{
    Summary summary("s", "S.", {0.5}, {}, 4);
    for (double v : {100.0, 100.0, 100.0, 100.0, 1.0, 1.0, 1.0, 1.0})
        summary.observe({}, v);
    std::string text;
    summary.expose(text);
    // The window holds only the last four (1s); sum and count cover all eight.
    QVERIFY2(text.find("s{quantile=\"0.5\"} 1\n") != std::string::npos, text.c_str());
    QVERIFY(text.find("s_sum 404\n") != std::string::npos);
    QVERIFY(text.find("s_count 8\n") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
