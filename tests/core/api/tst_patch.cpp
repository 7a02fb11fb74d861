#include "core/api/patch.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::api;

namespace {

Json parse(const QByteArray &text)
{
    return Json::parse(text.constData());
}

QString show(const Json &value)
{
    return QString::fromStdString(value.dump());
}

/// The live Deployment kubectl apply patched in the observation of §5.2.
const QByteArray kLiveDeployment = R"({
  "apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
    "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{old}\n","deployment.kubernetes.io/revision":"1"}},
  "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
    "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{
      "containers":[
        {"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],"imagePullPolicy":"IfNotPresent"},
        {"name":"sidecar","image":"busybox:1.36","command":["sleep","infinity"]}],
      "restartPolicy":"Always"}}},
  "status":{"replicas":1}})";

const QByteArray kPatchedDeployment = R"({
  "apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
    "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{new}\n","deployment.kubernetes.io/revision":"1"}},
  "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
    "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{
      "containers":[
        {"name":"nginx","image":"nginx:1.26","ports":[{"containerPort":80,"protocol":"TCP"}],"imagePullPolicy":"IfNotPresent"}],
      "restartPolicy":"Always"}}},
  "status":{"replicas":1}})";

const QByteArray kApplyPatch = R"({"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{new}\n"}},
 "spec":{"replicas":3,"template":{"spec":{
   "$setElementOrder/containers":[{"name":"nginx"}],
   "containers":[{"image":"nginx:1.26","name":"nginx"},{"$patch":"delete","name":"sidecar"}]}}}})";

} // namespace

class TestPatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergePatch_data();
    void mergePatch();
    void jsonPatch_data();
    void jsonPatch();
    void jsonPatchFailures_data();
    void jsonPatchFailures();
    void strategicMerge_data();
    void strategicMerge();
    void strategicMergeFailures_data();
    void strategicMergeFailures();
    void strategicMergeLeavesInputsUnchanged();
};

