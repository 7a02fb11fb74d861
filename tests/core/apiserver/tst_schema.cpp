#include "core/apiserver/schema.h"
#include "core/apiserver/resource_registry.h"
#include "core/api/json.h"
#include "tests/support/json_compare.h"

#include <QTest>

using namespace k8slab;
using namespace k8slab::apiserver;
using api::Json;

// Declared before the manifests: moc (Qt 6.4) mis-lexes raw strings holding "//" or \",
// and only needs to see this class.
class TestSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validObjectsHaveNoUnknownFields_data();
    void validObjectsHaveNoUnknownFields();
    void unknownFieldsAreFoundWithTheirPath_data();
    void unknownFieldsAreFoundWithTheirPath();
    void deploymentSchemaCarriesGvkAndReferencesItsSpec();
    void everyRegisteredKindHasASchema_data();
    void everyRegisteredKindHasASchema();
    void everyRefResolvesWithinItsDocument_data();
    void everyRefResolvesWithinItsDocument();
    void everySchemaAndPropertyIsDescribed();
    void leafTypesAreNamedSchemas();
    void unknownGroupVersionHasNoSchemas();
    void validObjectsDecode_data() { validObjectsHaveNoUnknownFields_data(); }
    void validObjectsDecode();
    void valuesOfTheWrongTypeAreRefused_data();
    void valuesOfTheWrongTypeAreRefused();
    void nullMembersAreDropped();
};

namespace {

// Manifests as people write them (the shapes of the Kubernetes documentation's examples)
// and as the server returns them.

const char *const kDeployment = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "shop", "labels": {"app": "web", "app.kubernetes.io/part-of": "shop"},
               "annotations": {"kubernetes.io/change-cause": "bump"}},
  "spec": {
    "replicas": 3, "revisionHistoryLimit": 5, "progressDeadlineSeconds": 300, "minReadySeconds": 5, "paused": false,
    "selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]},
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 0}},
    "template": {
      "metadata": {"labels": {"app": "web", "tier": "front"}, "annotations": {"prometheus.io/scrape": "true"}},
      "spec": {
        "serviceAccountName": "web", "terminationGracePeriodSeconds": 45, "priorityClassName": "high",
        "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "fsGroup": 2000,
                            "seccompProfile": {"type": "RuntimeDefault"}, "sysctls": [{"name": "net.core.somaxconn", "value": "1024"}]},
        "affinity": {
          "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
              {"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]},
            "preferredDuringSchedulingIgnoredDuringExecution": [
              {"weight": 10, "preference": {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}}]},
          "podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 50, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "cache"}},
                                               "topologyKey": "topology.kubernetes.io/zone"}}]},
          "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
            {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname",
             "matchLabelKeys": ["pod-template-hash"]}]}},
        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"},
                        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}],
        "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                                       "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}],
        "nodeSelector": {"kubernetes.io/arch": "amd64"},
        "imagePullSecrets": [{"name": "registry"}],
        "initContainers": [{"name": "migrate", "image": "shop/migrate:1.4", "command": ["/migrate", "--up"]}],
        "containers": [
          {"name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
           "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
           "env": [{"name": "MODE", "value": "production"},
                   {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                   {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                   {"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"name": "web-config", "key": "level", "optional": true}}},
                   {"name": "MEM_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}],
           "envFrom": [{"configMapRef": {"name": "web-env"}}, {"prefix": "S_", "secretRef": {"name": "web-secrets"}}],
           "resources": {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": 1, "memory": "256Mi"}},
           "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "httpHeaders": [{"name": "X-Probe", "value": "1"}]},
                             "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 2, "failureThreshold": 3},
           "readinessProbe": {"tcpSocket": {"port": 8080}, "periodSeconds": 5, "successThreshold": 1},
           "startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "failureThreshold": 30},
           "lifecycle": {"preStop": {"exec": {"command": ["sh", "-c", "sleep 5"]}}, "postStart": {"sleep": {"seconds": 1}}},
           "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                               "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}},
           "volumeMounts": [{"name": "config", "mountPath": "/etc/web", "readOnly": true},
                            {"name": "cache", "mountPath": "/var/cache/nginx"},
                            {"name": "data", "mountPath": "/data", "subPath": "web"}]},
          {"name": "sidecar", "image": "busybox", "args": ["tail", "-f", "/dev/null"], "workingDir": "/",
           "readinessProbe": {"grpc": {"port": 9090}}}],
        "volumes": [
          {"name": "config", "configMap": {"name": "web-config", "defaultMode": 420, "items": [{"key": "nginx.conf", "path": "nginx.conf"}]}},
          {"name": "cache", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
          {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
          {"name": "tls", "secret": {"secretName": "web-tls", "optional": false}},
          {"name": "host", "hostPath": {"path": "/var/log", "type": "Directory"}},
          {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
          {"name": "bundle", "projected": {"sources": [
            {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600, "audience": "vault"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}},
          {"name": "share", "nfs": {"server": "nfs.example.com", "path": "/exports"}},
          {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"type": "scratch"}},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}}]}}}})";

const char *const kServiceNodePort = R"({
  "apiVersion": "v1", "kind": "Service",
  "metadata": {"name": "web", "labels": {"app": "web"}},
  "spec": {"type": "NodePort", "selector": {"app": "web"}, "externalTrafficPolicy": "Local",
           "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 600}},
           "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"],
           "ports": [{"name": "http", "port": 80, "targetPort": "http", "nodePort": 30080, "protocol": "TCP", "appProtocol": "http"},
                     {"name": "metrics", "port": 9100, "targetPort": 9100}]}})";

