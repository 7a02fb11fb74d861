// The kubelet's static pod folder in a whole lab: a manifest becomes a running pod and
// its mirror; a changed manifest replaces the pod; a broken one is reported once, not
// at every read; a removed one stops the pod and takes the mirror away.
#include "core/client/client.h"
#include "tests/support/lab_fixture.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace k8slab;
using namespace std::chrono_literals;
using api::Json;

namespace {

std::string manifest(const char *image)
{
    return std::string("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, image: ") + image + "}]\n";
}

} // namespace

class TestStaticPodSource : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aFolderDrivesItsPods();

private:
    static void write(const QString &path, const std::string &text)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.c_str());
    }
};

void TestStaticPodSource::aFolderDrivesItsPods()
{
    test::LabFixture lab(1);
    QVERIFY2(lab.ok(), lab.error().c_str());
    kubelet::Kubelet *k = lab.session->nodeAgents()->kubelet("worker-1");
    const QString folder = QString::fromStdString(k->staticPodPath());
    QVERIFY(QDir(folder).exists());
    const QString file = folder + "/web.yaml";
    const auto mirror = [&lab] { return lab.session->api().get(client::resource("", "v1", "pods"), "default", "web-worker-1"); };
    const auto invalidNotes = [&lab] {
        int n = 0;
        for (const proto::TraceEvent &e : lab.session->traceIndex().events())
            n += e.code() == "kubelet.staticPod.invalid";
        return n;
    };

    write(file, manifest("nginx:1.26"));
    lab.run(21s); // the next read of the folder
    Result<Json> first = mirror();
    QVERIFY(first.ok());
    QCOMPARE(QString::fromStdString((*first)["status"].value("phase", "")), QStringLiteral("Running"));

    // A new version of the file: the old pod goes, the new one runs under the same name.
    write(file, manifest("nginx:1.27"));
    lab.run(25s);
    Result<Json> second = mirror();
    QVERIFY(second.ok());
    QVERIFY((*second)["metadata"]["annotations"]["kubernetes.io/config.mirror"] !=
            (*first)["metadata"]["annotations"]["kubernetes.io/config.mirror"]);
    QCOMPARE(QString::fromStdString((*second)["spec"]["containers"][0].value("image", "")), QStringLiteral("nginx:1.27"));
    QCOMPARE(QString::fromStdString((*second)["status"].value("phase", "")), QStringLiteral("Running"));

    // A broken file: said once, however often the folder is read; its pod is gone.
    write(file, "apiVersion: v1\nkind: Pod\nmetadata: {}\n");
    lab.run(70s);
    QCOMPARE(invalidNotes(), 1);
    QVERIFY(!mirror().ok());

    // Fixed, then removed: the pod comes back, then stops, and its mirror goes.
    write(file, manifest("nginx:1.27"));
    lab.run(25s);
    QVERIFY(mirror().ok());
    QVERIFY(QFile::remove(file));
    lab.run(25s);
    QVERIFY(!mirror().ok());
}

QTEST_GUILESS_MAIN(TestStaticPodSource)
#include "tst_static_pod_source.moc"
