// TaintToleration: the filter's first untolerated NoSchedule/NoExecute taint, the
// toleration matching rules, and the reverse-normalized PreferNoSchedule score.
#include "core/scheduler/plugins/taint_toleration/taint_toleration.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using test::NodeBuilder;
using test::PodBuilder;

Q_DECLARE_METATYPE(api::Json)

class TestTaintToleration : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tolerates_data();
    void tolerates();
    void filter_data();
    void filter();
    void score();
};

void TestTaintToleration::tolerates_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("effect");
    QTest::addColumn<bool>("tolerates"); // against taint dedicated=gpu:NoSchedule
    QTest::newRow("Equal, same key and value") << "dedicated" << "Equal" << "gpu" << "NoSchedule" << true;
    QTest::newRow("empty operator means Equal") << "dedicated" << "" << "gpu" << "NoSchedule" << true;
    QTest::newRow("Equal, other value") << "dedicated" << "Equal" << "cpu" << "NoSchedule" << false;
    QTest::newRow("Exists ignores the value") << "dedicated" << "Exists" << "" << "NoSchedule" << true;
    QTest::newRow("empty effect matches every effect") << "dedicated" << "Exists" << "" << "" << true;
    QTest::newRow("other effect") << "dedicated" << "Exists" << "" << "NoExecute" << false;
    QTest::newRow("empty key with Exists tolerates everything") << "" << "Exists" << "" << "" << true;
    QTest::newRow("other key") << "team" << "Exists" << "" << "" << false;
}

// Toleration::tolerates follows upstream's ToleratesTaint.
void TestTaintToleration::tolerates()
{
    QFETCH(QString, key);
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, effect);
    QFETCH(bool, tolerates);
    const Toleration t{key.toStdString(), op.toStdString(), value.toStdString(), effect.toStdString()};
    QCOMPARE(t.tolerates({"dedicated", "gpu", "NoSchedule"}), tolerates);
}

void TestTaintToleration::filter_data()
{
    QTest::addColumn<api::Json>("node");
    QTest::addColumn<api::Json>("pod");
    QTest::addColumn<QString>("reason");
    QTest::newRow("untolerated NoSchedule")
        << NodeBuilder("n").taint("dedicated", "gpu", "NoSchedule").build() << PodBuilder("p").build()
        << "node(s) had untolerated taint {dedicated: gpu}";
    QTest::newRow("taint without a value prints an empty value")
        << NodeBuilder("n").taint("special", "", "NoExecute").build() << PodBuilder("p").build()
        << "node(s) had untolerated taint {special: }";
    QTest::newRow("PreferNoSchedule never filters")
        << NodeBuilder("n").taint("soft", "x", "PreferNoSchedule").build() << PodBuilder("p").build() << "";
    QTest::newRow("the first untolerated taint in spec order is named")
        << NodeBuilder("n").taint("a", "1", "NoSchedule").taint("b", "2", "NoSchedule").build()
        << PodBuilder("p").toleration("a", "Exists", "", "").build() << "node(s) had untolerated taint {b: 2}";
    QTest::newRow("all tolerated") << NodeBuilder("n").taint("a", "1", "NoSchedule").build()
                                   << PodBuilder("p").toleration("a", "Equal", "1", "NoSchedule").build() << "";
}

// The filter's verdict and upstream's reason (UnschedulableAndUnresolvable).
void TestTaintToleration::filter()
{
    QFETCH(api::Json, node);
    QFETCH(api::Json, pod);
    QFETCH(QString, reason);
    test::SchedulerHarness h;
    h.addNode(node);
    const PluginStatus s = h.filter(pod).front().second;
    QCOMPARE(QString::fromStdString(s.message()), reason);
    QCOMPARE(s.code(), reason.isEmpty() ? Code::Success : Code::UnschedulableAndUnresolvable);
    if (!reason.isEmpty())
        QCOMPARE(s.plugin(), std::string("TaintToleration"));
}

// Raw score = untolerated PreferNoSchedule taints; normalized 100 - 100*c/max; none: 100 everywhere.
void TestTaintToleration::score()
{
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("clean").build());
    h.addNode(NodeBuilder("one").taint("a", "1", "PreferNoSchedule").build());
    h.addNode(NodeBuilder("two").taint("a", "1", "PreferNoSchedule").taint("b", "2", "PreferNoSchedule").build());
    h.addNode(NodeBuilder("hard").taint("c", "3", "NoSchedule").build()); // not counted by the score
    auto scores = h.score("TaintToleration", PodBuilder("p").build());
    QCOMPARE(scores.size(), std::size_t{4});
    QCOMPARE(scores[0], std::make_pair(std::int64_t{0}, std::int64_t{100}));
    QCOMPARE(scores[1], std::make_pair(std::int64_t{1}, std::int64_t{50}));
    QCOMPARE(scores[2], std::make_pair(std::int64_t{2}, std::int64_t{0}));
    QCOMPARE(scores[3], std::make_pair(std::int64_t{0}, std::int64_t{100}));
    // A toleration with effect PreferNoSchedule (or none) removes the taint from the count.
    scores = h.score("TaintToleration", PodBuilder("p").toleration("a", "Exists", "", "PreferNoSchedule").build());
    QCOMPARE(scores[1], std::make_pair(std::int64_t{0}, std::int64_t{100}));
    QCOMPARE(scores[2], std::make_pair(std::int64_t{1}, std::int64_t{0}));
    // A NoSchedule toleration does not count for scoring.
    scores = h.score("TaintToleration", PodBuilder("p").toleration("a", "Exists", "", "NoSchedule").build());
    QCOMPARE(scores[1].first, std::int64_t{1});
}

QTEST_APPLESS_MAIN(TestTaintToleration)
#include "tst_taint_toleration.moc"