const char *const kJob = R"({
  "apiVersion": "batch/v1", "kind": "Job",
  "metadata": {"name": "pi"},
  "spec": {"completions": 5, "parallelism": 2, "backoffLimit": 4, "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 100,
           "completionMode": "Indexed", "suspend": false,
           "podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"containerName": "pi", "operator": "In", "values": [42]}},
                                          {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
           "template": {"spec": {"restartPolicy": "Never",
                                 "containers": [{"name": "pi", "image": "perl:5.34", "command": ["perl", "-wle", "print 2 ** 64"]}]}}}})";

const char *const kCronJob = R"({
  "apiVersion": "batch/v1", "kind": "CronJob",
  "metadata": {"name": "hello"},
  "spec": {"schedule": "*/5 * * * *", "timeZone": "Etc/UTC", "concurrencyPolicy": "Forbid", "startingDeadlineSeconds": 30,
           "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1, "suspend": false,
           "jobTemplate": {"metadata": {"labels": {"job": "hello"}},
                           "spec": {"backoffLimit": 2, "template": {"spec": {"restartPolicy": "OnFailure",
                             "containers": [{"name": "hello", "image": "busybox:1.36", "args": ["date"]}]}}}}}})";

const char *const kStatefulSet = R"({
  "apiVersion": "apps/v1", "kind": "StatefulSet",
  "metadata": {"name": "db"},
  "spec": {"serviceName": "db", "replicas": 3, "podManagementPolicy": "Parallel",
           "selector": {"matchLabels": {"app": "db"}},
           "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}},
           "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete", "whenScaled": "Retain"},
           "ordinals": {"start": 1}, "minReadySeconds": 10,
           "template": {"metadata": {"labels": {"app": "db"}},
                        "spec": {"containers": [{"name": "postgres", "image": "postgres:16",
                                                 "ports": [{"containerPort": 5432, "name": "pg"}],
                                                 "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]}]}},
           "volumeClaimTemplates": [{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                     "metadata": {"name": "data", "labels": {"app": "db"}},
                                     "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                                              "volumeMode": "Filesystem", "resources": {"requests": {"storage": "10Gi"}}},
                                     "status": {"phase": "Pending"}}]}})";

const char *const kPodWithInitContainers = R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "myapp", "labels": {"app.kubernetes.io/name": "MyApp"}},
  "spec": {"initContainers": [
             {"name": "init-myservice", "image": "busybox:1.28",
              "command": ["sh", "-c", "until nslookup myservice; do echo waiting; sleep 2; done"]},
             {"name": "log-shipper", "image": "alpine:latest", "restartPolicy": "Always",
              "command": ["sh", "-c", "tail -F /opt/logs.txt"], "volumeMounts": [{"name": "data", "mountPath": "/opt"}]}],
           "containers": [{"name": "myapp", "image": "busybox:1.28", "command": ["sh", "-c", "sleep 3600"],
                           "stdin": true, "tty": true, "resources": {"limits": {"nvidia.com/gpu": 1}}}],
           "volumes": [{"name": "data", "emptyDir": {}}],
           "restartPolicy": "Always", "dnsPolicy": "ClusterFirst", "hostname": "myapp", "subdomain": "apps",
           "dnsConfig": {"nameservers": ["1.1.1.1"], "searches": ["example.com"], "options": [{"name": "ndots", "value": "2"}]},
           "hostAliases": [{"ip": "127.0.0.1", "hostnames": ["foo.local"]}],
           "os": {"name": "linux"}, "enableServiceLinks": false, "automountServiceAccountToken": false,
           "schedulingGates": [{"name": "example.com/wait"}], "readinessGates": [{"conditionType": "example.com/ready"}]}})";

const char *const kConfigMap = R"({
  "apiVersion": "v1", "kind": "ConfigMap",
  "metadata": {"name": "game-demo"},
  "data": {"player_initial_lives": "3", "ui_properties_file_name": "user-interface.properties",
           "game.properties": "enemy.types=aliens,monsters\nplayer.maximum-lives=5\n"},
  "binaryData": {"logo.png": "iVBORw0KGgo="},
  "immutable": false})";

