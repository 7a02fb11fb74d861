// The simulated runtime's small shell, run in a container to its end: what it prints
// and how it exits — echo and variables, assignments, `for` loops over words and
// `$(seq …)` (nested too), `while` loops, `exit`, unknown commands and broken loops.
#include "tests/runtime/sim/sim_test_node.h"

#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;

class TestSimProgram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scriptsRunToTheirEnd_data();
    void scriptsRunToTheirEnd();
    void loopsTakeTheirTime();
};

void TestSimProgram::scriptsRunToTheirEnd_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("output"); // the log's lines, joined by '|'
    QTest::addColumn<int>("exitCode");
    QTest::newRow("echo and the environment") << "echo hello $WHO; echo ${WHO}!" << "hello lab|lab!" << 0;
    QTest::newRow("an assignment") << "GREETING=hi; echo $GREETING $WHO" << "hi lab" << 0;
    QTest::newRow("assignments replace") << "A=1 B=2; A=3; echo $A$B" << "32" << 0;
    QTest::newRow("a for loop over words") << "for i in 1 2 3; do echo tick $i; done" << "tick 1|tick 2|tick 3" << 0;
    QTest::newRow("over a variable's words") << "LIST=\"a b\"; for x in $LIST; do echo $x; done; echo last $x"
                                            << "a|b|last b" << 0;
    QTest::newRow("over seq") << "for n in $(seq 1 4); do echo $n; done" << "1|2|3|4" << 0;
    QTest::newRow("seq N") << "for n in `seq 2`; do echo n=$n; done" << "n=1|n=2" << 0;
    QTest::newRow("nested loops") << "for a in x y; do for b in 1 2; do echo $a$b; done; done; echo end"
                                  << "x1|x2|y1|y2|end" << 0;
    QTest::newRow("a loop on lines of its own") << "for i in 1 2\ndo\n  echo line $i\ndone" << "line 1|line 2" << 0;
    QTest::newRow("exit inside a loop") << "for i in 1 2 3; do echo $i; exit 4; done" << "1" << 4;
    QTest::newRow("the last command's status") << "echo before; false" << "before" << 1;
    QTest::newRow("an unknown command") << "echo a; frobnicate --now" << "a|sh: frobnicate: not found" << 127;
    QTest::newRow("a loop without done") << "for i in 1 2; do echo $i"
                                        << "sh: syntax error: unexpected end of file (expecting \"done\")" << 2;
    QTest::newRow("a for without in") << "for i; do echo $i; done" << "sh: syntax error: bad for loop variable" << 2;
}

void TestSimProgram::scriptsRunToTheirEnd()
{
    QFETCH(QString, script);
    QFETCH(QString, output);
    QFETCH(int, exitCode);
    test::SimTestNode node;
    kubelet::ContainerConfig config = test::simContainer("c", "busybox", {"sh", "-c", script.toStdString()});
    config.env = {{"WHO", "lab"}};
    const std::string id = node.start(config);
    QVERIFY(!id.empty());
    node.loop.advance(1min);
    const auto status = node.runtime.containerStatus(id);
    QCOMPARE(status->state, kubelet::ContainerState::Exited);
    QStringList lines;
    for (const std::string &line : node.runtime.logs(id)) // "<time> <stream> F <text>"
        lines << QString::fromStdString(line).section(QLatin1Char(' '), 3);
    QCOMPARE(lines.join(QLatin1Char('|')), output);
    QCOMPARE(status->exitCode, exitCode);
}

void TestSimProgram::loopsTakeTheirTime()
{
    // Five passes of one second: the lines come one a second, and the container exits
    // when the loop is over.
    test::SimTestNode node;
    const std::string id =
        node.start(test::simContainer("c", "busybox", {"sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 1; done"}));
    node.loop.advance(2500ms);
    QCOMPARE(node.runtime.logs(id).size(), std::size_t(3));
    QCOMPARE(node.runtime.containerStatus(id)->state, kubelet::ContainerState::Running);
    node.loop.advance(3s);
    QCOMPARE(node.runtime.logs(id).size(), std::size_t(5));
    QCOMPARE(node.runtime.containerStatus(id)->state, kubelet::ContainerState::Exited);
    QCOMPARE(node.runtime.containerStatus(id)->exitCode, 0);
}

QTEST_GUILESS_MAIN(TestSimProgram)
#include "tst_sim_program.moc"
