// A static pod as the kubelet's file source defaults it, and its mirror pod.
#include "core/kubelet/static_pods.h"

#include <QTest>

using namespace k8slab;
using api::Json;

namespace {
const char *const kManifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: etcd, namespace: kube-system}\n"
                              "spec:\n  containers: [{name: etcd, image: busybox, command: [sleep, infinity]}]\n";
}

class TestStaticPods : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsAsTheFileSource();
    void theUidIsAHashOfFileNodeAndPath();
    void refusesWhatIsNotOnePod_data();
    void refusesWhatIsNotOnePod();
    void theMirrorPointsAtItsPodAndNode();
};

void TestStaticPods::defaultsAsTheFileSource()
{
    Result<Json> pod = kubelet::readStaticPod("/m/etcd.yaml", kManifest, "Worker-1", "2026-11-27T10:00:00.000000Z");
    QVERIFY2(pod.ok(), pod.status().message().c_str());
    const Json &meta = (*pod)["metadata"];
    QCOMPARE(QString::fromStdString(meta.value("name", "")), QStringLiteral("etcd-worker-1")); // lowercased node
    QCOMPARE(QString::fromStdString(meta.value("namespace", "")), QStringLiteral("kube-system"));
    QCOMPARE(QString::fromStdString(meta["annotations"].value("kubernetes.io/config.source", "")), QStringLiteral("file"));
    QCOMPARE(meta["annotations"].value("kubernetes.io/config.hash", ""), meta.value("uid", ""));
    QCOMPARE(QString::fromStdString((*pod)["spec"].value("nodeName", "")), QStringLiteral("Worker-1"));
    const Json tolerations = (*pod)["spec"]["tolerations"];
    QCOMPARE(tolerations.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(tolerations[0].value("effect", "")), QStringLiteral("NoExecute"));
    QCOMPARE(QString::fromStdString(tolerations[0].value("operator", "")), QStringLiteral("Exists"));
    // The API's own defaults, as the file source applies the scheme's defaulting.
    QCOMPARE(QString::fromStdString((*pod)["spec"].value("restartPolicy", "")), QStringLiteral("Always"));
    QCOMPARE(QString::fromStdString((*pod)["status"].value("phase", "")), QStringLiteral("Pending"));
    Result<Json> noNamespace = kubelet::readStaticPod("/m/a.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: nginx}]}\n", "n", "t");
    QCOMPARE(QString::fromStdString((*noNamespace)["metadata"].value("namespace", "")), QStringLiteral("default"));
}

void TestStaticPods::theUidIsAHashOfFileNodeAndPath()
{
    const auto uid = [](const char *path, const char *node, const std::string &content) {
        return (*kubelet::readStaticPod(path, content, node, "t"))["metadata"].value("uid", "");
    };
    const std::string base = uid("/m/etcd.yaml", "n1", kManifest);
    QCOMPARE(base.size(), std::size_t(32));
    QCOMPARE(uid("/m/etcd.yaml", "n1", kManifest), base); // stable
    QVERIFY(uid("/m/etcd.yaml", "n2", kManifest) != base);
    QVERIFY(uid("/m/other.yaml", "n1", kManifest) != base);
    QVERIFY(uid("/m/etcd.yaml", "n1", std::string(kManifest) + "# changed\n") != base);
}

void TestStaticPods::refusesWhatIsNotOnePod_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("a Deployment") << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
                                  << "static pod /m/x.yaml: a static pod manifest holds one v1 Pod";
    QTest::newRow("no name") << "apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: []}\n"
                             << "static pod /m/x.yaml: metadata.name: Required value";
    QTest::newRow("not YAML") << "apiVersion: [v1\n" << "static pod /m/x.yaml: ";
}

void TestStaticPods::refusesWhatIsNotOnePod()
{
    QFETCH(QString, content);
    QFETCH(QString, message);
    Result<Json> pod = kubelet::readStaticPod("/m/x.yaml", content.toStdString(), "n1", "t");
    QVERIFY(!pod.ok());
    QVERIFY2(QString::fromStdString(pod.status().message()).startsWith(message), pod.status().message().c_str());
}

void TestStaticPods::theMirrorPointsAtItsPodAndNode()
{
    const Json pod = *kubelet::readStaticPod("/m/etcd.yaml", kManifest, "n1", "t");
    const Json node = {{"metadata", {{"name", "n1"}, {"uid", "node-uid"}}}};
    const Json mirror = kubelet::mirrorPodOf(pod, node);
    QVERIFY(kubelet::isMirrorPod(mirror));
    QVERIFY(!kubelet::isMirrorPod(pod));
    QVERIFY(!mirror["metadata"].contains("uid")); // the API server gives it one
    QCOMPARE(mirror["metadata"]["annotations"].value("kubernetes.io/config.mirror", ""), pod["metadata"].value("uid", ""));
    const Json owner = mirror["metadata"]["ownerReferences"][0];
    QCOMPARE(QString::fromStdString(owner.value("kind", "")), QStringLiteral("Node"));
    QCOMPARE(QString::fromStdString(owner.value("uid", "")), QStringLiteral("node-uid"));
    QVERIFY(!mirror.contains("status"));
}

QTEST_GUILESS_MAIN(TestStaticPods)
#include "tst_static_pods.moc"