const char *const kSecret = R"({
  "apiVersion": "v1", "kind": "Secret",
  "metadata": {"name": "db"}, "type": "Opaque",
  "data": {"username": "YWRtaW4="}, "stringData": {"password": "s3cr3t", "config.yaml": "apiUrl: https://example.com\n"}})";

const char *const kHpa = R"({
  "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
  "metadata": {"name": "web"},
  "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
           "minReplicas": 2, "maxReplicas": 10,
           "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}},
                       {"type": "Pods", "pods": {"metric": {"name": "packets-per-second"}, "target": {"type": "AverageValue", "averageValue": "1k"}}},
                       {"type": "Object", "object": {"metric": {"name": "requests-per-second"},
                                                     "describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "main"},
                                                     "target": {"type": "Value", "value": "10k"}}},
                       {"type": "External", "external": {"metric": {"name": "queue_messages", "selector": {"matchLabels": {"queue": "jobs"}}},
                                                         "target": {"type": "AverageValue", "averageValue": 30}}},
                       {"type": "ContainerResource", "containerResource": {"name": "memory", "container": "web",
                                                                           "target": {"type": "Utilization", "averageUtilization": 80}}}],
           "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300, "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]},
                        "scaleUp": {"selectPolicy": "Max", "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}]}}}})";

const char *const kPdb = R"({
  "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
  "metadata": {"name": "zk-pdb"},
  "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "zookeeper"}}, "unhealthyPodEvictionPolicy": "AlwaysAllow"},
  "status": {"currentHealthy": 3, "desiredHealthy": 2, "disruptionsAllowed": 1, "expectedPods": 3, "observedGeneration": 1,
             "disruptedPods": {"zk-0": "2025-01-31T12:00:00Z"},
             "conditions": [{"type": "DisruptionAllowed", "status": "True", "reason": "SufficientPods", "message": "",
                             "lastTransitionTime": "2025-01-31T12:00:00Z", "observedGeneration": 1}]}})";

const char *const kNode = R"({
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "worker-1", "labels": {"kubernetes.io/hostname": "worker-1", "node-role.kubernetes.io/worker": ""}},
  "spec": {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"], "providerID": "lab://worker-1", "unschedulable": true,
           "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": "2025-01-31T12:00:00Z"}]},
  "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"},
             "allocatable": {"cpu": "3800m", "memory": "7Gi", "pods": "110"},
             "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                             "lastHeartbeatTime": "2025-01-31T12:00:00Z", "lastTransitionTime": "2025-01-31T11:00:00Z"}],
             "addresses": [{"type": "InternalIP", "address": "192.168.49.2"}, {"type": "Hostname", "address": "worker-1"}],
             "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
             "nodeInfo": {"machineID": "m", "systemUUID": "u", "bootID": "b", "kernelVersion": "6.1.0", "osImage": "Debian GNU/Linux 12",
                          "containerRuntimeVersion": "containerd://1.7.0", "kubeletVersion": "v1.32.0", "kubeProxyVersion": "",
                          "operatingSystem": "linux", "architecture": "amd64"},
             "images": [{"names": ["nginx:1.27"], "sizeBytes": 70000000}],
             "runtimeHandlers": [{"name": "runc", "features": {"recursiveReadOnlyMounts": true, "userNamespaces": false}}],
             "features": {"supplementalGroupsPolicy": true}, "volumesInUse": [], "volumesAttached": []}})";

const char *const kEvent = R"({
  "apiVersion": "v1", "kind": "Event",
  "metadata": {"name": "web-0.17f0", "namespace": "default"},
  "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web-0", "uid": "1234", "apiVersion": "v1",
                     "resourceVersion": "42", "fieldPath": "spec.containers{web}"},
  "reason": "Pulled", "message": "Successfully pulled image", "type": "Normal", "count": 2,
  "source": {"component": "kubelet", "host": "worker-1"},
  "firstTimestamp": "2025-01-31T12:00:00Z", "lastTimestamp": "2025-01-31T12:01:00Z",
  "eventTime": null, "reportingComponent": "kubelet", "reportingInstance": "worker-1",
  "series": {"count": 2, "lastObservedTime": "2025-01-31T12:01:00.000000Z"}, "action": "Pulling"})";

