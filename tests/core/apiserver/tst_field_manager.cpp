// The field manager: who owns which field after creates, updates and status writes, and
// server-side apply's merge, pruning and conflicts — the behaviour upstream's
// structured-merge-diff gives the same inputs.
#include "core/apiserver/field_manager.h"
#include "core/apiserver/schema_lookup.h"
#include "core/apiserver/schema_merge.h"

#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab::apiserver;
using k8slab::StatusCode;
using k8slab::api::Json;

namespace {

const typed::ObjectType kDeployment{"apps/v1", "Deployment"};
const typed::ObjectType kPod{"v1", "Pod"};

Json deployment(int replicas, const Json &labels = {{"app", "web"}})
{
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}, {"namespace", "default"}, {"labels", labels}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", {{"app", "web"}}}}},
              {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}}},
              {"template",
               {{"metadata", {{"labels", {{"app", "web"}}}}},
                {"spec", {{"containers", Json::array({{{"name", "nginx"}, {"image", "nginx:1.27"}}})}}}}}}}};
}

// The live object as the store would hold it: created by `manager`.
Json created(const Json &object, const std::string &manager)
{
    Json live = object;
    recordUpdate(nullptr, live, {manager, "", "2025-01-01T00:00:00Z"}, kDeployment);
    live["metadata"]["uid"] = "u-1";
    live["metadata"]["resourceVersion"] = "7";
    return live;
}

const Json &entryOf(const Json &object, const std::string &manager)
{
    static const Json none;
    for (const Json &entry : object["metadata"]["managedFields"])
        if (entry["manager"] == manager)
            return entry;
    return none;
}

FieldSet fieldsOf(const Json &object, const std::string &manager)
{
    const Json &entry = entryOf(object, manager);
    if (entry.is_null())
        return {};
    return *FieldSet::fromFieldsV1(entry["fieldsV1"]);
}

const FieldPath kReplicas = {"f:spec", "f:replicas"};

ApplyOptions applier(const std::string &manager, bool force = false)
{
    ApplyOptions options;
    options.owner = {manager, "", "2025-01-01T00:01:00Z"};
    options.force = force;
    options.ignoreStatus = true;
    return options;
}

} // namespace

