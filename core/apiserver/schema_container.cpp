// Type definitions of core/v1 containers: Container, probes, lifecycle hooks, environment,
// ports, resources and the container SecurityContext. Field names and shapes follow
// Kubernetes v1.32; the descriptions are the lab's own.
#include "core/apiserver/schema_types.h"

namespace k8slab::apiserver::schema {

namespace {

constexpr std::string_view kEnvVar = "io.k8s.api.core.v1.EnvVar";
constexpr std::string_view kEnvVarSource = "io.k8s.api.core.v1.EnvVarSource";
constexpr std::string_view kEnvFromSource = "io.k8s.api.core.v1.EnvFromSource";
constexpr std::string_view kObjectFieldSelector = "io.k8s.api.core.v1.ObjectFieldSelector";
constexpr std::string_view kResourceFieldSelector = "io.k8s.api.core.v1.ResourceFieldSelector";
constexpr std::string_view kLifecycle = "io.k8s.api.core.v1.Lifecycle";
constexpr std::string_view kLifecycleHandler = "io.k8s.api.core.v1.LifecycleHandler";
constexpr std::string_view kExecAction = "io.k8s.api.core.v1.ExecAction";
constexpr std::string_view kHTTPGetAction = "io.k8s.api.core.v1.HTTPGetAction";
constexpr std::string_view kTCPSocketAction = "io.k8s.api.core.v1.TCPSocketAction";
constexpr std::string_view kProbe = "io.k8s.api.core.v1.Probe";
constexpr std::string_view kSecurityContext = "io.k8s.api.core.v1.SecurityContext";
constexpr std::string_view kAppArmorProfile = "io.k8s.api.core.v1.AppArmorProfile";
constexpr std::string_view kSELinuxOptions = "io.k8s.api.core.v1.SELinuxOptions";
constexpr std::string_view kSeccompProfile = "io.k8s.api.core.v1.SeccompProfile";
constexpr std::string_view kWindowsOptions = "io.k8s.api.core.v1.WindowsSecurityContextOptions";

// Container and EphemeralContainer share every field but one; the ephemeral one is
// described where it differs.
std::vector<FieldDef> containerFields(bool ephemeral)
{
    std::vector<FieldDef> fields = {
        strings("args", "Arguments to the command; replace the image's CMD. $(VAR) expands environment variables."),
        strings("command", "The program to run and its first arguments; replaces the image's ENTRYPOINT."),
        list("env", kEnvVar, "Environment variables to set, each a value or a reference to a ConfigMap, Secret or field."),
        list("envFrom", kEnvFromSource, "Import every key of a ConfigMap or Secret as an environment variable."),
        str("image", "The container image to run, e.g. \"nginx:1.27\" or \"registry.example.com/app@sha256:...\"."),
        str("imagePullPolicy",
            "When to pull the image: Always, IfNotPresent or Never. Defaults to Always for a :latest or missing tag, "
            "else IfNotPresent."),
        object("lifecycle", kLifecycle, "Hooks run right after the container starts and just before it stops."),
        object("livenessProbe", kProbe,
               ephemeral ? "Not allowed for ephemeral containers." : "Restart the container when this check fails."),
        str("name", "The container's name, unique within the pod (a DNS label)."),
        list("ports", "io.k8s.api.core.v1.ContainerPort",
             ephemeral ? "Not allowed for ephemeral containers."
                       : "Ports the container listens on. Informational: any listening port is reachable anyway."),
        object("readinessProbe", kProbe,
               ephemeral ? "Not allowed for ephemeral containers."
                         : "Take the pod out of service endpoints while this check fails."),
        list("resizePolicy", "io.k8s.api.core.v1.ContainerResizePolicy",
             "Whether changing a resource in place needs a container restart."),
        object("resources", kResourceRequirements,
               ephemeral ? "Not allowed for ephemeral containers."
                         : "CPU, memory and other resources the container requests and may not exceed."),
        str("restartPolicy",
            ephemeral ? "Not allowed for ephemeral containers."
                      : "Only \"Always\", and only for init containers: makes it a sidecar that keeps running."),
        object("securityContext", kSecurityContext, "Security settings for this container; override the pod's."),
        object("startupProbe", kProbe,
               ephemeral ? "Not allowed for ephemeral containers."
                         : "Hold the other probes until this check succeeds once; for slow-starting apps."),
        boolean("stdin", "Keep a standard input open so `kubectl attach` can write to it."),
        boolean("stdinOnce", "Close standard input after the first attach session ends."),
        str("terminationMessagePath", "The file whose content becomes the termination message (default /dev/termination-log)."),
        str("terminationMessagePolicy",
            "File (read the file only) or FallbackToLogsOnError (use the end of the log when the file is empty)."),
        boolean("tty", "Allocate a terminal; needs stdin too, as for `kubectl run -it`."),
        list("volumeDevices", "io.k8s.api.core.v1.VolumeDevice", "Raw block volumes to expose as devices."),
        list("volumeMounts", "io.k8s.api.core.v1.VolumeMount", "Pod volumes to mount into the container's filesystem."),
        str("workingDir", "The directory the command starts in; defaults to the image's."),
    };
    if (ephemeral)
        fields.push_back(str("targetContainerName",
                             "The container whose process namespace this debugging container joins."));
    return fields;
}

} // namespace

const std::vector<TypeDef> &containerTypes()
{
    static const std::vector<TypeDef> types = {
        {"io.k8s.api.core.v1.Container", "One container of a pod: an image, how to run it and what it needs.",
         containerFields(false)},
        {"io.k8s.api.core.v1.EphemeralContainer",
         "A temporary container added to a running pod for debugging (kubectl debug). It cannot be removed or "
         "restarted and gets no resources or probes.",
         containerFields(true)},
        {kEnvVar,
         "One environment variable of a container.",
         {
             str("name", "The variable's name."),
             str("value", "A literal value; $(OTHER) expands earlier variables."),
             object("valueFrom", kEnvVarSource, "Take the value from a ConfigMap, Secret, pod field or resource."),
         }},
        {kEnvVarSource,
         "Where an environment variable's value comes from; set exactly one field.",
         {
             object("configMapKeyRef", "io.k8s.api.core.v1.ConfigMapKeySelector", "One key of a ConfigMap."),
             object("fieldRef", kObjectFieldSelector,
                    "A field of the pod, e.g. metadata.name, metadata.namespace, spec.nodeName or status.podIP."),
             object("resourceFieldRef", kResourceFieldSelector, "A container's resource request or limit."),
             object("secretKeyRef", "io.k8s.api.core.v1.SecretKeySelector", "One key of a Secret."),
         }},
        {"io.k8s.api.core.v1.ConfigMapKeySelector",
         "Selects one key of a ConfigMap in the pod's namespace.",
         {
             str("key", "The key to read."),
             str("name", "The ConfigMap's name."),
             boolean("optional", "If true, a missing ConfigMap or key is not an error."),
         }},
        {"io.k8s.api.core.v1.SecretKeySelector",
         "Selects one key of a Secret in the pod's namespace.",
         {
             str("key", "The key to read."),
             str("name", "The Secret's name."),
             boolean("optional", "If true, a missing Secret or key is not an error."),
         }},
        {kObjectFieldSelector,
         "Selects a field of the pod by its path.",
         {
             str("apiVersion", "The version the path is written in (default \"v1\")."),
             str("fieldPath", "The path, e.g. \"metadata.labels['app']\" or \"status.hostIP\"."),
         }},
        {kResourceFieldSelector,
         "Selects a container's resource value: limits.cpu, requests.memory, ...",
         {
             str("containerName", "The container; required in volumes, optional in env (defaults to this one)."),
             quantity("divisor", "The unit to express the value in, e.g. 1m for millicores or 1Mi (default 1)."),
             str("resource", "Which value: limits.cpu, limits.memory, requests.cpu, requests.memory, ..."),
         }},
        {kEnvFromSource,
         "Imports all keys of a ConfigMap or Secret as environment variables.",
         {
             object("configMapRef", "io.k8s.api.core.v1.ConfigMapEnvSource", "The ConfigMap to import."),
             str("prefix", "A prefix added to every imported name."),
             object("secretRef", "io.k8s.api.core.v1.SecretEnvSource", "The Secret to import."),
         }},
        {"io.k8s.api.core.v1.ConfigMapEnvSource",
         "A ConfigMap whose keys become environment variables.",
         {
             str("name", "The ConfigMap's name."),
             boolean("optional", "If true, a missing ConfigMap is not an error."),
         }},
        {"io.k8s.api.core.v1.SecretEnvSource",
         "A Secret whose keys become environment variables.",
         {
             str("name", "The Secret's name."),
             boolean("optional", "If true, a missing Secret is not an error."),
         }},
        {kLifecycle,
         "Actions the kubelet runs at points of a container's life.",
         {
             object("postStart", kLifecycleHandler,
                    "Runs right after the container is created; the container is not Running until it ends."),
             object("preStop", kLifecycleHandler,
                    "Runs before the container is stopped; the grace period counts down meanwhile."),
         }},
        {kLifecycleHandler,
         "One lifecycle action; set exactly one field.",
         {
             object("exec", kExecAction, "Run a command inside the container."),
             object("httpGet", kHTTPGetAction, "Send an HTTP GET request."),
             object("sleep", "io.k8s.api.core.v1.SleepAction", "Wait for a number of seconds."),
             object("tcpSocket", kTCPSocketAction, "Deprecated: open a TCP connection. Kept for compatibility."),
         }},
        {kExecAction,
         "Runs a command in the container; exit status 0 means success.",
         {
             strings("command", "The command and its arguments. Not run in a shell: use [\"sh\", \"-c\", ...] for one."),
         }},
        {kHTTPGetAction,
         "Sends an HTTP GET request; a status from 200 to 399 means success.",
         {
             str("host", "The host to connect to; defaults to the pod's IP."),
             list("httpHeaders", "io.k8s.api.core.v1.HTTPHeader", "Extra request headers."),
             str("path", "The path to request, e.g. /healthz."),
             intOrString("port", "The port, by number or by the name of a container port."),
             str("scheme", "HTTP (default) or HTTPS (certificates are not verified)."),
         }},
        {"io.k8s.api.core.v1.HTTPHeader",
         "One HTTP header.",
         {
             str("name", "The header name."),
             str("value", "The header value."),
         }},
        {"io.k8s.api.core.v1.SleepAction",
         "Waits before going on.",
         {
             integer("seconds", "How many seconds to sleep."),
         }},
        {kTCPSocketAction,
         "Opens a TCP connection; success when it connects.",
         {
             str("host", "The host to connect to; defaults to the pod's IP."),
             intOrString("port", "The port, by number or by the name of a container port."),
         }},
        {kProbe,
         "A periodic health check the kubelet runs against a container. Set one of exec, httpGet, tcpSocket or "
         "grpc.",
         {
             object("exec", kExecAction, "Run a command inside the container."),
             integer("failureThreshold", "Consecutive failures that make the probe fail (default 3)."),
             object("grpc", "io.k8s.api.core.v1.GRPCAction", "Call the gRPC health checking service."),
             object("httpGet", kHTTPGetAction, "Send an HTTP GET request."),
             integer("initialDelaySeconds", "Seconds to wait after the container starts before the first check."),
             integer("periodSeconds", "Seconds between checks (default 10)."),
             integer("successThreshold",
                     "Consecutive successes that make a failed probe pass again (default 1; must be 1 for "
                     "liveness and startup)."),
             object("tcpSocket", kTCPSocketAction, "Open a TCP connection."),
             integer("terminationGracePeriodSeconds",
                     "Overrides the pod's grace period when this probe's failure kills the container."),
             integer("timeoutSeconds", "Seconds before one check times out (default 1)."),
         }},
        {"io.k8s.api.core.v1.GRPCAction",
         "Calls the standard gRPC health check service.",
         {
             integer("port", "The port number of the gRPC service."),
             str("service", "The service name passed in the health check request; empty checks the server."),
         }},
        {"io.k8s.api.core.v1.ContainerPort",
         "A network port a container listens on.",
         {
             integer("containerPort", "The port number inside the pod's network namespace."),
             str("hostIP", "The node address to bind hostPort to."),
             integer("hostPort", "Also expose the port on the node at this number. Rarely needed."),
             str("name", "A name other objects can use instead of the number (a Service's targetPort)."),
             str("protocol", "TCP (default), UDP or SCTP."),
         }},
        {"io.k8s.api.core.v1.ContainerResizePolicy",
         "What happens when one resource of a running container is resized.",
         {
             str("resourceName", "The resource: cpu or memory."),
             str("restartPolicy", "NotRequired (resize in place) or RestartContainer."),
         }},
        {kResourceRequirements,
         "Compute resources: requests are reserved for scheduling, limits are enforced at run time.",
         {
             list("claims", "io.k8s.api.core.v1.ResourceClaim",
                  "Dynamically allocated resources (from spec.resourceClaims) this container uses."),
             quantityMap("limits", "The most the container may use, e.g. cpu: 500m, memory: 256Mi."),
             quantityMap("requests", "What the scheduler reserves for the container; defaults to the limits."),
         }},
        {"io.k8s.api.core.v1.ResourceClaim",
         "Names one of the pod's resource claims.",
         {
             str("name", "The name of an entry in the pod's spec.resourceClaims."),
             str("request", "One request within that claim; empty means the whole claim."),
         }},
        {kSecurityContext,
         "Security settings of one container. Where a field also exists in the pod's securityContext, this one "
         "wins.",
         {
             boolean("allowPrivilegeEscalation", "Whether a process may gain more privileges than its parent (setuid)."),
             object("appArmorProfile", kAppArmorProfile, "The AppArmor profile to confine the container with."),
             object("capabilities", "io.k8s.api.core.v1.Capabilities", "Linux capabilities to add or drop."),
             boolean("privileged", "Run with (nearly) all the host's privileges. Avoid unless necessary."),
             str("procMount", "Default or Unmasked: how much of /proc is hidden."),
             boolean("readOnlyRootFilesystem", "Mount the container's root filesystem read-only."),
             integer("runAsGroup", "The primary group id of the container's processes."),
             boolean("runAsNonRoot", "Refuse to start the container if it would run as user 0."),
             integer("runAsUser", "The user id of the container's processes; defaults to the image's."),
             object("seLinuxOptions", kSELinuxOptions, "The SELinux label for the container."),
             object("seccompProfile", kSeccompProfile, "The seccomp filter limiting the system calls it may make."),
             object("windowsOptions", kWindowsOptions, "Windows-specific settings."),
         }},
        {kAppArmorProfile,
         "An AppArmor profile.",
         {
             str("localhostProfile", "The name of a profile loaded on the node, when type is Localhost."),
             str("type", "RuntimeDefault, Localhost or Unconfined."),
         }},
        {"io.k8s.api.core.v1.Capabilities",
         "Linux capabilities to change from the runtime's default set.",
         {
             strings("add", "Capabilities to add, e.g. NET_ADMIN."),
             strings("drop", "Capabilities to remove, e.g. ALL."),
         }},
        {kSELinuxOptions,
         "An SELinux label.",
         {
             str("level", "The level part of the label."),
             str("role", "The role part of the label."),
             str("type", "The type part of the label."),
             str("user", "The user part of the label."),
         }},
        {kSeccompProfile,
         "A seccomp profile.",
         {
             str("localhostProfile", "A profile file on the node, relative to the kubelet's seccomp directory."),
             str("type", "RuntimeDefault, Localhost or Unconfined."),
         }},
        {kWindowsOptions,
         "Settings for containers on Windows nodes.",
         {
             str("gmsaCredentialSpec", "The content of a GMSA credential spec."),
             str("gmsaCredentialSpecName", "The name of a GMSA credential spec to use."),
             boolean("hostProcess", "Run as a Windows host process container."),
             str("runAsUserName", "The Windows user name to run as."),
         }},
        {"io.k8s.api.core.v1.VolumeDevice",
         "A raw block volume exposed as a device in the container.",
         {
             str("devicePath", "The device path inside the container."),
             str("name", "The name of a persistentVolumeClaim volume of the pod."),
         }},
        {"io.k8s.api.core.v1.VolumeMount",
         "Mounts one of the pod's volumes into the container.",
         {
             str("mountPath", "Where in the container to mount it."),
             str("mountPropagation", "None (default), HostToContainer or Bidirectional."),
             str("name", "The name of a volume in the pod's spec.volumes."),
             boolean("readOnly", "Mount read-only."),
             str("recursiveReadOnly", "Disabled, IfPossible or Enabled: make submounts read-only too."),
             str("subPath", "Mount only this path inside the volume instead of its root."),
             str("subPathExpr", "Like subPath, but $(VAR) expands the container's environment variables."),
         }},
    };
    return types;
}

} // namespace k8slab::apiserver::schema