// What the server returns for a pod: status, managed fields and an owner.
const char *const kServedPod = R"({
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {"name": "web-7d9c-abcde", "generateName": "web-7d9c-", "namespace": "default", "uid": "5f1c", "resourceVersion": "812",
               "creationTimestamp": "2025-01-31T12:00:00Z", "labels": {"app": "web", "pod-template-hash": "7d9c"},
               "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9c", "uid": "99",
                                    "controller": true, "blockOwnerDeletion": true}],
               "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
                                  "time": "2025-01-31T12:00:00Z", "fieldsType": "FieldsV1",
                                  "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}}, "f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {}}}}},
                                 {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "subresource": "status",
                                  "time": "2025-01-31T12:00:05Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:status": {}}}],
               "finalizers": ["example.com/cleanup"], "generation": 1},
  "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "resources": {}, "terminationMessagePath": "/dev/termination-log",
                           "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"}],
           "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
           "serviceAccountName": "default", "serviceAccount": "default", "nodeName": "worker-1", "securityContext": {},
           "schedulerName": "default-scheduler", "priority": 0, "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority",
           "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]},
  "status": {"phase": "Running", "qosClass": "BestEffort", "hostIP": "192.168.49.2", "hostIPs": [{"ip": "192.168.49.2"}],
             "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "startTime": "2025-01-31T12:00:01Z",
             "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-01-31T12:00:04Z"}],
             "containerStatuses": [{"name": "web", "ready": true, "started": true, "restartCount": 1, "image": "nginx:1.27",
                                    "imageID": "docker.io/library/nginx@sha256:00", "containerID": "containerd://abc",
                                    "state": {"running": {"startedAt": "2025-01-31T12:00:03Z"}},
                                    "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2025-01-31T12:00:01Z",
                                                                 "finishedAt": "2025-01-31T12:00:02Z", "containerID": "containerd://old"}},
                                    "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                                                      "readOnly": true, "recursiveReadOnly": "Disabled"}]}]}})";

const char *const kServedDeployment = R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default", "uid": "77", "resourceVersion": "900", "generation": 2,
               "creationTimestamp": "2025-01-31T12:00:00Z", "annotations": {"deployment.kubernetes.io/revision": "2"}},
  "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "web", "image": "nginx"}]}},
           "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
           "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600},
  "status": {"observedGeneration": 2, "replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1,
             "conditions": [{"type": "Available", "status": "True", "lastUpdateTime": "2025-01-31T12:00:05Z",
                             "lastTransitionTime": "2025-01-31T12:00:05Z", "reason": "MinimumReplicasAvailable",
                             "message": "Deployment has minimum availability."}]}})";

const char *const kControllerRevision = R"({
  "apiVersion": "apps/v1", "kind": "ControllerRevision",
  "metadata": {"name": "db-5d8f", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "1", "controller": true}]},
  "revision": 3,
  "data": {"spec": {"template": {"$patch": "replace", "anything": {"goes": ["here"]}}}}})";

const char *const kEndpointSlice = R"({
  "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
  "metadata": {"name": "web-abc", "labels": {"kubernetes.io/service-name": "web"}},
  "addressType": "IPv4",
  "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
  "endpoints": [{"addresses": ["10.244.1.5"], "conditions": {"ready": true, "serving": true, "terminating": false},
                 "nodeName": "worker-1", "zone": "a", "hints": {"forZones": [{"name": "a"}]},
                 "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-0", "uid": "5f1c"}}]})";

const char *const kLease = R"({
  "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
  "metadata": {"name": "worker-1", "namespace": "kube-node-lease"},
  "spec": {"holderIdentity": "worker-1", "leaseDurationSeconds": 40, "renewTime": "2025-01-31T12:00:00.000000Z",
           "acquireTime": "2025-01-31T11:00:00.000000Z", "leaseTransitions": 0}})";

const char *const kPriorityClass = R"({
  "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
  "metadata": {"name": "high"}, "value": 1000000, "globalDefault": false, "preemptionPolicy": "Never",
  "description": "For user-facing services."})";

const char *const kScale = R"({
  "apiVersion": "autoscaling/v1", "kind": "Scale",
  "metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 5}, "status": {"replicas": 3, "selector": "app=web"}})";

const char *const kBinding = R"({
  "apiVersion": "v1", "kind": "Binding",
  "metadata": {"name": "web-0", "namespace": "default"}, "target": {"apiVersion": "v1", "kind": "Node", "name": "worker-1"}})";

const char *const kLimitRange = R"({
  "apiVersion": "v1", "kind": "LimitRange",
  "metadata": {"name": "limits"},
  "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "100m"},
                       "max": {"memory": "1Gi"}, "min": {"memory": "4Mi"}, "maxLimitRequestRatio": {"cpu": 10}}]}})";

const char *const kResourceQuota = R"({
  "apiVersion": "v1", "kind": "ResourceQuota",
  "metadata": {"name": "compute"},
  "spec": {"hard": {"requests.cpu": "4", "pods": "10", "count/deployments.apps": "5"},
           "scopeSelector": {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In", "values": ["high"]}]}},
  "status": {"hard": {"pods": "10"}, "used": {"pods": "2"}}})";