void TestPatch::mergePatch_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");

    // RFC 7386 Appendix A, row by row.
    QTest::newRow("rfc7386 replaces a member") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"a":"c"})")
                                               << QByteArray(R"({"a":"c"})");
    QTest::newRow("rfc7386 adds a member") << QByteArray(R"({"a":"b"})") << QByteArray(R"({"b":"c"})")
                                           << QByteArray(R"({"a":"b","b":"c"})");
    QTest::newRow("rfc7386 null removes the only member") << QByteArray(R"({"a":"b"})")
                                                          << QByteArray(R"({"a":null})") << QByteArray("{}");
    QTest::newRow("rfc7386 null removes one member") << QByteArray(R"({"a":"b","b":"c"})")
                                                     << QByteArray(R"({"a":null})") << QByteArray(R"({"b":"c"})");
    QTest::newRow("rfc7386 string replaces a list") << QByteArray(R"({"a":["b"]})") << QByteArray(R"({"a":"c"})")
                                                    << QByteArray(R"({"a":"c"})");
    QTest::newRow("rfc7386 list replaces a string") << QByteArray(R"({"a":"c"})") << QByteArray(R"({"a":["b"]})")
                                                    << QByteArray(R"({"a":["b"]})");
    QTest::newRow("rfc7386 nested merge with null")
        << QByteArray(R"({"a":{"b":"c"}})") << QByteArray(R"({"a":{"b":"d","c":null}})")
        << QByteArray(R"({"a":{"b":"d"}})");
    QTest::newRow("rfc7386 lists are replaced whole") << QByteArray(R"({"a":[{"b":"c"}]})")
                                                      << QByteArray(R"({"a":[1]})") << QByteArray(R"({"a":[1]})");
    QTest::newRow("rfc7386 list document replaced") << QByteArray(R"(["a","b"])") << QByteArray(R"(["c","d"])")
                                                    << QByteArray(R"(["c","d"])");
    QTest::newRow("rfc7386 list patch replaces an object") << QByteArray(R"({"a":"b"})") << QByteArray(R"(["c"])")
                                                           << QByteArray(R"(["c"])");
    QTest::newRow("rfc7386 null patch gives null") << QByteArray(R"({"a":"foo"})") << QByteArray("null")
                                                   << QByteArray("null");
    QTest::newRow("rfc7386 string patch gives the string") << QByteArray(R"({"a":"foo"})")
                                                           << QByteArray(R"("bar")") << QByteArray(R"("bar")");
    QTest::newRow("rfc7386 target nulls are kept") << QByteArray(R"({"e":null})") << QByteArray(R"({"a":1})")
                                                   << QByteArray(R"({"e":null,"a":1})");
    QTest::newRow("rfc7386 object patch replaces a list target")
        << QByteArray("[1,2]") << QByteArray(R"({"a":"b","c":null})") << QByteArray(R"({"a":"b"})");
    QTest::newRow("rfc7386 nulls inside new members are dropped")
        << QByteArray("{}") << QByteArray(R"({"a":{"bb":{"ccc":null}}})") << QByteArray(R"({"a":{"bb":{}}})");
    QTest::newRow("rfc7386 section 3 example")
        << QByteArray(R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"})")
        << QByteArray(R"({"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]})")
        << QByteArray(R"({"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})");
    // What kubectl sends as application/merge-patch+json (§5.4).
    QTest::newRow("kubectl label adds a label")
        << QByteArray(R"({"metadata":{"name":"p","labels":{"app":"web"}}})")
        << QByteArray(R"({"metadata":{"labels":{"tier":"frontend"}}})")
        << QByteArray(R"({"metadata":{"name":"p","labels":{"app":"web","tier":"frontend"}}})");
    QTest::newRow("kubectl label tier- removes a label")
        << QByteArray(R"({"metadata":{"labels":{"app":"web","tier":"frontend"}}})")
        << QByteArray(R"({"metadata":{"labels":{"tier":null}}})")
        << QByteArray(R"({"metadata":{"labels":{"app":"web"}}})");
    QTest::newRow("kubectl scale sets replicas") << QByteArray(R"({"spec":{"replicas":1,"paused":false}})")
                                                 << QByteArray(R"({"spec":{"replicas":4}})")
                                                 << QByteArray(R"({"spec":{"replicas":4,"paused":false}})");
    QTest::newRow("merge patch replaces a container list, unlike SMP")
        << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"x"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"x"}]}})");
}

void TestPatch::mergePatch()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    const Json before = parse(target);
    const auto result = applyMergePatch(before, parse(patch));
    QVERIFY2(result.ok(), result.status().toString().c_str());
    QCOMPARE(show(*result), show(parse(expected)));
    QCOMPARE(show(before), show(parse(target)));
}

