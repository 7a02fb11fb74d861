// The FailedScheduling message, character for character as upstream's FitError.Error().
#include "core/scheduler/framework/fit_error.h"

#include <QTest>

using namespace k8slab::scheduler;

class TestFitError : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void message_data();
    void message();
    void truncation();
};

Q_DECLARE_METATYPE(FitError)

namespace {

// `count` nodes named prefix-0.. failing with `reasons`.
void addNodes(FitError &fit, const std::string &prefix, int count, Code code, std::vector<std::string> reasons)
{
    for (int i = 0; i < count; ++i)
        fit.statuses[prefix + "-" + std::to_string(i)] = PluginStatus(code, reasons);
}

} // namespace

void TestFitError::message_data()
{
    QTest::addColumn<FitError>("fit");
    QTest::addColumn<QString>("expected");

    FitError mixed;
    mixed.numAllNodes = 3;
    addNodes(mixed, "cpu", 1, Code::Unschedulable, {"Insufficient cpu"});
    addNodes(mixed, "gpu", 2, Code::UnschedulableAndUnresolvable, {"node(s) had untolerated taint {dedicated: gpu}"});
    mixed.postFilterMsg = "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 "
                          "Preemption is not helpful for scheduling.";
    QTest::newRow("mixed reasons with the preemption suffix (the reference's example)")
        << mixed
        << "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. preemption: "
           "0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for "
           "scheduling.";

    FitError tens;
    tens.numAllNodes = 14;
    addNodes(tens, "a", 10, Code::UnschedulableAndUnresolvable, {"node(s) didn't match Pod's node affinity/selector"});
    addNodes(tens, "b", 2, Code::Unschedulable, {"Insufficient memory"});
    addNodes(tens, "c", 2, Code::UnschedulableAndUnresolvable, {"node(s) were unschedulable"});
    QTest::newRow("10 sorts before 2: plain string order, as Go's sort.Strings")
        << tens
        << "0/14 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory, 2 "
           "node(s) were unschedulable.";

    FitError several;
    several.numAllNodes = 2;
    addNodes(several, "n", 2, Code::Unschedulable, {"Insufficient cpu", "Insufficient memory"});
    QTest::newRow("a node with two reasons counts in both")
        << several << "0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.";

    FitError pre;
    pre.numAllNodes = 5;
    addNodes(pre, "n", 5, Code::UnschedulableAndUnresolvable, {"pod affinity terms conflict"});
    pre.preFilterMsg = "pod affinity terms conflict";
    QTest::newRow("a PreFilter rejection is said once, not per node")
        << pre << "0/5 nodes are available: pod affinity terms conflict.";

    FitError never;
    never.numAllNodes = 1;
    addNodes(never, "n", 1, Code::Unschedulable, {"Insufficient cpu"});
    never.postFilterMsg = "preemption: not eligible due to preemptionPolicy=Never.";
    QTest::newRow("preemptionPolicy Never")
        << never << "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.";

    FitError nominated;
    nominated.numAllNodes = 1;
    addNodes(nominated, "n", 1, Code::Unschedulable, {"Insufficient cpu"});
    QTest::newRow("preemption that nominated a node adds nothing") << nominated << "0/1 nodes are available: 1 Insufficient cpu.";
}

// FitError::message() joins the sorted reason histogram and the PostFilter message as upstream does.
void TestFitError::message()
{
    QFETCH(FitError, fit);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(fit.message()), expected);
}

// Event notes over 1024 characters are cut to 1020 and " ...", as upstream's truncateMessage.
void TestFitError::truncation()
{
    const std::string exact(1024, 'x');
    QCOMPARE(truncateEventMessage(exact), exact);
    const std::string longer(1500, 'y');
    const std::string cut = truncateEventMessage(longer);
    QCOMPARE(cut.size(), std::size_t{1024});
    QCOMPARE(cut.substr(1020), std::string(" ..."));
}

QTEST_APPLESS_MAIN(TestFitError)
#include "tst_fit_error.moc"
