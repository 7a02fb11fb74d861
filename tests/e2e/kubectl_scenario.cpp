#include "tests/e2e/kubectl_scenario.h"

#include <QFile>
#include <QTest>

namespace k8slab::test {

void KubectlScenario::initTestCase()
{
    if (!QFile::exists(m_lab.kubectlPath()))
        QSKIP(qPrintable("kubectl is not installed at " + m_lab.kubectlPath() + ": the end-to-end scenario needs the real kubectl"));
    QVERIFY2(m_lab.start(m_serverArgs), qPrintable(m_lab.why()));
}

void KubectlScenario::cleanupTestCase() { QVERIFY(m_lab.stop()); }

void KubectlScenario::scenario_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern"); // the whole stdout matches
    addRows();
}

void KubectlScenario::scenario()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    const QString failure = checkKubectl(m_lab, args, exitCode, stdoutPattern, stderrPattern(QTest::currentDataTag()));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
}

} // namespace k8slab::test