void TestPatch::jsonPatch_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");

    // RFC 6902 Appendix A.
    QTest::newRow("rfc6902 A.1 add an object member")
        << QByteArray(R"({"foo":"bar"})") << QByteArray(R"([{"op":"add","path":"/baz","value":"qux"}])")
        << QByteArray(R"({"baz":"qux","foo":"bar"})");
    QTest::newRow("rfc6902 A.2 add an array element")
        << QByteArray(R"({"foo":["bar","baz"]})") << QByteArray(R"([{"op":"add","path":"/foo/1","value":"qux"}])")
        << QByteArray(R"({"foo":["bar","qux","baz"]})");
    QTest::newRow("rfc6902 A.3 remove an object member")
        << QByteArray(R"({"baz":"qux","foo":"bar"})") << QByteArray(R"([{"op":"remove","path":"/baz"}])")
        << QByteArray(R"({"foo":"bar"})");
    QTest::newRow("rfc6902 A.4 remove an array element")
        << QByteArray(R"({"foo":["bar","qux","baz"]})") << QByteArray(R"([{"op":"remove","path":"/foo/1"}])")
        << QByteArray(R"({"foo":["bar","baz"]})");
    QTest::newRow("rfc6902 A.5 replace a value")
        << QByteArray(R"({"baz":"qux","foo":"bar"})")
        << QByteArray(R"([{"op":"replace","path":"/baz","value":"boo"}])")
        << QByteArray(R"({"baz":"boo","foo":"bar"})");
    QTest::newRow("rfc6902 A.6 move a value")
        << QByteArray(R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})")
        << QByteArray(R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])")
        << QByteArray(R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})");
    QTest::newRow("rfc6902 A.7 move an array element")
        << QByteArray(R"({"foo":["all","grass","cows","eat"]})")
        << QByteArray(R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])")
        << QByteArray(R"({"foo":["all","cows","eat","grass"]})");
    QTest::newRow("rfc6902 A.8 test passes")
        << QByteArray(R"({"baz":"qux","foo":["a",2,"c"]})")
        << QByteArray(R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])")
        << QByteArray(R"({"baz":"qux","foo":["a",2,"c"]})");
    QTest::newRow("rfc6902 A.10 add a nested member object")
        << QByteArray(R"({"foo":"bar"})")
        << QByteArray(R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])")
        << QByteArray(R"({"foo":"bar","child":{"grandchild":{}}})");
    QTest::newRow("rfc6902 A.11 unknown members are ignored")
        << QByteArray(R"({"foo":"bar"})") << QByteArray(R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])")
        << QByteArray(R"({"foo":"bar","baz":"qux"})");
    QTest::newRow("rfc6902 A.14 ~01 means the key ~1")
        << QByteArray(R"({"/":9,"~1":10})") << QByteArray(R"([{"op":"test","path":"/~01","value":10}])")
        << QByteArray(R"({"/":9,"~1":10})");
    QTest::newRow("rfc6902 A.16 dash appends an array value")
        << QByteArray(R"({"foo":["bar"]})") << QByteArray(R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])")
        << QByteArray(R"({"foo":["bar",["abc","def"]]})");
    QTest::newRow("~1 in a key is a slash") << QByteArray(R"({"metadata":{"labels":{}}})")
                                            << QByteArray(R"([{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}])")
                                            << QByteArray(R"({"metadata":{"labels":{"app.kubernetes.io/name":"web"}}})");
    QTest::newRow("~0 in a key is a tilde") << QByteArray(R"({"a~b":1})")
                                            << QByteArray(R"([{"op":"replace","path":"/a~0b","value":2}])")
                                            << QByteArray(R"({"a~b":2})");
    QTest::newRow("add at the array end index") << QByteArray(R"({"a":[1]})")
                                                << QByteArray(R"([{"op":"add","path":"/a/1","value":2}])")
                                                << QByteArray(R"({"a":[1,2]})");
    QTest::newRow("add replaces an existing member") << QByteArray(R"({"a":1})")
                                                     << QByteArray(R"([{"op":"add","path":"/a","value":2}])")
                                                     << QByteArray(R"({"a":2})");
    QTest::newRow("copy a subtree") << QByteArray(R"({"a":{"b":1}})")
                                    << QByteArray(R"([{"op":"copy","from":"/a","path":"/c"}])")
                                    << QByteArray(R"({"a":{"b":1},"c":{"b":1}})");
    QTest::newRow("replace the whole document") << QByteArray(R"({"a":1})")
                                                << QByteArray(R"([{"op":"replace","path":"","value":{"b":2}}])")
                                                << QByteArray(R"({"b":2})");
    QTest::newRow("ops see earlier ops' results")
        << QByteArray(R"({})")
        << QByteArray(R"([{"op":"add","path":"/a","value":[]},{"op":"add","path":"/a/-","value":1},{"op":"test","path":"/a/0","value":1}])")
        << QByteArray(R"({"a":[1]})");
    QTest::newRow("kubectl rollout undo replaces template and annotations")
        << QByteArray(R"({"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"2"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}})")
        << QByteArray(R"([{"op":"replace","path":"/spec/template","value":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}},{"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"1"}}])")
        << QByteArray(R"({"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"1"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}}}})");
    QTest::newRow("empty patch changes nothing") << QByteArray(R"({"a":1})") << QByteArray("[]")
                                                 << QByteArray(R"({"a":1})");
}

