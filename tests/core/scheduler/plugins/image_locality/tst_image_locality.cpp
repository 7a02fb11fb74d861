// ImageLocality: image sizes scaled by spread, clamped to [23 MiB, 1000 MiB x containers],
// mapped to 0..100; untagged images get ":latest"; init containers count.
#include "core/scheduler/framework/pod_info.h"
#include "tests/support/scheduler_fixture.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::scheduler;
using test::NodeBuilder;
using test::PodBuilder;

class TestImageLocality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalizedNames_data();
    void normalizedNames();
    void score();
};

void TestImageLocality::normalizedNames_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("untagged") << "nginx" << "nginx:latest";
    QTest::newRow("tagged") << "nginx:1.25" << "nginx:1.25";
    QTest::newRow("registry port is not a tag") << "registry:5000/app" << "registry:5000/app:latest";
    QTest::newRow("digest stays") << "nginx@sha256:abcd" << "nginx@sha256:abcd";
}

// normalizedImageName as upstream.
void TestImageLocality::normalizedNames()
{
    QFETCH(QString, image);
    QFETCH(QString, normalized);
    QCOMPARE(QString::fromStdString(normalizedImageName(image.toStdString())), normalized);
}

// 300 MiB on 2 of 3 nodes: 300 MiB x 2/3 = 200 MiB → 100 x (200 - 23) / (1000 - 23) MiB = 18.
void TestImageLocality::score()
{
    const std::int64_t mib = 1024 * 1024;
    test::SchedulerHarness h;
    h.addNode(NodeBuilder("a").image("nginx:1.25", 300 * mib).build());
    h.addNode(NodeBuilder("b").image("nginx:1.25", 300 * mib).image("busybox:latest", 5 * mib).build());
    h.addNode(NodeBuilder("c").build());
    auto scores = h.score("ImageLocality", PodBuilder("p").image("nginx:1.25").build());
    QCOMPARE(scores.size(), std::size_t{3});
    QCOMPARE(scores[0].first, std::int64_t{18});
    QCOMPARE(scores[1].first, std::int64_t{18});
    QCOMPARE(scores[2].first, std::int64_t{0});
    // A small image stays under the 23 MiB floor: 0. An untagged name is ":latest".
    QCOMPARE(h.score("ImageLocality", PodBuilder("p").image("busybox").build())[1].first, std::int64_t{0});
    // Two containers double the ceiling: 100 x (200 - 23) / (2000 - 23) = 8.
    scores = h.score("ImageLocality", PodBuilder("p").image("nginx:1.25").container("other:1").build());
    QCOMPARE(scores[0].first, std::int64_t{8});
    // An init container's image counts too (v1.30 on), and its container raises the ceiling.
    scores = h.score("ImageLocality", PodBuilder("p").image("other:1").initContainer("nginx:1.25").build());
    QCOMPARE(scores[0].first, std::int64_t{8});
}

QTEST_APPLESS_MAIN(TestImageLocality)
#include "tst_image_locality.moc"