class TestFieldManager : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createOwnsWhatWasSentButNotTheServersFields()
    {
        const Json live = created(deployment(3), "kubectl-create");
        const Json &entry = entryOf(live, "kubectl-create");
        QCOMPARE(entry["operation"], Json("Update"));
        QCOMPARE(entry["apiVersion"], Json("apps/v1"));
        QCOMPARE(entry["time"], Json("2025-01-01T00:00:00Z"));
        QCOMPARE(entry["fieldsType"], Json("FieldsV1"));
        const Json &fields = entry["fieldsV1"];
        // A map and a pointer structure the create added are paths of their own ("."); the
        // value structures Go's zero object already holds (spec, strategy, template) are not.
        QVERIFY(fields["f:metadata"]["f:labels"].contains("."));
        QVERIFY(fields["f:spec"]["f:strategy"]["f:rollingUpdate"].contains("."));
        QVERIFY(!fields["f:spec"].contains("."));
        QVERIFY(!fields["f:spec"]["f:strategy"].contains("."));
        QVERIFY(!fields["f:spec"]["f:template"].contains("."));
        QCOMPARE(fields["f:spec"]["f:selector"], Json::object()); // an atomic structure is one field
        QVERIFY(fields["f:spec"]["f:template"]["f:spec"]["f:containers"].contains(R"(k:{"name":"nginx"})"));
        QVERIFY(!fields["f:metadata"].contains("f:name"));
        QVERIFY(!fields.contains("f:apiVersion"));
    }

    void anUpdateTakesTheFieldsItChanges()
    {
        Json live = created(deployment(3), "kubectl-create");
        Json next = live;
        next["spec"]["replicas"] = 5;
        recordUpdate(&live, next, {"kubectl", "scale", "2025-01-01T00:02:00Z"}, kDeployment);
        QVERIFY(!fieldsOf(next, "kubectl-create").has(kReplicas));
        QVERIFY(fieldsOf(next, "kubectl").has(kReplicas));
        QCOMPARE(entryOf(next, "kubectl")["subresource"], Json("scale"));
        // Ordered as upstream orders them: by time.
        QCOMPARE(next["metadata"]["managedFields"][0]["manager"], Json("kubectl-create"));

        // Writing the same value again changes nothing, not even the time.
        Json again = next;
        recordUpdate(&next, again, {"kubectl", "scale", "2025-01-01T00:09:00Z"}, kDeployment);
        QCOMPARE(again["metadata"]["managedFields"], next["metadata"]["managedFields"]);
    }

    void aStatusWriteIsAnEntryOfItsOwn()
    {
        Json live = created(deployment(3), "kubectl-create");
        Json next = live;
        next["status"] = {{"replicas", 3}, {"conditions", Json::array({{{"type", "Available"}, {"status", "True"}}})}};
        // A subresource write keeps the live managedFields whatever its body says.
        next["metadata"]["managedFields"] = Json::array({Json::object()});
        recordUpdate(&live, next, {"kube-controller-manager", "status", "2025-01-01T00:03:00Z"}, kDeployment);
        const FieldSet status = fieldsOf(next, "kube-controller-manager");
        QVERIFY(status.has({"f:status", "f:replicas"}));
        QVERIFY(status.has({"f:status", "f:conditions", R"(k:{"type":"Available"})"}));
        QCOMPARE(entryOf(next, "kube-controller-manager")["subresource"], Json("status"));
        QVERIFY(fieldsOf(next, "kubectl-create").has(kReplicas));
    }

    void clientsMayResetManagedFields()
    {
        Json live = created(deployment(3), "kubectl-create");
        Json next = live;
        next["metadata"]["managedFields"] = Json::array({Json::object()});
        recordUpdate(&live, next, {"kubectl-patch", "", "2025-01-01T00:04:00Z"}, kDeployment);
        QVERIFY(!next["metadata"].contains("managedFields"));
        // Without managedFields in the body the live ones stay.
        Json kept = live;
        kept["metadata"].erase("managedFields");
        recordUpdate(&live, kept, {"kubectl-patch", "", "2025-01-01T00:04:00Z"}, kDeployment);
        QCOMPARE(kept["metadata"]["managedFields"], live["metadata"]["managedFields"]);
    }

    void moreThanTenUpdatersMergeIntoAncientChanges()
    {
        Json live = created(deployment(1), "creator");
        for (int i = 0; i < 11; ++i) {
            Json next = live;
            next["metadata"]["annotations"]["note-" + std::to_string(i)] = "x";
            recordUpdate(&live, next, {"writer-" + std::to_string(i), "", "2025-01-01T00:00:" + std::to_string(10 + i) + "Z"},
                         kDeployment);
            live = next;
        }
        QCOMPARE(live["metadata"]["managedFields"].size(), std::size_t(10));
        QVERIFY(!entryOf(live, "ancient-changes").is_null());
        QVERIFY(entryOf(live, "creator").is_null());
    }

    void applyCreatesAndOwnsExactlyTheConfiguration()
    {
        const Json config = deployment(2);
        auto merged = applyConfiguration(nullptr, config, applier("kubectl"), kDeployment);
        QVERIFY(merged.ok());
        QCOMPARE((*merged)["spec"]["replicas"], Json(2));
        const Json &entry = entryOf(*merged, "kubectl");
        QCOMPARE(entry["operation"], Json("Apply"));
        QCOMPARE((*merged)["metadata"]["managedFields"].size(), std::size_t(1));
        const FieldSet owned = fieldsOf(*merged, "kubectl");
        QVERIFY(owned.has(kReplicas));
        QVERIFY(owned.has({"f:spec", "f:template", "f:spec", "f:containers", R"(k:{"name":"nginx"})", "f:image"}));
        QVERIFY(!owned.has({"f:metadata", "f:name"}));
    }

    void applyRemovesWhatTheManagerStoppedApplying()
    {
        auto first = applyConfiguration(nullptr, deployment(2, {{"app", "web"}, {"tier", "front"}}), applier("kubectl"),
                                        kDeployment);
        QVERIFY(first.ok());
        Json live = *first;
        // Another manager adds a label of its own.
        Json labelled = live;
        labelled["metadata"]["labels"]["team"] = "blue";
        recordUpdate(&live, labelled, {"kubectl-label", "", "2025-01-01T00:05:00Z"}, kDeployment);
        live = labelled;

        auto second = applyConfiguration(&live, deployment(2, {{"app", "web"}}), applier("kubectl"), kDeployment);
        QVERIFY(second.ok());
        QCOMPARE((*second)["metadata"]["labels"], (Json{{"app", "web"}, {"team", "blue"}}));
        QVERIFY(!fieldsOf(*second, "kubectl").has({"f:metadata", "f:labels", "f:tier"}));
        QVERIFY(fieldsOf(*second, "kubectl-label").has({"f:metadata", "f:labels", "f:team"}));
    }

    void applyConflictsWithAnotherManagersField()
    {
        Json live = created(deployment(3), "kubectl-create");
        auto refused = applyConfiguration(&live, deployment(5), applier("kubectl"), kDeployment);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.status().code(), StatusCode::Conflict);
        QCOMPARE(refused.status().message(),
                 std::string(R"(Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas)"));
        QCOMPARE(refused.status().causes().size(), std::size_t(1));
        QCOMPARE(refused.status().causes()[0].field, std::string(".spec.replicas"));
        QCOMPARE(refused.status().causes()[0].reason, std::string("FieldManagerConflict"));
        QCOMPARE(refused.status().causes()[0].message, std::string(R"(conflict with "kubectl-create" using apps/v1)"));

        // The same value is no conflict: both managers own it.
        auto shared = applyConfiguration(&live, deployment(3), applier("kubectl"), kDeployment);
        QVERIFY(shared.ok());
        QVERIFY(fieldsOf(*shared, "kubectl").has(kReplicas));
        QVERIFY(fieldsOf(*shared, "kubectl-create").has(kReplicas));

        // Forced, the applier takes the field.
        auto forced = applyConfiguration(&live, deployment(5), applier("kubectl", true), kDeployment);
        QVERIFY(forced.ok());
        QCOMPARE((*forced)["spec"]["replicas"], Json(5));
        QVERIFY(fieldsOf(*forced, "kubectl").has(kReplicas));
        QVERIFY(!fieldsOf(*forced, "kubectl-create").has(kReplicas));
    }

    void severalConflictsAreListedByManager()
    {
        Json live = created(deployment(3), "kubectl-create");
        Json scaled = live;
        scaled["spec"]["replicas"] = 4;
        recordUpdate(&live, scaled, {"kubectl", "scale", "2025-01-01T00:06:00Z"}, kDeployment);
        Json config = deployment(6);
        config["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28";
        config["spec"]["strategy"]["rollingUpdate"]["maxSurge"] = 1;
        auto refused = applyConfiguration(&scaled, config, applier("ci"), kDeployment);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.status().message(),
                 std::string("Apply failed with 3 conflicts: conflicts with \"kubectl\" with subresource \"scale\" using apps/v1:\n"
                             "- .spec.replicas\n"
                             "conflicts with \"kubectl-create\" using apps/v1:\n"
                             "- .spec.strategy.rollingUpdate.maxSurge\n"
                             "- .spec.template.spec.containers[name=\"nginx\"].image"));
        QCOMPARE(refused.status().causes().size(), std::size_t(3));
    }

    void kubectlTakesOverFromClientSideApply()
    {
        // Created by client-side apply: its annotation says replicas 3, and the object still has 3.
        Json object = deployment(3);
        Json recorded = deployment(3);
        recorded["metadata"].erase("namespace");
        object["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = recorded.dump() + "\n";
        Json live = created(object, "kubectl-client-side-apply");
        auto applied = applyConfiguration(&live, deployment(5), applier("kubectl"), kDeployment);
        QVERIFY2(applied.ok(), applied.status().message().c_str());
        QCOMPARE((*applied)["spec"]["replicas"], Json(5));
        // ... and keeps the annotation in step.
        const Json annotation = Json::parse(
            (*applied)["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"].get<std::string>());
        QCOMPARE(annotation["spec"]["replicas"], Json(5));
        // Another manager name gets no such pass.
        QVERIFY(!applyConfiguration(&live, deployment(5), applier("ci"), kDeployment).ok());
    }

    void listsMergeByTheirKeys()
    {
        Json pod = {{"apiVersion", "v1"},
                    {"kind", "Pod"},
                    {"metadata", {{"name", "p"}}},
                    {"spec",
                     {{"containers",
                       Json::array({{{"name", "a"}, {"image", "a:1"}, {"ports", Json::array({{{"containerPort", 80}, {"protocol", "TCP"}}})}},
                                    {{"name", "b"}, {"image", "b:1"}}})}}}};
        // A configuration names container a only, leaves out the port's protocol (TCP by
        // default, so the same port) and adds a sidecar.
        Json config = {{"apiVersion", "v1"},
                       {"kind", "Pod"},
                       {"metadata", {{"name", "p"}}},
                       {"spec",
                        {{"containers", Json::array({{{"name", "a"}, {"image", "a:2"}, {"ports", Json::array({{{"containerPort", 80}}})}},
                                                     {{"name", "c"}, {"image", "c:1"}}})}}}};
        const Json merged = typed::merge(pod, config, kPod);
        const Json &containers = merged["spec"]["containers"];
        QCOMPARE(containers.size(), std::size_t(3));
        QCOMPARE(containers[0]["image"], Json("a:2"));
        QCOMPARE(containers[0]["ports"].size(), std::size_t(1));
        QCOMPARE(containers[1]["name"], Json("b"));
        QCOMPARE(containers[2]["name"], Json("c"));

        // Tolerations are an atomic list: the configuration's list replaces the live one.
        pod["spec"]["tolerations"] = Json::array({{{"key", "x"}, {"operator", "Exists"}}});
        config["spec"]["tolerations"] = Json::array({{{"key", "y"}, {"operator", "Exists"}}});
        QCOMPARE(typed::merge(pod, config, kPod)["spec"]["tolerations"], config["spec"]["tolerations"]);
        QVERIFY(typed::fieldsOf(config, kPod).has({"f:spec", "f:tolerations"}));
    }

    void malformedConfigurationsAreNamed()
    {
        Json config = deployment(1);
        config["spec"]["replicass"] = 2;
        QCOMPARE(typed::configurationProblems(config, kDeployment),
                 std::vector<std::string>{".spec.replicass: field not declared in schema"});
        config = deployment(1);
        config["spec"]["template"]["spec"]["containers"].push_back({{"name", "nginx"}, {"image", "other"}});
        QCOMPARE(typed::configurationProblems(config, kDeployment),
                 std::vector<std::string>{R"(.spec.template.spec.containers: duplicate entries for key [name="nginx"])"});
        QVERIFY(typed::configurationProblems(deployment(1), kDeployment).empty());
    }

    void managersComeFromFieldManagerOrUserAgent()
    {
        QCOMPARE(managerOf("kubectl-edit", "kubectl/v1.32.4 (linux/amd64)"), std::string("kubectl-edit"));
        QCOMPARE(managerOf("", "kubectl/v1.32.4 (linux/amd64) kubernetes/9894294"), std::string("kubectl"));
        QCOMPARE(managerOf("", "kube-controller-manager/replicaset-controller"), std::string("kube-controller-manager"));
        QCOMPARE(managerOf("", std::string(200, 'a')).size(), std::size_t(128));
    }

    void mergeRulesNameFieldsTheSchemaHas()
    {
        for (const auto &[structure, field] : schema::mergeRuleFields()) {
            const schema::TypeDef *type = schema::findType(structure);
            QVERIFY2(type, std::string(structure).c_str());
            if (!field.empty())
                QVERIFY2(schema::findField(*type, field), (std::string(structure) + "." + std::string(field)).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestFieldManager)
#include "tst_field_manager.moc"