void TestPatch::jsonPatch()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    const auto result = applyJsonPatch(parse(target), parse(patch));
    QVERIFY2(result.ok(), result.status().toString().c_str());
    QCOMPARE(show(*result), show(parse(expected)));
}

void TestPatch::jsonPatchFailures_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("message");

    QTest::newRow("replace of a missing key")
        << QByteArray(R"({"spec":{"replicas":1}})") << QByteArray(R"([{"op":"replace","path":"/spec/foo","value":1}])")
        << "jsonpatch replace operation does not apply: doc is missing key: /spec/foo";
    QTest::newRow("replace under a missing parent")
        << QByteArray(R"({"spec":{}})") << QByteArray(R"([{"op":"replace","path":"/status/phase","value":"x"}])")
        << "jsonpatch replace operation does not apply: doc is missing path: /status/phase";
    QTest::newRow("rfc6902 A.9 failed test")
        << QByteArray(R"({"baz":"qux"})") << QByteArray(R"([{"op":"test","path":"/baz","value":"bar"}])")
        << "testing value /baz failed";
    QTest::newRow("rfc6902 A.12 add under a missing parent")
        << QByteArray(R"({"foo":"bar"})") << QByteArray(R"([{"op":"add","path":"/baz/bat","value":"qux"}])")
        << "jsonpatch add operation does not apply: doc is missing path: /baz/bat";
    QTest::newRow("rfc6902 A.15 string is not number")
        << QByteArray(R"({"/":9,"~1":10})") << QByteArray(R"([{"op":"test","path":"/~01","value":"10"}])")
        << "testing value /~01 failed";
    QTest::newRow("test of a missing path") << QByteArray(R"({})")
                                            << QByteArray(R"([{"op":"test","path":"/a","value":1}])")
                                            << "jsonpatch test operation does not apply: doc is missing path: /a";
    QTest::newRow("remove of a missing key") << QByteArray(R"({"a":1})")
                                             << QByteArray(R"([{"op":"remove","path":"/nope"}])")
                                             << "jsonpatch remove operation does not apply: doc is missing key: /nope";
    QTest::newRow("later failure undoes earlier ops")
        << QByteArray(R"({"a":1})")
        << QByteArray(R"([{"op":"add","path":"/b","value":2},{"op":"replace","path":"/a","value":3},{"op":"remove","path":"/missing"}])")
        << "jsonpatch remove operation does not apply: doc is missing key: /missing";
    QTest::newRow("add past the array end") << QByteArray(R"({"a":[1]})")
                                            << QByteArray(R"([{"op":"add","path":"/a/5","value":2}])")
                                            << "Unable to access invalid index: 5";
    QTest::newRow("index with a leading zero") << QByteArray(R"({"a":[1,2]})")
                                               << QByteArray(R"([{"op":"remove","path":"/a/01"}])")
                                               << "Unable to access invalid index: 01";
    QTest::newRow("dash is only for add") << QByteArray(R"({"a":[1]})")
                                          << QByteArray(R"([{"op":"replace","path":"/a/-","value":2}])")
                                          << "jsonpatch replace operation does not apply: doc is missing key: /a/-";
    QTest::newRow("move from a missing path")
        << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"move","from":"/x","path":"/y"}])")
        << "jsonpatch move operation does not apply: doc is missing from path: /x";
    QTest::newRow("move into its own child")
        << QByteArray(R"({"a":{"b":1}})") << QByteArray(R"([{"op":"move","from":"/a","path":"/a/b/c"}])")
        << "jsonpatch move operation does not apply: cannot move /a into its own child /a/b/c";
    QTest::newRow("copy from a missing path")
        << QByteArray(R"({"a":1})") << QByteArray(R"([{"op":"copy","from":"/x","path":"/y"}])")
        << "jsonpatch copy operation does not apply: doc is missing from path: /x";
    QTest::newRow("unknown op") << QByteArray(R"({})") << QByteArray(R"([{"op":"frob","path":"/a"}])")
                                << "Unexpected kind: frob";
    QTest::newRow("op missing") << QByteArray(R"({})") << QByteArray(R"([{"path":"/a","value":1}])")
                                << "Unexpected kind: unknown";
    QTest::newRow("value missing") << QByteArray(R"({})") << QByteArray(R"([{"op":"add","path":"/a"}])")
                                   << "jsonpatch add operation does not apply: missing value";
    QTest::newRow("pointer without leading slash")
        << QByteArray(R"({"spec":{}})") << QByteArray(R"([{"op":"replace","path":"spec","value":1}])")
        << R"(jsonpatch replace operation has an invalid JSON pointer: "spec")";
    QTest::newRow("bad tilde escape") << QByteArray(R"({})") << QByteArray(R"([{"op":"add","path":"/a~2","value":1}])")
                                      << R"(jsonpatch add operation has an invalid JSON pointer: "/a~2")";
    QTest::newRow("patch is not a list") << QByteArray(R"({})") << QByteArray(R"({"op":"add"})")
                                         << "json: cannot unmarshal object into Go value of type jsonpatch.Patch";
}

