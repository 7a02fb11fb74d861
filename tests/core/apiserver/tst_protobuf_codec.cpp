#include "core/apiserver/protobuf_codec.h"
#include "core/api/json.h"
#include "core/proto/k8s/apps_v1.pb.h"
#include "core/proto/k8s/authentication_v1.pb.h"
#include "core/proto/k8s/core_v1.pb.h"
#include "core/proto/k8s/runtime.pb.h"
#include "tests/support/json_compare.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <string>

using namespace k8slab;
using namespace k8slab::apiserver;
using api::Json;

// Declared before the expected objects: moc (Qt 6.4) mis-lexes raw strings holding "//"
// or \", and only needs to see this class.
class TestProtobufCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesWhatKubectlSends_data();
    void decodesWhatKubectlSends();
    void writesGoJsonForms_data();
    void writesGoJsonForms();
    void refusesBodiesItCannotDecodeFaithfully_data();
    void refusesBodiesItCannotDecodeFaithfully();
    void listsTheKindsItDecodes();
};

namespace {

constexpr std::string_view kMagic{"k8s\0", 4};

// The captured bodies: protobuf/<name>.pb is the request body kubectl v1.32.4 (the
// dispatcher's built-in client; v1.32.5 for autoscale) POSTed for the command in the row name, recorded by a
// throw-away HTTP server on 127.0.0.1. Each expected object is the JSON the same command
// writes with --dry-run=client -o json (what kubectl 1.31 would have sent as JSON).
QByteArray fixture(const char *name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("protobuf/%1.pb").arg(QLatin1String(name)));
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

// A body as the API machinery frames it: magic, then the envelope around the object.
QByteArray frame(const k8s::runtime::Unknown &envelope)
{
    return QByteArray(kMagic.data(), static_cast<qsizetype>(kMagic.size()))
        + QByteArray::fromStdString(envelope.SerializeAsString());
}

QByteArray body(const std::string &apiVersion, const std::string &kind, const google::protobuf::Message &object)
{
    k8s::runtime::Unknown envelope;
    envelope.mutable_typemeta()->set_apiversion(apiVersion);
    envelope.mutable_typemeta()->set_kind(kind);
    envelope.set_raw(object.SerializeAsString());
    return frame(envelope);
}

// The envelope of a captured body, to alter one part of it.
k8s::runtime::Unknown envelopeOf(const QByteArray &captured)
{
    k8s::runtime::Unknown envelope;
    const QByteArray payload = captured.mid(static_cast<qsizetype>(kMagic.size()));
    envelope.ParseFromArray(payload.constData(), static_cast<int>(payload.size()));
    return envelope;
}

} // namespace