const char *const kDaemonSet = R"({
  "apiVersion": "apps/v1", "kind": "DaemonSet",
  "metadata": {"name": "fluentd", "namespace": "kube-system"},
  "spec": {"selector": {"matchLabels": {"name": "fluentd"}},
           "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
           "template": {"metadata": {"labels": {"name": "fluentd"}},
                        "spec": {"hostNetwork": true, "priorityClassName": "system-node-critical",
                                 "tolerations": [{"operator": "Exists"}],
                                 "containers": [{"name": "fluentd", "image": "fluentd:v1",
                                                 "volumeMounts": [{"name": "varlog", "mountPath": "/var/log", "mountPropagation": "HostToContainer"}]}],
                                 "volumes": [{"name": "varlog", "hostPath": {"path": "/var/log"}}]}}},
  "status": {"currentNumberScheduled": 2, "desiredNumberScheduled": 2, "numberMisscheduled": 0, "numberReady": 2,
             "updatedNumberScheduled": 2, "numberAvailable": 2, "observedGeneration": 1}})";

const char *const kServiceAccount = R"({
  "apiVersion": "v1", "kind": "ServiceAccount",
  "metadata": {"name": "build-robot"}, "automountServiceAccountToken": false,
  "imagePullSecrets": [{"name": "registry"}], "secrets": [{"name": "build-robot-token"}]})";

const char *const kEndpoints = R"({
  "apiVersion": "v1", "kind": "Endpoints",
  "metadata": {"name": "web"},
  "subsets": [{"addresses": [{"ip": "10.244.1.5", "nodeName": "worker-1", "targetRef": {"kind": "Pod", "name": "web-0"}}],
               "notReadyAddresses": [{"ip": "10.244.1.6"}], "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}]})";

const char *const kNamespace = R"({
  "apiVersion": "v1", "kind": "Namespace",
  "metadata": {"name": "shop", "labels": {"kubernetes.io/metadata.name": "shop"}},
  "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})";

const char *const kReplicationController = R"({
  "apiVersion": "v1", "kind": "ReplicationController",
  "metadata": {"name": "nginx"},
  "spec": {"replicas": 3, "selector": {"app": "nginx"},
           "template": {"metadata": {"name": "nginx", "labels": {"app": "nginx"}},
                        "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}]}]}}},
  "status": {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "observedGeneration": 1}})";

const char *const kReplicaSet = R"({
  "apiVersion": "apps/v1", "kind": "ReplicaSet",
  "metadata": {"name": "frontend", "labels": {"app": "guestbook", "tier": "frontend"}},
  "spec": {"replicas": 3, "selector": {"matchLabels": {"tier": "frontend"}},
           "template": {"metadata": {"labels": {"tier": "frontend"}},
                        "spec": {"containers": [{"name": "php-redis", "image": "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5"}]}}}})";

// A Deployment whose second container's port has a typo.
const char *const kDeploymentPortTypo = R"({
  "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
  "spec": {"selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
                        "spec": {"containers": [{"name": "a", "image": "nginx", "ports": [{"containerPort": 80}]},
                                                {"name": "b", "image": "nginx", "ports": [{"contianerPort": 81}]}]}}}})";

QStringList toList(const std::vector<std::string> &paths)
{
    QStringList out;
    for (const std::string &p : paths)
        out << QString::fromStdString(p);
    return out;
}

/// Every "$ref" anywhere below `value`.
void collectRefs(const Json &value, std::vector<std::string> &refs)
{
    if (value.is_object()) {
        for (const auto &[key, child] : value.items()) {
            if (key == "$ref" && child.is_string())
                refs.push_back(child.get<std::string>());
            else
                collectRefs(child, refs);
        }
    } else if (value.is_array()) {
        for (const Json &child : value)
            collectRefs(child, refs);
    }
}

/// The group/versions the lab serves, plus autoscaling/v1 (Scale).
std::vector<std::pair<std::string, std::string>> groupVersions()
{
    std::vector<std::pair<std::string, std::string>> out = {{"", "v1"}, {"autoscaling", "v1"}};
    for (const GroupVersions &g : builtinResources().groups())
        for (const std::string &v : g.versions)
            out.emplace_back(g.group, v);
    return out;
}

} // namespace

