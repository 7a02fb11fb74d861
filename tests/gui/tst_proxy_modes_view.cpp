// The network page's third tab: one node's rules in iptables, IPVS and nftables side by
// side for the same Services, filtered to one Service, from a live lab.
#include "core/proxy/node_proxies.h"
#include "gui/network_page.h"
#include "gui/proxy_modes_view.h"
#include "tests/support/lab_fixture.h"

#include <QRegularExpression>
#include <QTest>

using namespace k8slab;

class TestProxyModesView : public QObject {
    Q_OBJECT
private slots:
    void threeModesForTheSameService();
};

void TestProxyModesView::threeModesForTheSameService()
{
    test::LabFixture lab(3);
    QVERIFY2(lab.ok(), lab.error().c_str());
    lab.create(test::kWebDeploymentAndService);
    lab.run(std::chrono::seconds(60));
    gui::NetworkPage page(lab.session->proxies());
    page.show(QStringLiteral("worker-1"), QStringLiteral("iptables"));
    gui::ProxyModesView &view = page.sideBySide();
    view.setFilter(QStringLiteral("default/web"));
    // iptables: a KUBE-SVC chain jumping to one KUBE-SEP chain per endpoint.
    const QString iptables = view.columnText(0);
    QCOMPARE(iptables.count(QRegularExpression(QStringLiteral("-A KUBE-SVC-\\S+ .* -j KUBE-SEP-"))), 3);
    QVERIFY(view.columnTitle(0).startsWith(QStringLiteral("iptables · ")));
    QCOMPARE(view.columnNote(0), QStringLiteral("what this kube-proxy wrote"));
    // nftables: the same Service in its own words.
    QVERIFY2(view.columnText(2).contains(QStringLiteral("default/web")), qPrintable(view.columnText(2)));
    QCOMPARE(view.columnNote(2), QStringLiteral("what this mode would write"));
    // IPVS knows the Service only by its address: the filter follows it there.
    QCOMPARE(view.columnText(1).count(QRegularExpression(QStringLiteral("->\\s+10\\.244\\.\\d+\\.\\d+:80\\s+Masq"))), 3);
    // IPVS names Services by address: filtered by the ClusterIP, three real servers.
    const QRegularExpressionMatch ip =
        QRegularExpression(QStringLiteral("-d (10\\.\\d+\\.\\d+\\.\\d+)/32 .*default/web:http")).match(iptables);
    QVERIFY(ip.hasMatch());
    view.setFilter(QString());
    const QString ipvs = view.columnText(1);
    QCOMPARE(ipvs.count(QRegularExpression(QStringLiteral("->\\s+10\\.244\\.\\d+\\.\\d+:80\\s+Masq"))), 3);
    QVERIFY(ipvs.contains(ip.captured(1)));
    // The filter keeps only the lines about that address, with what belongs under them
    // (the virtual server's real servers).
    view.setFilter(ip.captured(1));
    for (const QString &line : view.columnText(1).split(QLatin1Char('\n')))
        QVERIFY2(line.contains(ip.captured(1)) || line.trimmed().startsWith(QStringLiteral("->")) ||
                     line.trimmed().startsWith(QStringLiteral("valid_lft")), qPrintable(line)); // kube-ipvs0 address details
    QVERIFY(!view.columnText(1).contains(QStringLiteral("10.96.0.1:443"))); // not the kubernetes Service
}

QTEST_MAIN(TestProxyModesView)
#include "tst_proxy_modes_view.moc"