void TestProtobufCodec::decodesWhatKubectlSends_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *command, const char *file, const char *json) {
        QTest::newRow(command) << fixture(file) << QString::fromUtf8(json);
    };
    row("create namespace teach", "namespace",
        R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"teach","creationTimestamp":null},
            "spec":{},"status":{}})");
    row("create configmap cm --from-literal=a=b", "configmap",
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","creationTimestamp":null},
            "data":{"a":"b"}})");
    row("create configmap files --from-file=bin.dat --from-file=app.conf --from-literal=z=", "configmap_from_files",
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"files","creationTimestamp":null},
            "data":{"app.conf":"x=1\n","z":""},
            "binaryData":{"bin.dat":"3XKxt26E6MYJ9GOnUqLsKIW6kw7K8Ut28TpTgBynXqTsZhop/x5R4NrnEfqRVthntVJ8nwzp015/YzlflRUGJg=="}})");
    row("create secret generic s --from-literal=k=v", "secret_generic",
        R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","creationTimestamp":null},
            "data":{"k":"dg=="}})");
    row("create secret docker-registry reg --docker-server=r.example --docker-username=u --docker-password=p",
        "secret_docker",
        R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"reg","creationTimestamp":null},
            "data":{".dockerconfigjson":"eyJhdXRocyI6eyJyLmV4YW1wbGUiOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiYXV0aCI6ImRUcHcifX19"},
            "type":"kubernetes.io/dockerconfigjson"})");
    row("create deployment web --image=nginx:1.27 --replicas=3 --port=80", "deployment",
        R"({"apiVersion":"apps/v1","kind":"Deployment",
            "metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
            "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"strategy":{},
                    "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
                                "spec":{"containers":[{"name":"nginx","image":"nginx:1.27",
                                                       "ports":[{"containerPort":80}],"resources":{}}]}}},
            "status":{}})");
    row("create deployment multi --image=nginx --image=busybox:1.36 --replicas=0", "deployment_two_images",
        R"({"apiVersion":"apps/v1","kind":"Deployment",
            "metadata":{"name":"multi","creationTimestamp":null,"labels":{"app":"multi"}},
            "spec":{"replicas":0,"selector":{"matchLabels":{"app":"multi"}},"strategy":{},
                    "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"multi"}},
                                "spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}},
                                                      {"name":"busybox","image":"busybox:1.36","resources":{}}]}}},
            "status":{}})");
    row("create service clusterip web --tcp=80:8080", "service_clusterip",
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
            "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],
                    "selector":{"app":"web"},"type":"ClusterIP"},
            "status":{"loadBalancer":{}}})");
    row("create service nodeport web --tcp=80:8080", "service_nodeport",
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
            "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],
                    "selector":{"app":"web"},"type":"NodePort"},
            "status":{"loadBalancer":{}}})");
    row("create service loadbalancer lb --tcp=443:8443", "service_loadbalancer",
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"lb","creationTimestamp":null,"labels":{"app":"lb"}},
            "spec":{"ports":[{"name":"443-8443","protocol":"TCP","port":443,"targetPort":8443}],
                    "selector":{"app":"lb"},"type":"LoadBalancer"},
            "status":{"loadBalancer":{}}})");
    row("create service externalname ext --external-name=example.com", "service_externalname",
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"ext","creationTimestamp":null,"labels":{"app":"ext"}},
            "spec":{"selector":{"app":"ext"},"type":"ExternalName","externalName":"example.com"},
            "status":{"loadBalancer":{}}})");
    row("create job j --image=busybox -- echo hi", "job",
        R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j","creationTimestamp":null},
            "spec":{"template":{"metadata":{"creationTimestamp":null},
                                "spec":{"containers":[{"name":"j","image":"busybox","command":["echo","hi"],"resources":{}}],
                                        "restartPolicy":"Never"}}},
            "status":{}})");
    row("create cronjob c --image=busybox --schedule=*/1 * * * *", "cronjob",
        R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"c","creationTimestamp":null},
            "spec":{"schedule":"*/1 * * * *",
                    "jobTemplate":{"metadata":{"name":"c","creationTimestamp":null},
                                   "spec":{"template":{"metadata":{"creationTimestamp":null},
                                                       "spec":{"containers":[{"name":"c","image":"busybox","resources":{}}],
                                                               "restartPolicy":"OnFailure"}}}}},
            "status":{}})");
    row("create serviceaccount sa", "serviceaccount",
        R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa","creationTimestamp":null}})");
    row("create pdb p --selector=app=web --min-available=1", "pdb",
        R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"p","creationTimestamp":null},
            "spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}},
            "status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}})");
    row("create pdb pp --selector=app=web,tier=fe --max-unavailable=50%", "pdb_max_unavailable",
        R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"pp","creationTimestamp":null},
            "spec":{"selector":{"matchLabels":{"app":"web","tier":"fe"}},"maxUnavailable":"50%"},
            "status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}})");
    row("create priorityclass high --value=1000", "priorityclass",
        R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high","creationTimestamp":null},
            "value":1000,"preemptionPolicy":"PreemptLowerPriority"})");
    row("create priorityclass low --value=0 --global-default --description=batch --preemption-policy=Never",
        "priorityclass_all_flags",
        R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"low","creationTimestamp":null},
            "value":0,"globalDefault":true,"description":"batch","preemptionPolicy":"Never"})");
    row("autoscale deployment web2 --cpu-percent=50 --min=1 --max=10", "autoscale",
        R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web2","creationTimestamp":null},
            "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web2","apiVersion":"apps/v1"},
                    "minReplicas":1,"maxReplicas":10,"targetCPUUtilizationPercentage":50},
            "status":{"currentReplicas":0,"desiredReplicas":0}})");
    row("autoscale deployment php-apache --max=5 --name=php-hpa", "autoscale_defaults",
        R"({"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"php-hpa","creationTimestamp":null},
            "spec":{"scaleTargetRef":{"kind":"Deployment","name":"php-apache","apiVersion":"apps/v1"},"maxReplicas":5},
            "status":{"currentReplicas":0,"desiredReplicas":0}})");
    row("create quota q --hard=pods=10", "quota",
        R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q","creationTimestamp":null},
            "spec":{"hard":{"pods":"10"}},"status":{}})");
    row("create quota qs --hard=cpu=1,memory=1G,count/jobs.batch=5 --scopes=BestEffort,NotTerminating", "quota_scopes",
        R"({"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"qs","creationTimestamp":null},
            "spec":{"hard":{"count/jobs.batch":"5","cpu":"1","memory":"1G"},"scopes":["BestEffort","NotTerminating"]},
            "status":{}})");
    // The reviews of kubectl auth (1.32.4): the client sends an empty status too.
    row("auth can-i create pods", "auth_can_i",
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{"creationTimestamp":null},
            "spec":{"resourceAttributes":{"namespace":"default","verb":"create","resource":"pods"}},
            "status":{"allowed":false}})");
    row("auth can-i list deployments.apps -n kube-system --subresource=scale", "auth_can_i_subresource",
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{"creationTimestamp":null},
            "spec":{"resourceAttributes":{"namespace":"kube-system","verb":"list","group":"apps","resource":"deployments",
                                          "subresource":"scale"}},
            "status":{"allowed":false}})");
    row("auth can-i get /healthz", "auth_can_i_nonresource",
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","metadata":{"creationTimestamp":null},
            "spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"}},"status":{"allowed":false}})");
    // Go writes the two nil rule lists as null; absent and null mean the same to the server.
    row("auth can-i --list", "auth_can_i_list",
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","metadata":{"creationTimestamp":null},
            "spec":{"namespace":"default"},"status":{"incomplete":false}})");
    row("auth whoami", "auth_whoami",
        R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview","metadata":{"creationTimestamp":null},
            "status":{"userInfo":{}}})");
}