void TestSchema::validObjectsHaveNoUnknownFields_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::newRow("full Deployment: probes, env valueFrom, volumes, resources, affinity, tolerations, securityContext")
        << QString(kDeployment);
    QTest::newRow("Service of type NodePort") << QString(kServiceNodePort);
    QTest::newRow("Job with pod failure policy") << QString(kJob);
    QTest::newRow("CronJob") << QString(kCronJob);
    QTest::newRow("StatefulSet with volumeClaimTemplates") << QString(kStatefulSet);
    QTest::newRow("Pod with initContainers and a sidecar") << QString(kPodWithInitContainers);
    QTest::newRow("ConfigMap with binaryData") << QString(kConfigMap);
    QTest::newRow("Secret with stringData") << QString(kSecret);
    QTest::newRow("HPA v2 with every metric type and behavior") << QString(kHpa);
    QTest::newRow("PodDisruptionBudget with status") << QString(kPdb);
    QTest::newRow("Node with status") << QString(kNode);
    QTest::newRow("Event (core/v1) with series") << QString(kEvent);
    QTest::newRow("served Pod: status, managedFields, ownerReferences") << QString(kServedPod);
    QTest::newRow("served Deployment: status and null creationTimestamp") << QString(kServedDeployment);
    QTest::newRow("ControllerRevision: data is free-form") << QString(kControllerRevision);
    QTest::newRow("EndpointSlice") << QString(kEndpointSlice);
    QTest::newRow("Lease with micro-times") << QString(kLease);
    QTest::newRow("PriorityClass") << QString(kPriorityClass);
    QTest::newRow("autoscaling/v1 Scale") << QString(kScale);
    QTest::newRow("Binding") << QString(kBinding);
    QTest::newRow("LimitRange") << QString(kLimitRange);
    QTest::newRow("ResourceQuota with scopeSelector") << QString(kResourceQuota);
    QTest::newRow("DaemonSet with status") << QString(kDaemonSet);
    QTest::newRow("ServiceAccount") << QString(kServiceAccount);
    QTest::newRow("Endpoints") << QString(kEndpoints);
    QTest::newRow("Namespace") << QString(kNamespace);
    QTest::newRow("ReplicationController") << QString(kReplicationController);
    QTest::newRow("ReplicaSet") << QString(kReplicaSet);
}

void TestSchema::validObjectsHaveNoUnknownFields()
{
    QFETCH(QString, manifest);
    const Json object = Json::parse(manifest.toStdString());
    const std::string apiVersion = object["apiVersion"];
    const std::string kind = object["kind"];
    QCOMPARE(toList(unknownFields(apiVersion, kind, object)), QStringList());
}

void TestSchema::unknownFieldsAreFoundWithTheirPath_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("container field typo: spec.containers[0].imagee")
        << QString(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                      "spec": {"containers": [{"name": "c", "imagee": "nginx"}]}})")
        << QStringList{"spec.containers[0].imagee"};
    QTest::newRow("port typo in a template's second container")
        << QString(kDeploymentPortTypo) << QStringList{"spec.template.spec.containers[1].ports[0].contianerPort"};
    QTest::newRow("metadata typo: metadata.labelz")
        << QString(R"({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labelz": {"a": "b"}}, "data": {}})")
        << QStringList{"metadata.labelz"};
    QTest::newRow("spec typo: spec.replicass")
        << QString(R"({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                      "spec": {"replicass": 3, "selector": {"matchLabels": {"a": "b"}}}})")
        << QStringList{"spec.replicass"};
    QTest::newRow("field names are case-sensitive: spec.containers[0].Image")
        << QString(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                      "spec": {"containers": [{"name": "c", "Image": "nginx"}]}})")
        << QStringList{"spec.containers[0].Image"};
    QTest::newRow("top-level unknown field and a misplaced one")
        << QString(R"({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "ports": [],
                      "spec": {"ports": [{"port": 80, "targetport": 8080}]}})")
        << QStringList{"ports", "spec.ports[0].targetport"};
    QTest::newRow("deep inside affinity")
        << QString(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [],
                      "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                        {"matchExpressions": [{"key": "k", "operator": "In", "value": ["v"]}]}]}}}}})")
        << QStringList{"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                       ".matchExpressions[0].value"};
    QTest::newRow("inside a volume claim template")
        << QString(R"({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
                      "spec": {"volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {"storageClass": "x"}}]}})")
        << QStringList{"spec.volumeClaimTemplates[0].spec.storageClass"};
    QTest::newRow("CronJob job template")
        << QString(R"({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
                      "spec": {"schedule": "@hourly", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never",
                        "containers": [{"name": "c", "image": "i", "env": [{"name": "A", "valueFrom": {"secretRef": {}}}]}]}}}}}})")
        << QStringList{"spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretRef"};
    QTest::newRow("status is checked too")
        << QString(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "status": {"phaze": "Running"}})")
        << QStringList{"status.phaze"};
    QTest::newRow("unknown kind: nothing to check")
        << QString(R"({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "anything": 1})")
        << QStringList();
    QTest::newRow("known kind in the wrong version: nothing to check")
        << QString(R"({"apiVersion": "apps/v1beta1", "kind": "Deployment", "metadata": {"name": "w"}, "anything": 1})")
        << QStringList();
    QTest::newRow("labels, annotations and limits take any key")
        << QString(R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"x.io/anything": "1"},
                      "annotations": {"whatever/you-like": "2"}},
                      "spec": {"containers": [{"name": "c", "image": "i", "resources": {"limits": {"example.com/dongle": 1}}}]}})")
        << QStringList();
}

