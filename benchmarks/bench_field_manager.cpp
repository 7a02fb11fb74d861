// The field manager's cost per write: what tracking managedFields adds to a kubelet's pod
// status write (the commonest write of a running lab) and to a server-side apply of a
// Deployment that three managers share.
#include "core/apiserver/field_manager.h"

#include <benchmark/benchmark.h>

using namespace k8slab;
using api::Json;

namespace {

const apiserver::typed::ObjectType kPod{"v1", "Pod"};
const apiserver::typed::ObjectType kDeployment{"apps/v1", "Deployment"};

Json container(const std::string &name)
{
    return {{"name", name},
            {"image", "nginx:1.27"},
            {"imagePullPolicy", "IfNotPresent"},
            {"ports", Json::array({{{"containerPort", 80}, {"protocol", "TCP"}}})},
            {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "64Mi"}}}}},
            {"terminationMessagePath", "/dev/termination-log"},
            {"terminationMessagePolicy", "File"}};
}

// A pod as the ReplicaSet controller creates it, owned by kube-controller-manager.
Json createdPod()
{
    Json pod = {{"apiVersion", "v1"},
                {"kind", "Pod"},
                {"metadata",
                 {{"name", "web-7d4b9c-x2x9k"},
                  {"namespace", "default"},
                  {"labels", {{"app", "web"}, {"pod-template-hash", "7d4b9c"}}},
                  {"ownerReferences", Json::array({{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", "web-7d4b9c"},
                                                     {"uid", "0b6f3c1e"}, {"controller", true}, {"blockOwnerDeletion", true}}})}}},
                {"spec",
                 {{"containers", Json::array({container("nginx"), container("sidecar")})},
                  {"dnsPolicy", "ClusterFirst"},
                  {"restartPolicy", "Always"},
                  {"schedulerName", "default-scheduler"},
                  {"terminationGracePeriodSeconds", 30}}}};
    apiserver::recordUpdate(nullptr, pod, {"kube-controller-manager", "", "2025-01-01T00:00:00Z"}, kPod);
    pod["spec"]["nodeName"] = "node-1";
    return pod;
}

Json runningStatus()
{
    Json conditions = Json::array();
    for (const char *type : {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"})
        conditions.push_back({{"type", type}, {"status", "True"}, {"lastTransitionTime", "2025-01-01T00:00:05Z"}});
    Json statuses = Json::array();
    for (const char *name : {"nginx", "sidecar"})
        statuses.push_back({{"name", name}, {"ready", true}, {"restartCount", 0}, {"image", "nginx:1.27"},
                            {"state", {{"running", {{"startedAt", "2025-01-01T00:00:04Z"}}}}}});
    return {{"phase", "Running"}, {"conditions", conditions}, {"containerStatuses", statuses},
            {"podIP", "10.244.1.7"}, {"podIPs", Json::array({{{"ip", "10.244.1.7"}}})}, {"hostIP", "172.18.0.3"},
            {"startTime", "2025-01-01T00:00:01Z"}, {"qosClass", "Burstable"}};
}

void BM_PodStatusWrite(benchmark::State &state)
{
    const Json live = createdPod();
    Json next = live;
    next["status"] = runningStatus();
    for (auto _ : state) {
        Json written = next;
        apiserver::recordUpdate(&live, written, {"kubelet", "status", "2025-01-01T00:00:06Z"}, kPod);
        benchmark::DoNotOptimize(written);
    }
}
BENCHMARK(BM_PodStatusWrite);

// The copy of the object the write makes anyway, for comparison.
void BM_PodCopyOnly(benchmark::State &state)
{
    Json next = createdPod();
    next["status"] = runningStatus();
    for (auto _ : state) {
        Json written = next;
        benchmark::DoNotOptimize(written);
    }
}
BENCHMARK(BM_PodCopyOnly);

Json deploymentConfig(int replicas, const std::string &image)
{
    Json containers = Json::array({container("nginx")});
    containers[0]["image"] = image;
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}, {"namespace", "default"}, {"labels", {{"app", "web"}}}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", {{"app", "web"}}}}},
              {"template", {{"metadata", {{"labels", {{"app", "web"}}}}}, {"spec", {{"containers", containers}}}}}}}};
}

void BM_ServerSideApply(benchmark::State &state)
{
    apiserver::ApplyOptions options;
    options.owner = {"kubectl", "", "2025-01-01T00:00:00Z"};
    options.ignoreStatus = true;
    Json live = *apiserver::applyConfiguration(nullptr, deploymentConfig(3, "nginx:1.27"), options, kDeployment);
    Json labelled = live;
    labelled["metadata"]["labels"]["team"] = "blue";
    apiserver::recordUpdate(&live, labelled, {"kubectl-label", "", "2025-01-01T00:01:00Z"}, kDeployment);
    Json status = labelled;
    status["status"] = {{"replicas", 3}, {"readyReplicas", 3}, {"observedGeneration", 1}};
    apiserver::recordUpdate(&labelled, status, {"kube-controller-manager", "status", "2025-01-01T00:02:00Z"}, kDeployment);
    const Json config = deploymentConfig(3, "nginx:1.28");
    for (auto _ : state) {
        auto merged = apiserver::applyConfiguration(&status, config, options, kDeployment);
        benchmark::DoNotOptimize(merged);
    }
}
BENCHMARK(BM_ServerSideApply);

} // namespace

BENCHMARK_MAIN();