void TestProtobufCodec::decodesWhatKubectlSends()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    QVERIFY2(!body.isEmpty(), "fixture missing");
    const auto decoded = decodeProtobufObject(view(body));
    QVERIFY2(decoded.ok(), decoded.status().toString().c_str());
    QCOMPARE(*decoded, Json::parse(expected.toStdString()));
}

void TestProtobufCodec::writesGoJsonForms_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");

    {
        // Pointers set to zero stay (replicas: 0 is not "unset"); IntOrString as string and
        // number; embedded LocalObjectReference inlined; an empty env value left out.
        k8s::apps::v1::Deployment d;
        d.mutable_metadata()->set_name("d");
        d.mutable_metadata()->set_namespace_("shop");
        d.mutable_metadata()->mutable_creationtimestamp()->set_seconds(1735689600);
        auto *spec = d.mutable_spec();
        spec->set_replicas(0);
        spec->mutable_strategy()->set_type("RollingUpdate");
        spec->mutable_strategy()->mutable_rollingupdate()->mutable_maxsurge()->set_type(1);
        spec->mutable_strategy()->mutable_rollingupdate()->mutable_maxsurge()->set_strval("25%");
        spec->mutable_strategy()->mutable_rollingupdate()->mutable_maxunavailable()->set_type(0);
        spec->mutable_strategy()->mutable_rollingupdate()->mutable_maxunavailable()->set_intval(0);
        auto *container = spec->mutable_template_()->mutable_spec()->add_containers();
        container->set_name("app");
        container->set_stdin(false);
        auto *plain = container->add_env();
        plain->set_name("EMPTY");
        plain->set_value("");
        auto *fromSecret = container->add_env();
        fromSecret->set_name("TOKEN");
        fromSecret->mutable_valuefrom()->mutable_secretkeyref()->mutable_localobjectreference()->set_name("creds");
        fromSecret->mutable_valuefrom()->mutable_secretkeyref()->set_key("token");
        container->add_envfrom()->mutable_configmapref()->mutable_localobjectreference()->set_name("settings");
        (*container->mutable_resources()->mutable_limits())["cpu"].set_string("500m");
        QTest::newRow("zero pointers kept, IntOrString, embedded references, quantities, times")
            << body("apps/v1", "Deployment", d)
            << QString::fromUtf8(R"({"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"d","namespace":"shop","creationTimestamp":"2025-01-01T00:00:00Z"},
                 "spec":{"replicas":0,
                         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}},
                         "template":{"spec":{"containers":[{"name":"app",
                             "env":[{"name":"EMPTY"},{"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"creds","key":"token"}}}],
                             "envFrom":[{"configMapRef":{"name":"settings"}}],
                             "resources":{"limits":{"cpu":"500m"}}}]}}}})");
    }
    {
        // []byte values are standard base64; a pointer bool set to false stays.
        k8s::core::v1::Secret s;
        s.mutable_metadata()->set_name("bin");
        (*s.mutable_data())["blob"] = std::string("\x00\xff", 2);
        s.set_immutable(false);
        s.set_type("Opaque");
        QTest::newRow("bytes as base64, immutable false kept")
            << body("v1", "Secret", s)
            << QString::fromUtf8(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"bin"},
                 "data":{"blob":"AP8="},"immutable":false,"type":"Opaque"})");
    }
    {
        // Owner references keep their false flags; managed fields keep their JSON and time.
        k8s::core::v1::ConfigMap cm;
        cm.mutable_metadata()->set_name("owned");
        auto *owner = cm.mutable_metadata()->add_ownerreferences();
        owner->set_apiversion("v1");
        owner->set_kind("Namespace");
        owner->set_name("teach");
        owner->set_uid("u-1");
        owner->set_controller(false);
        auto *managed = cm.mutable_metadata()->add_managedfields();
        managed->set_manager("kubectl-create");
        managed->set_operation("Update");
        managed->mutable_time()->set_seconds(1735689661);
        managed->set_fieldstype("FieldsV1");
        managed->mutable_fieldsv1()->set_raw(R"({"f:data":{".":{}}})");
        QTest::newRow("owner references and managed fields")
            << body("v1", "ConfigMap", cm)
            << QString::fromUtf8(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owned",
                 "ownerReferences":[{"apiVersion":"v1","kind":"Namespace","name":"teach","uid":"u-1","controller":false}],
                 "managedFields":[{"manager":"kubectl-create","operation":"Update","time":"2025-01-01T00:01:01Z",
                                   "fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{}}}}]}})");
    }
    {
        // authentication/v1 ExtraValue is a list in JSON, not {"items": [...]}.
        k8s::authentication::v1::SelfSubjectReview review;
        auto *user = review.mutable_status()->mutable_userinfo();
        user->set_username("jane");
        user->add_groups("devs");
        auto &scopes = (*user->mutable_extra())["scopes"];
        scopes.add_items("read");
        scopes.add_items("write");
        QTest::newRow("extra values as lists")
            << body("authentication.k8s.io/v1", "SelfSubjectReview", review)
            << QString::fromUtf8(R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview",
                 "status":{"userInfo":{"username":"jane","groups":["devs"],"extra":{"scopes":["read","write"]}}}})");
    }
}