void TestPatch::jsonPatchFailures()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QString, message);
    const Json before = parse(target);
    const auto result = applyJsonPatch(before, parse(patch));
    QVERIFY(!result.ok());
    QCOMPARE(result.status().code(), StatusCode::Invalid);
    QCOMPARE(QString::fromStdString(result.status().message()), message);
    QCOMPARE(show(before), show(parse(target)));
}

void TestPatch::strategicMerge_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("kubectl apply from 5.2 drops sidecar, bumps image and replicas")
        << "Deployment" << kLiveDeployment << kApplyPatch << kPatchedDeployment;

    QTest::newRow("labels merge") << "Pod" << QByteArray(R"({"metadata":{"labels":{"app":"web"}}})")
                                  << QByteArray(R"({"metadata":{"labels":{"tier":"frontend"}}})")
                                  << QByteArray(R"({"metadata":{"labels":{"app":"web","tier":"frontend"}}})");
    QTest::newRow("null deletes a label") << "Pod" << QByteArray(R"({"metadata":{"labels":{"app":"web","tier":"fe"}}})")
                                          << QByteArray(R"({"metadata":{"labels":{"tier":null}}})")
                                          << QByteArray(R"({"metadata":{"labels":{"app":"web"}}})");
    QTest::newRow("null for an absent key is not stored") << "Pod" << QByteArray(R"({"spec":{}})")
                                                          << QByteArray(R"({"spec":{"nodeName":null}})")
                                                          << QByteArray(R"({"spec":{}})");
    QTest::newRow("env merges by name")
        << "Pod"
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}})");
    QTest::newRow("env null value field is removed inside the merged element")
        << "Pod"
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"A","value":null,"valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}})");
    QTest::newRow("new list item without order directive goes first, as upstream")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a","image":"x"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"y"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"y"},{"name":"a","image":"x"}]}})");
    QTest::newRow("ports merge by containerPort")
        << "Pod"
        << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"},{"containerPort":443}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443}]}]}})");
    QTest::newRow("delete directive removes a port")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80},{"containerPort":443}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"$patch":"delete"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","ports":[{"containerPort":443}]}]}})");
    QTest::newRow("volumeMounts merge by mountPath")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/data","name":"d"}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/data","name":"d","readOnly":true}]}]}})");
    QTest::newRow("finalizers take the union")
        << "Namespace" << QByteArray(R"({"metadata":{"finalizers":["a","b"]}})")
        << QByteArray(R"({"metadata":{"finalizers":["b","c"]}})")
        << QByteArray(R"({"metadata":{"finalizers":["a","b","c"]}})");
    QTest::newRow("deleteFromPrimitiveList removes a finalizer")
        << "Pod" << QByteArray(R"({"metadata":{"finalizers":["a","b","c"]}})")
        << QByteArray(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}})")
        << QByteArray(R"({"metadata":{"finalizers":["a","c"]}})");
    QTest::newRow("three-way finalizer patch orders, adds and deletes")
        << "Pod" << QByteArray(R"({"metadata":{"finalizers":["a","b"]}})")
        << QByteArray(R"({"metadata":{"$setElementOrder/finalizers":["b","c"],"$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["c"]}})")
        << QByteArray(R"({"metadata":{"finalizers":["b","c"]}})");
    QTest::newRow("ownerReferences merge by uid")
        << "ReplicaSet" << QByteArray(R"({"metadata":{"ownerReferences":[{"uid":"u1","name":"web","controller":true}]}})")
        << QByteArray(R"({"metadata":{"ownerReferences":[{"uid":"u1","blockOwnerDeletion":true}]}})")
        << QByteArray(R"({"metadata":{"ownerReferences":[{"uid":"u1","name":"web","controller":true,"blockOwnerDeletion":true}]}})");
    QTest::newRow("retainKeys: RollingUpdate to Recreate removes rollingUpdate")
        << "Deployment" << QByteArray(R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})")
        << QByteArray(R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})")
        << QByteArray(R"({"spec":{"strategy":{"type":"Recreate"}}})");
    QTest::newRow("without retainKeys rollingUpdate survives a type change")
        << "Deployment" << QByteArray(R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})")
        << QByteArray(R"({"spec":{"strategy":{"type":"Recreate"}}})")
        << QByteArray(R"({"spec":{"strategy":{"type":"Recreate","rollingUpdate":{"maxSurge":1}}}})");
    QTest::newRow("retainKeys on a volume switches its source")
        << "Pod" << QByteArray(R"({"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"keep","emptyDir":{}}]}})")
        << QByteArray(R"({"spec":{"volumes":[{"name":"data","configMap":{"name":"cfg"},"$retainKeys":["configMap","name"]}]}})")
        << QByteArray(R"({"spec":{"volumes":[{"name":"data","configMap":{"name":"cfg"}},{"name":"keep","emptyDir":{}}]}})");
    QTest::newRow("taints are replaced atomically")
        << "Node" << QByteArray(R"({"spec":{"taints":[{"key":"a","effect":"NoSchedule"},{"key":"b","effect":"NoExecute"}]}})")
        << QByteArray(R"({"spec":{"taints":[{"key":"c","effect":"NoSchedule"}]}})")
        << QByteArray(R"({"spec":{"taints":[{"key":"c","effect":"NoSchedule"}]}})");
    QTest::newRow("taints null removes them all") << "Node" << QByteArray(R"({"spec":{"taints":[{"key":"a"}],"unschedulable":true}})")
                                                  << QByteArray(R"({"spec":{"taints":null}})")
                                                  << QByteArray(R"({"spec":{"unschedulable":true}})");
    QTest::newRow("tolerations are replaced atomically")
        << "Pod" << QByteArray(R"({"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}})")
        << QByteArray(R"({"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}})")
        << QByteArray(R"({"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}})");
    QTest::newRow("command and args are replaced atomically")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"app","command":["sh","-c"],"args":["a","b"]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","args":["c"]}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"app","command":["sh","-c"],"args":["c"]}]}})");
    QTest::newRow("patch replace on a map replaces it")
        << "Pod" << QByteArray(R"({"spec":{"nodeSelector":{"a":"1","b":"2"}}})")
        << QByteArray(R"({"spec":{"nodeSelector":{"$patch":"replace","c":"3"}}})")
        << QByteArray(R"({"spec":{"nodeSelector":{"c":"3"}}})");
    QTest::newRow("patch delete on a map deletes it")
        << "Pod" << QByteArray(R"({"metadata":{"name":"p","labels":{"a":"1"}}})")
        << QByteArray(R"({"metadata":{"labels":{"$patch":"delete"}}})") << QByteArray(R"({"metadata":{"name":"p"}})");
    QTest::newRow("patch replace in a merge list replaces the list")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"c"},{"$patch":"replace"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"c"}]}})");
    QTest::newRow("setElementOrder reorders containers")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b"},{"name":"a"}]}})");
    QTest::newRow("setElementOrder places a new container")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"n"},{"name":"b"}],"containers":[{"name":"n","image":"y"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"n","image":"y"},{"name":"b"}]}})");
    QTest::newRow("server-only container at the end stays after the ordered ones")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"injected"}]}})")
        << QByteArray(R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b"},{"name":"a"},{"name":"injected"}]}})");
    QTest::newRow("server-only container in front keeps its live place, as upstream")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"injected"},{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"injected"},{"name":"b"},{"name":"a"}]}})");
    QTest::newRow("new list under an absent key loses its directives")
        << "Pod" << QByteArray(R"({"spec":{}})")
        << QByteArray(R"({"spec":{"initContainers":[{"name":"init","image":"x","env":[{"name":"E","value":null}]},{"name":"gone","$patch":"delete"}]}})")
        << QByteArray(R"({"spec":{"initContainers":[{"name":"init","image":"x","env":[{"name":"E"}]}]}})");
    QTest::newRow("CronJob job template uses pod rules")
        << "CronJob"
        << QByteArray(R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"job","env":[{"name":"A","value":"1"}]}]}}}}}})")
        << QByteArray(R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"job","env":[{"name":"A","value":"2"}]}]}}}}}})")
        << QByteArray(R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"job","env":[{"name":"A","value":"2"}]}]}}}}}})");
    QTest::newRow("ConfigMap has no pod rules, so a spec-like list is replaced")
        << "ConfigMap" << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"x"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"name":"b","image":"x"}]}})");
    QTest::newRow("Service ports merge by port")
        << "Service" << QByteArray(R"({"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}})")
        << QByteArray(R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})")
        << QByteArray(R"({"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443}]}})");
    QTest::newRow("Deployment status conditions merge by type")
        << "Deployment"
        << QByteArray(R"({"status":{"conditions":[{"type":"Available","status":"False"},{"type":"Progressing","status":"True"}]}})")
        << QByteArray(R"({"status":{"conditions":[{"type":"Available","status":"True"}]}})")
        << QByteArray(R"({"status":{"conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True"}]}})");
    QTest::newRow("Node addresses merge by type")
        << "Node" << QByteArray(R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"n1"}]}})")
        << QByteArray(R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.2"}]}})")
        << QByteArray(R"({"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.2"},{"type":"Hostname","address":"n1"}]}})");
    QTest::newRow("Pod podIPs merge by ip")
        << "Pod" << QByteArray(R"({"status":{"podIPs":[{"ip":"10.1.0.5"}]}})")
        << QByteArray(R"({"status":{"podIPs":[{"ip":"fd00::5"}]}})")
        << QByteArray(R"({"status":{"podIPs":[{"ip":"fd00::5"},{"ip":"10.1.0.5"}]}})");
    QTest::newRow("Pod containerStatuses are replaced")
        << "Pod" << QByteArray(R"({"status":{"containerStatuses":[{"name":"a","ready":false},{"name":"b"}]}})")
        << QByteArray(R"({"status":{"containerStatuses":[{"name":"a","ready":true}]}})")
        << QByteArray(R"({"status":{"containerStatuses":[{"name":"a","ready":true}]}})");
    QTest::newRow("imagePullSecrets and hostAliases merge")
        << "Pod" << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"r1"}],"hostAliases":[{"ip":"1.2.3.4","hostnames":["a"]}]}})")
        << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"r1"},{"name":"r2"}],"hostAliases":[{"ip":"1.2.3.4","hostnames":["b"]}]}})")
        << QByteArray(R"({"spec":{"imagePullSecrets":[{"name":"r1"},{"name":"r2"}],"hostAliases":[{"ip":"1.2.3.4","hostnames":["b"]}]}})");
    QTest::newRow("ServiceAccount secrets merge by name")
        << "ServiceAccount" << QByteArray(R"({"secrets":[{"name":"s1"}]})")
        << QByteArray(R"({"secrets":[{"name":"s1"},{"name":"s2"}]})")
        << QByteArray(R"({"secrets":[{"name":"s1"},{"name":"s2"}]})");
    QTest::newRow("empty patch changes nothing") << "Deployment" << kLiveDeployment << QByteArray("{}")
                                                 << kLiveDeployment;
}

