#pragma once

#include "tests/e2e/lab_server.h"

#include <QObject>
#include <QStringList>

namespace k8slab::test {

/// A data-driven kubectl scenario: one k8slab-server for the whole test case, then each
/// row runs one kubectl command and checks its exit code and that its whole stdout
/// matches a regular expression. A test class derives from it, passes the server's
/// arguments and adds its rows (QTest::newRow(name) << args << exitCode << pattern);
/// it may add test functions of its own, which run after the scenario on the same lab.
class KubectlScenario : public QObject {
    Q_OBJECT

public:
    explicit KubectlScenario(QStringList serverArgs = {}) : m_serverArgs(std::move(serverArgs)) {}

protected:
    /// Adds the scenario's rows; the columns are args (QStringList), exitCode (int) and
    /// stdoutPattern (QString).
    virtual void addRows() = 0;
    /// The pattern the whole stderr of a row must match; null (the default) checks nothing.
    [[nodiscard]] virtual QString stderrPattern(const QString &row) const
    {
        Q_UNUSED(row);
        return {};
    }

    LabServer m_lab;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void scenario_data();
    void scenario();

private:
    QStringList m_serverArgs;
};

} // namespace k8slab::test
