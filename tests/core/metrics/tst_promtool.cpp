// Every Prometheus exposition of the lab, after real traffic, through Prometheus' own
// linter (`promtool check metrics`, Debian's prometheus package): the API server's
// /metrics, the scheduler's, a kubelet's /metrics/resource and a kube-proxy's.
// promtool comes with scripts/setup.sh; without it the test fails.
#include "core/kubelet/node_agents.h"
#include "core/scheduler/scheduler.h"
#include "tests/support/lab_fixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace k8slab;

namespace {

// promtool's verdict on `text`: its exit code and what it printed.
std::pair<int, QString> promtool(const std::string &text)
{
    QProcess p;
    p.start(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!p.waitForStarted(10000))
        return {-1, p.errorString()};
    p.write(QByteArray::fromStdString(text));
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).trimmed()};
}

} // namespace

class TestPromtool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void expositionsPassPromtool_data();
    void expositionsPassPromtool();

private:
    std::unique_ptr<test::LabFixture> m_lab;
};

void TestPromtool::initTestCase()
{
    // scripts/setup.sh installs it: without it the check would prove nothing, so it fails.
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty(),
             "promtool is missing: run scripts/setup.sh (Debian's prometheus package)");
    m_lab = std::make_unique<test::LabFixture>(2);
    QVERIFY2(m_lab->ok(), m_lab->error().c_str());
    // Traffic for every family: writes, reads, lists, errors, scheduling, rule syncs.
    m_lab->create(test::kWebDeploymentAndService);
    m_lab->run(std::chrono::seconds(30));
    apiserver::ApiRequest missing;
    missing.method = "GET";
    missing.path = "/api/v1/namespaces/default/pods/nope";
    QCOMPARE(m_lab->session->api().handle(missing).code, 404);
    m_lab->run(std::chrono::seconds(30));
}

void TestPromtool::expositionsPassPromtool_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("allowed"); // the one lint upstream's own names draw, if any
    QTest::newRow("kube-apiserver /metrics") << "apiserver" << "";
    QTest::newRow("kube-scheduler") << "scheduler" << "";
    QTest::newRow("kubelet /metrics/resource") << "kubelet" << "";
    // Upstream names this gauge with _total (pkg/proxy/metrics); promtool says so.
    QTest::newRow("kube-proxy") << "proxy"
                                << "kubeproxy_sync_proxy_rules_iptables_total non-counter metrics should not have \"_total\" "
                                   "suffix";
}

void TestPromtool::expositionsPassPromtool()
{
    QFETCH(QString, source);
    QFETCH(QString, allowed);
    lab::LabSession &session = *m_lab->session;
    std::string text;
    if (source == QLatin1String("apiserver")) {
        text = session.api().metricsText();
    } else if (source == QLatin1String("scheduler")) {
        text = session.scheduler()->metricsText();
    } else if (source == QLatin1String("kubelet")) {
        text = session.nodeAgents()->kubelet("worker-1")->proxy("metrics/resource", {}).body;
    } else {
        text = session.proxies()->proxy("worker-1")->metricsText();
    }
    QVERIFY(text.find("# TYPE") != std::string::npos);
    const auto [code, said] = promtool(text);
    QVERIFY2(code != -1, qPrintable(said));
    if (allowed.isEmpty()) {
        QVERIFY2(code == 0, qPrintable(said));
        return;
    }
    for (const QString &line : said.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QCOMPARE(line, allowed);
}

QTEST_GUILESS_MAIN(TestPromtool)
#include "tst_promtool.moc"