void TestProtobufCodec::writesGoJsonForms()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const auto decoded = decodeProtobufObject(view(body));
    QVERIFY2(decoded.ok(), decoded.status().toString().c_str());
    QCOMPARE(*decoded, Json::parse(expected.toStdString()));
}

void TestProtobufCodec::refusesBodiesItCannotDecodeFaithfully_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messagePart");

    const QByteArray ns = fixture("namespace");
    const QByteArray deployment = fixture("deployment");

    QTest::newRow("bad magic") << QByteArray("k8x") + ns.mid(3) << QStringLiteral("magic bytes");
    QTest::newRow("JSON body sent as Protobuf") << QByteArray(R"({"kind":"Namespace"})") << QStringLiteral("magic bytes");
    QTest::newRow("empty body") << QByteArray() << QStringLiteral("magic bytes");
    QTest::newRow("truncated envelope") << ns.left(ns.size() - 10) << QStringLiteral("envelope cannot be read");
    {
        auto envelope = envelopeOf(deployment);
        envelope.set_raw(envelope.raw().substr(0, envelope.raw().size() / 2));
        QTest::newRow("truncated raw") << frame(envelope)
                                       << QStringLiteral("the apps/v1 Deployment in it cannot be read");
    }
    {
        auto envelope = envelopeOf(ns);
        envelope.mutable_typemeta()->set_kind("Pod");
        QTest::newRow("unknown kind names the supported ones")
            << frame(envelope) << QStringLiteral("kind \"Pod\" in version \"v1\" are not supported by this server; "
                                                 "it decodes v1 Namespace, v1 ConfigMap");
    }
    {
        auto envelope = envelopeOf(deployment);
        envelope.mutable_typemeta()->set_apiversion("apps/v1beta2");
        QTest::newRow("known kind in an unsupported version")
            << frame(envelope) << QStringLiteral("\"Deployment\" in version \"apps/v1beta2\" are not supported");
    }
    {
        // Field 99 of Namespace, a varint: what a newer client could send.
        auto envelope = envelopeOf(ns);
        envelope.set_raw(envelope.raw() + std::string("\x98\x06\x01", 3));
        QTest::newRow("unknown field at the top level")
            << frame(envelope) << QStringLiteral("field number 99 of core.v1.Namespace at the top level of the object");
    }
    {
        // A volume mount (Container field 9) is not decoded: refused, not dropped.
        k8s::apps::v1::Deployment d;
        auto *container = d.mutable_spec()->mutable_template_()->mutable_spec()->add_containers();
        container->set_name("app");
        container->GetReflection()->MutableUnknownFields(container)->AddLengthDelimited(9, "\x0a\x04" "data");
        QTest::newRow("unknown field deep inside names its path")
            << body("apps/v1", "Deployment", d)
            << QStringLiteral("field number 9 of core.v1.Container at spec.template.spec.containers[0]");
    }
    {
        // Without NDEBUG the generated code logs a libprotobuf ERROR line for this one
        // (proto2 checks UTF-8 only to log, only in debug builds); the decoder refuses it.
        k8s::core::v1::Namespace n;
        n.mutable_metadata()->set_name("bad\xff");
        QTest::newRow("string that is not UTF-8") << body("v1", "Namespace", n)
                                                  << QStringLiteral("not valid UTF-8 at metadata.name");
    }
    {
        k8s::apps::v1::Deployment d;
        d.mutable_spec()->mutable_strategy()->mutable_rollingupdate()->mutable_maxsurge()->set_type(7);
        QTest::newRow("IntOrString of unknown type")
            << body("apps/v1", "Deployment", d)
            << QStringLiteral("IntOrString of unknown type 7 at spec.strategy.rollingUpdate.maxSurge");
    }
    {
        auto envelope = envelopeOf(ns);
        envelope.set_contentencoding("gzip");
        QTest::newRow("compressed payload") << frame(envelope) << QStringLiteral("content encoding \"gzip\"");
    }
}