void TestPatch::strategicMerge()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    const auto result = applyStrategicMergePatch(parse(target), parse(patch), kind.toStdString());
    QVERIFY2(result.ok(), result.status().toString().c_str());
    QCOMPARE(show(*result), show(parse(expected)));
}

void TestPatch::strategicMergeFailures_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QString>("message");

    QTest::newRow("delete directive without the merge key")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"$patch":"delete"}]}})")
        << R"(map: {"$patch":"delete"} does not contain declared merge key: name)";
    QTest::newRow("list item without the merge key")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"image":"x"}]}})")
        << R"(map: {"image":"x"} does not contain declared merge key: name)";
    QTest::newRow("unknown patch directive")
        << "Pod" << QByteArray(R"({"spec":{"nodeSelector":{"a":"1"}}})")
        << QByteArray(R"({"spec":{"nodeSelector":{"$patch":"frobnicate"}}})")
        << R"(unknown patch type: frobnicate in map: {"$patch":"frobnicate"})";
    QTest::newRow("merge directive inside a list")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"}]}})")
        << QByteArray(R"({"spec":{"containers":[{"$patch":"merge"}]}})")
        << "merging lists cannot yet be specified in the patch";
    QTest::newRow("retainKeys must name every patched field")
        << "Deployment" << QByteArray(R"({"spec":{"strategy":{"type":"RollingUpdate"}}})")
        << QByteArray(R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})")
        << "invalid patch format of retainKeys";
    QTest::newRow("setElementOrder disagreeing with the patch list")
        << "Pod" << QByteArray(R"({"spec":{"containers":[{"name":"a"},{"name":"b"}]}})")
        << QByteArray(R"({"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b","image":"y"},{"name":"a","image":"x"}]}})")
        << "the order in patch list:\n";
    QTest::newRow("setElementOrder without a list name")
        << "Pod" << QByteArray(R"({"spec":{}})") << QByteArray(R"({"spec":{"$setElementOrder":[]}})")
        << "invalid patch format of setElementOrder list";
    QTest::newRow("deleteFromPrimitiveList with objects")
        << "Pod" << QByteArray(R"({"metadata":{"finalizers":["a"]}})")
        << QByteArray(R"({"metadata":{"$deleteFromPrimitiveList/finalizers":[{"a":1}]}})")
        << "invalid patch format of primitive list";
    QTest::newRow("finalizers mixing strings and numbers")
        << "Pod" << QByteArray(R"({"metadata":{"finalizers":["a"]}})") << QByteArray(R"({"metadata":{"finalizers":[1]}})")
        << "list element types are not identical: ";
    QTest::newRow("lists of lists") << "Pod" << QByteArray(R"({"metadata":{"finalizers":[["a"]]}})")
                                    << QByteArray(R"({"metadata":{"finalizers":[["b"]]}})")
                                    << "lists of lists are not supported";
    QTest::newRow("patch is not an object") << "Pod" << QByteArray(R"({})") << QByteArray("[]")
                                            << "invalid JSON document";
}

void TestPatch::strategicMergeFailures()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QString, message);
    const auto result = applyStrategicMergePatch(parse(target), parse(patch), kind.toStdString());
    QVERIFY(!result.ok());
    QCOMPARE(result.status().code(), StatusCode::Invalid);
    const QString actual = QString::fromStdString(result.status().message());
    QVERIFY2(actual.startsWith(message), qPrintable(actual));
}

void TestPatch::strategicMergeLeavesInputsUnchanged()
{
    const Json target = parse(kLiveDeployment);
    const Json patch = parse(kApplyPatch);
    const auto result = applyStrategicMergePatch(target, patch, "Deployment");
    QVERIFY(result.ok());
    QCOMPARE(show(target), show(parse(kLiveDeployment)));
    QCOMPARE(show(patch), show(parse(kApplyPatch)));
}

QTEST_GUILESS_MAIN(TestPatch)
#include "tst_patch.moc"