void TestSchema::unknownFieldsAreFoundWithTheirPath()
{
    QFETCH(QString, manifest);
    QFETCH(QStringList, expected);
    const Json object = Json::parse(manifest.toStdString());
    QCOMPARE(toList(unknownFields(object["apiVersion"].get<std::string>(), object["kind"].get<std::string>(), object)),
             expected);
}

void TestSchema::deploymentSchemaCarriesGvkAndReferencesItsSpec()
{
    const Json schemas = openApiSchemas("apps", "v1");
    QVERIFY(schemas.contains("io.k8s.api.apps.v1.Deployment"));
    const Json &deployment = schemas["io.k8s.api.apps.v1.Deployment"];
    QCOMPARE(deployment["x-kubernetes-group-version-kind"],
             Json::array({{{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}}}));
    QCOMPARE(deployment["type"], Json("object"));
    QVERIFY(deployment["description"].is_string());
    const Json &spec = deployment["properties"]["spec"];
    QCOMPARE(spec["allOf"][0]["$ref"], Json("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"));
    QVERIFY(spec["description"].is_string());
    QCOMPARE(deployment["properties"]["metadata"]["allOf"][0]["$ref"],
             Json("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    // Down to leaf types: replicas is an integer, the containers a list of Container.
    QCOMPARE(schemas["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]["type"], Json("integer"));
    const Json &containers = schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
    QCOMPARE(containers["type"], Json("array"));
    QCOMPARE(containers["items"]["allOf"][0]["$ref"], Json("#/components/schemas/io.k8s.api.core.v1.Container"));
    const Json &labels = schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]["properties"]["labels"];
    QCOMPARE(labels["additionalProperties"], Json({{"type", "string"}}));
    // deployments/scale takes autoscaling/v1 Scale, so the apps/v1 document holds it as upstream's does.
    QVERIFY(schemas.contains("io.k8s.api.autoscaling.v1.Scale"));
}

void TestSchema::everyRegisteredKindHasASchema_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("kind");
    for (const auto &info : builtinResources().all())
        QTest::newRow((info->apiVersion() + " " + info->kind).c_str())
            << QString::fromStdString(info->group) << QString::fromStdString(info->version)
            << QString::fromStdString(info->kind);
    QTest::newRow("autoscaling/v1 Scale") << QString("autoscaling") << QString("v1") << QString("Scale");
}

void TestSchema::everyRegisteredKindHasASchema()
{
    QFETCH(QString, group);
    QFETCH(QString, version);
    QFETCH(QString, kind);
    const Json schemas = openApiSchemas(group.toStdString(), version.toStdString());
    const Json gvk = Json::array({{{"group", group.toStdString()}, {"kind", kind.toStdString()}, {"version", version.toStdString()}}});
    int found = 0;
    for (const auto &[name, schema] : schemas.items())
        if (schema.value("x-kubernetes-group-version-kind", Json()) == gvk) {
            ++found;
            QVERIFY2(schema["properties"].contains("apiVersion") && schema["properties"].contains("kind"), name.c_str());
        }
    QCOMPARE(found, 1);
    // And strict checking knows the kind: an unknown top-level field is reported.
    const std::string apiVersion = group.isEmpty() ? version.toStdString() : (group + "/" + version).toStdString();
    QCOMPARE(toList(unknownFields(apiVersion, kind.toStdString(), Json{{"notAField", 1}})), QStringList{"notAField"});
}

void TestSchema::everyRefResolvesWithinItsDocument_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("version");
    for (const auto &[group, version] : groupVersions())
        QTest::newRow((group.empty() ? version : group + "/" + version).c_str())
            << QString::fromStdString(group) << QString::fromStdString(version);
}

void TestSchema::everyRefResolvesWithinItsDocument()
{
    QFETCH(QString, group);
    QFETCH(QString, version);
    const Json schemas = openApiSchemas(group.toStdString(), version.toStdString());
    QVERIFY(!schemas.empty());
    std::vector<std::string> refs;
    collectRefs(schemas, refs);
    QVERIFY(!refs.empty());
    const std::string prefix = "#/components/schemas/";
    for (const std::string &ref : refs) {
        QVERIFY2(ref.starts_with(prefix), ref.c_str());
        QVERIFY2(schemas.contains(ref.substr(prefix.size())), ref.c_str());
    }
}

void TestSchema::everySchemaAndPropertyIsDescribed()
{
    for (const auto &[group, version] : groupVersions()) {
        const Json schemas = openApiSchemas(group, version);
        for (const auto &[name, schema] : schemas.items()) {
            QVERIFY2(schema.value("description", "").size() > 0, name.c_str());
            if (!schema.contains("properties"))
                continue;
            QCOMPARE(schema["type"], Json("object"));
            for (const auto &[field, property] : schema["properties"].items())
                QVERIFY2(property.value("description", "").size() > 0, (name + "." + field).c_str());
        }
    }
}

void TestSchema::leafTypesAreNamedSchemas()
{
    const Json schemas = openApiSchemas("", "v1");
    QCOMPARE(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]["format"], Json("date-time"));
    QCOMPARE(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]["format"], Json("int-or-string"));
    QVERIFY(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"].contains("oneOf"));
    const Json &limits = schemas["io.k8s.api.core.v1.ResourceRequirements"]["properties"]["limits"];
    QCOMPARE(limits["additionalProperties"]["allOf"][0]["$ref"],
             Json("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity"));
    const Json &fieldsV1 = schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry"]["properties"]["fieldsV1"];
    QCOMPARE(fieldsV1["type"], Json("object"));
    QCOMPARE(fieldsV1["x-kubernetes-preserve-unknown-fields"], Json(true));
}