void TestProtobufCodec::refusesBodiesItCannotDecodeFaithfully()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);
    const auto decoded = decodeProtobufObject(view(body));
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.status().code(), StatusCode::BadRequest);
    QVERIFY2(QString::fromStdString(decoded.status().message()).contains(messagePart),
             decoded.status().message().c_str());
}

void TestProtobufCodec::listsTheKindsItDecodes()
{
    const std::vector<std::string> kinds = supportedProtobufKinds();
    QCOMPARE(kinds.size(), std::size_t{20});
    for (const char *kind : {"v1 Namespace", "v1 ConfigMap", "v1 Secret", "v1 ServiceAccount", "v1 Service",
                             "v1 ResourceQuota", "apps/v1 Deployment", "batch/v1 Job", "batch/v1 CronJob",
                             "autoscaling/v1 HorizontalPodAutoscaler",
                             "policy/v1 PodDisruptionBudget", "scheduling.k8s.io/v1 PriorityClass",
                             "authorization.k8s.io/v1 SelfSubjectAccessReview",
                             "authorization.k8s.io/v1 SelfSubjectRulesReview", "authentication.k8s.io/v1 SelfSubjectReview",
                             "authentication.k8s.io/v1 TokenRequest", "rbac.authorization.k8s.io/v1 Role",
                             "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 RoleBinding",
                             "rbac.authorization.k8s.io/v1 ClusterRoleBinding"})
        QVERIFY2(std::find(kinds.begin(), kinds.end(), kind) != kinds.end(), kind);
}

QTEST_GUILESS_MAIN(TestProtobufCodec)
#include "tst_protobuf_codec.moc"