void TestSchema::unknownGroupVersionHasNoSchemas()
{
    QCOMPARE(openApiSchemas("example.com", "v1"), Json::object());
    QCOMPARE(openApiSchemas("apps", "v1beta1"), Json::object());
}

void TestSchema::validObjectsDecode()
{
    QFETCH(QString, manifest);
    Json object = Json::parse(manifest.toStdString());
    const Json before = object;
    const Status s = checkTypes(object["apiVersion"].get<std::string>(), object["kind"].get<std::string>(), object);
    QVERIFY2(s.ok(), s.message().c_str());
    QCOMPARE(object, before);
}

void TestSchema::valuesOfTheWrongTypeAreRefused_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QString>("message");
    const auto pod = [](const char *metadata, const char *spec) {
        return QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":%1,"spec":%2})").arg(metadata, spec);
    };
    const char *ok = R"({"containers":[{"name":"c","image":"x"}]})";
    QTest::newRow("labels as a list") << pod(R"({"name":"p","labels":[1,2]})", ok)
                                      << "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal array into Go "
                                         "struct field ObjectMeta.metadata.labels of type map[string]string";
    QTest::newRow("a label value as a number") << pod(R"({"name":"p","labels":{"a":1}})", ok)
                                               << "json: cannot unmarshal number 1 into Go struct field ObjectMeta.metadata.labels "
                                                  "of type string";
    QTest::newRow("a name as a number") << pod(R"({"name":7})", ok)
                                        << "json: cannot unmarshal number 7 into Go struct field ObjectMeta.metadata.name of type string";
    QTest::newRow("metadata as a string") << pod(R"("p")", ok)
                                          << "json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta";
    QTest::newRow("containers as a string") << pod(R"({"name":"p"})", R"({"containers":"nginx"})")
                                            << "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of "
                                               "type []v1.Container";
    QTest::newRow("a port as a word, inside a list")
        << pod(R"({"name":"p"})", R"({"containers":[{"name":"c","image":"x","ports":[{"containerPort":"eighty"}]}]})")
        << "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int64";
    QTest::newRow("a fraction for an integer")
        << pod(R"({"name":"p"})", R"({"containers":[{"name":"c","image":"x"}],"terminationGracePeriodSeconds":1.5})")
        << "json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64";
    QTest::newRow("a quantity that is not one")
        << pod(R"({"name":"p"})", R"({"containers":[{"name":"c","image":"x","resources":{"limits":{"cpu":"lots"}}}]})")
        << "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    QTest::newRow("a ConfigMap's data as a string")
        << R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":"not a map"})"
        << "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct "
           "field ConfigMap.data of type map[string]string";
    QTest::newRow("a boolean as a string")
        << pod(R"({"name":"p"})", R"({"containers":[{"name":"c","image":"x","stdin":"yes"}]})")
        << "json: cannot unmarshal string into Go struct field Container.spec.containers.stdin of type bool";
}

void TestSchema::valuesOfTheWrongTypeAreRefused()
{
    QFETCH(QString, manifest);
    QFETCH(QString, message);
    Json object = Json::parse(manifest.toStdString());
    const Status s = checkTypes(object["apiVersion"].get<std::string>(), object["kind"].get<std::string>(), object);
    QVERIFY(!s.ok());
    QCOMPARE(s.code(), StatusCode::BadRequest);
    QVERIFY2(QString::fromStdString(s.message()).endsWith(message), s.message().c_str());
}

void TestSchema::nullMembersAreDropped()
{
    // Go decodes a null structure, list or map to nothing and leaves it out when encoding
    // again; a null scalar or time stays.
    Json object = Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":null,
                                  "creationTimestamp":null},"spec":null,"status":{"phase":null,"conditions":null}})");
    QVERIFY(checkTypes("v1", "Pod", object).ok());
    QCOMPARE(object, Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":null},
                                     "status":{"phase":null}})"));
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
