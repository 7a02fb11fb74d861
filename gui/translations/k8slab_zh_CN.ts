<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChainGraph</name>
    <message>
        <location filename="../chain_graph_scene.cpp" line="49"/>
        <source>seen this client</source>
        <translation>见过此客户端</translation>
    </message>
    <message>
        <location filename="../chain_graph_scene.cpp" line="61"/>
        <source>from the node</source>
        <translation>来自节点本身</translation>
    </message>
    <message>
        <location filename="../chain_graph_scene.cpp" line="216"/>
        <source>No rules for %1 on this node (no endpoints, or no such service port).</source>
        <translation>此节点上没有 %1 的规则（没有端点，或没有这个服务端口）。</translation>
    </message>
</context>
<context>
    <name>ClusterMap</name>
    <message>
        <location filename="../cluster_map_items.cpp" line="70"/>
        <source>control plane</source>
        <translation>控制平面</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="70"/>
        <source>worker</source>
        <translation>工作节点</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="71"/>
        <source>Node %1 — %2
allocatable: %3 CPU, %4 GiB
taints: %5</source>
        <translation>节点 %1 — %2
可分配：%3 CPU，%4 GiB
污点：%5</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="72"/>
        <location filename="../cluster_map_items.cpp" line="123"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="72"/>
        <location filename="../cluster_map_items.cpp" line="123"/>
        <source>NotReady</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="73"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <location filename="../cluster_map_items.cpp" line="123"/>
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n 个 Pod</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="132"/>
        <source>CPU %1/%2</source>
        <translation>CPU %1/%2</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="136"/>
        <source>Mem %1/%2Gi</source>
        <translation>内存 %1/%2Gi</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="163"/>
        <source>Pod %1/%2
phase: %3%4
QoS: %5
IP: %6</source>
        <translation>Pod %1/%2
阶段：%3%4
QoS：%5
IP：%6</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="164"/>
        <source> (terminating)</source>
        <translation>（终止中）</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="239"/>
        <source>Control plane</source>
        <translation>控制平面</translation>
    </message>
    <message numerus="yes">
        <location filename="../cluster_map_items.cpp" line="255"/>
        <source>%n pod(s) waiting</source>
        <translation>
            <numerusform>%n 个 Pod 等待调度</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LessonDeck</name>
    <message>
        <location filename="../lesson_deck.cpp" line="83"/>
        <source>Lesson %1 · %2 — step %3 of %4</source>
        <translation>第 %1 课 · %2 — 第 %3 步，共 %4 步</translation>
    </message>
    <message>
        <location filename="../lesson_deck.cpp" line="106"/>
        <source>Exercise: %1</source>
        <translation>练习：%1</translation>
    </message>
</context>
<context>
    <name>Narrator</name>
    <message>
        <location filename="../narration.cpp" line="43"/>
        <source>The lab starts</source>
        <translation>实验环境启动</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="44"/>
        <source>The lab starts its control plane: the store, the API server, the controller manager, the scheduler, a kubelet and a kube-proxy per node.</source>
        <translation>实验环境启动控制平面：存储、API Server、控制器管理器、调度器，以及每个节点上的 kubelet 和 kube-proxy。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="53"/>
        <source>POST binding</source>
        <translation>POST binding（绑定）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="54"/>
        <source>%1 asks the API server to bind %2 to a node. The binding subresource sets spec.nodeName; the scheduler never writes the pod itself.</source>
        <translation>%1 请求 API Server 把 %2 绑定到节点。binding 子资源设置 spec.nodeName；调度器从不直接修改 Pod 本身。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="58"/>
        <source>%1 status</source>
        <translation>%1 status（状态）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="59"/>
        <source>%1 writes the status of %2 through the status subresource: status changes never go through the main resource, and spec changes never through status.</source>
        <translation>%1 通过 status 子资源写入 %2 的状态：状态的修改从不经过主资源，spec 的修改也从不经过 status。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="64"/>
        <source>POST %1</source>
        <translation>POST %1（创建）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="65"/>
        <source>%1 sends a create request for %2. The API server authenticates it, runs admission (defaults, quotas, the service account), validates the object and only then writes it to the store.</source>
        <translation>%1 发出创建 %2 的请求。API Server 先认证，再执行准入控制（默认值、配额、ServiceAccount），校验对象，最后才写入存储。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="70"/>
        <source>DELETE %1</source>
        <translation>DELETE %1（删除）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="71"/>
        <source>%1 asks to delete %2. With a grace period the object first gets a deletionTimestamp; it goes when its finalizers and the kubelet are done.</source>
        <translation>%1 请求删除 %2。有优雅终止期时，对象先被设置 deletionTimestamp；等 finalizer 和 kubelet 都处理完后才真正删除。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="74"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="75"/>
        <source>%1 sends %2 for %3. The request carries the resourceVersion it read: if someone wrote the object since, the API server answers 409 Conflict (optimistic concurrency).</source>
        <translation>%1 对 %3 发出 %2 请求。请求带着它读到的 resourceVersion：如果此后有人修改过该对象，API Server 返回 409 Conflict（乐观并发控制）。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="82"/>
        <source>Answer %1</source>
        <translation>响应 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="83"/>
        <source>The API server answers with HTTP %1.</source>
        <translation>API Server 返回 HTTP %1。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="87"/>
        <source>store: create %1</source>
        <translation>存储：创建 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="88"/>
        <source>The store (etcd in a real cluster) commits %1 at revision %2. Nothing runs yet: every component that cares learns of the new object through its watch on the API server.</source>
        <translation>存储（真实集群中是 etcd）在版本 %2 提交了 %1。此时还没有任何东西运行：关心它的组件都通过对 API Server 的 watch 得知这个新对象。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="96"/>
        <source>store: update %1</source>
        <translation>存储：更新 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="97"/>
        <source>The store commits a new version of %1 at revision %2; the object&apos;s resourceVersion is that revision. Watchers receive a MODIFIED event.</source>
        <translation>存储在版本 %2 提交了 %1 的新版本；对象的 resourceVersion 就是这个版本号。watch 它的组件收到 MODIFIED 事件。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="104"/>
        <source>store: delete %1</source>
        <translation>存储：删除 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="105"/>
        <source>The store removes %1 at revision %2. Watchers receive a DELETED event.</source>
        <translation>存储在版本 %2 删除了 %1。watch 它的组件收到 DELETED 事件。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="111"/>
        <source>Deployment controller: reconcile</source>
        <translation>Deployment 控制器：调谐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="112"/>
        <source>The deployment controller compares %1 with its ReplicaSets: strategy %2, %3 replicas wanted, new ReplicaSet %4. It never creates pods itself; it only sizes ReplicaSets.</source>
        <translation>Deployment 控制器把 %1 与它的 ReplicaSet 对比：策略 %2，期望 %3 个副本，新 ReplicaSet 为 %4。它从不直接创建 Pod，只调整 ReplicaSet 的副本数。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="120"/>
        <source>New ReplicaSet %1</source>
        <translation>新建 ReplicaSet %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="121"/>
        <source>No ReplicaSet matches the pod template of %1, so the deployment controller creates %2: the template&apos;s hash %3 goes into its name and into the label pod-template-hash, revision %4.</source>
        <translation>没有 ReplicaSet 匹配 %1 的 Pod 模板，所以 Deployment 控制器创建 %2：模板的哈希 %3 写进它的名字和标签 pod-template-hash，版本号为 %4。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="129"/>
        <source>Scale %1: %2 → %3</source>
        <translation>扩缩 %1：%2 → %3</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="132"/>
        <source>The deployment controller scales ReplicaSet %1 from %2 to %3 (%4). During a rolling update maxSurge and maxUnavailable bound each step.</source>
        <translation>Deployment 控制器把 ReplicaSet %1 从 %2 调整到 %3（%4）。滚动更新时，每一步都受 maxSurge 和 maxUnavailable 限制。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="139"/>
        <source>Delete old ReplicaSet</source>
        <translation>删除旧 ReplicaSet</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="140"/>
        <source>%1 keeps %2 old ReplicaSets for rollbacks (revisionHistoryLimit); the deployment controller deletes %3.</source>
        <translation>%1 为回滚保留 %2 个旧 ReplicaSet（revisionHistoryLimit）；Deployment 控制器删除 %3。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="148"/>
        <source>ReplicaSet controller: create pods</source>
        <translation>ReplicaSet 控制器：创建 Pod</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="149"/>
        <source>ReplicaSet controller: delete pods</source>
        <translation>ReplicaSet 控制器：删除 Pod</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="150"/>
        <source>ReplicaSet controller: in sync</source>
        <translation>ReplicaSet 控制器：已一致</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="151"/>
        <source>The ReplicaSet controller counts the pods that match the selector of %1: %2 wanted, %3 found. It creates or deletes the difference (in growing batches) and records what it expects to see next.</source>
        <translation>ReplicaSet 控制器统计匹配 %1 选择器的 Pod：期望 %2 个，实际 %3 个。它创建或删除差额（按逐步增大的批次），并记下接下来期望看到的变化（expectations）。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="160"/>
        <source>DaemonSet controller: rolling update</source>
        <translation>DaemonSet 控制器：滚动更新</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="161"/>
        <source>The pod template of %1 changed. The daemonset controller replaces the old pods node by node, within maxSurge %2 (new pods started beside old ones) and maxUnavailable %3 (nodes without an available pod): this step it creates %4 pods and deletes %5.</source>
        <translation>%1 的 Pod 模板变了。DaemonSet 控制器逐个节点替换旧 Pod，不超过 maxSurge %2（在旧 Pod 旁边先启动的新 Pod 数）和 maxUnavailable %3（没有可用 Pod 的节点数）：这一步创建 %4 个 Pod，删除 %5 个。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="167"/>
        <source>DaemonSet controller: reconcile</source>
        <translation>DaemonSet 控制器：调谐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="168"/>
        <source>The daemonset controller checks that every eligible node runs one pod of %1, and creates or deletes pods where not.</source>
        <translation>DaemonSet 控制器检查每个符合条件的节点上是否恰好运行一个 %1 的 Pod，不符合的地方就创建或删除 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="174"/>
        <source>DaemonSet revision %1</source>
        <translation>DaemonSet 版本 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="175"/>
        <source>The daemonset controller stores the pod template of %1 as ControllerRevision %2, so a rolling update can tell old pods from new.</source>
        <translation>DaemonSet 控制器把 %1 的 Pod 模板保存为 ControllerRevision %2，这样滚动更新时能区分新旧 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="181"/>
        <source>Job controller: reconcile</source>
        <translation>Job 控制器：调谐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="182"/>
        <source>The job controller counts the pods of %1: %2 active, %3 succeeded, %4 failed; decision: %5.</source>
        <translation>Job 控制器统计 %1 的 Pod：%2 个运行中，%3 个成功，%4 个失败；决定：%5。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="189"/>
        <source>Job %1</source>
        <translation>Job %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="190"/>
        <source>The job controller sets the condition %1 on %2 (reason %3); no new pods start.</source>
        <translation>Job 控制器在 %2 上设置条件 %1（原因 %3）；不再启动新的 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="196"/>
        <source>TTL expired: delete Job</source>
        <translation>TTL 到期：删除 Job</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="197"/>
        <source>%1 finished more than ttlSecondsAfterFinished (%2 s) ago; the TTL-after-finished controller deletes it and its pods.</source>
        <translation>%1 结束已超过 ttlSecondsAfterFinished（%2 秒）；TTL-after-finished 控制器删除它及其 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="203"/>
        <source>CronJob controller: reconcile</source>
        <translation>CronJob 控制器：调谐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="204"/>
        <source>The cronjob controller checks the schedule of %1, starts a Job when one is due (honouring concurrencyPolicy) and trims the history.</source>
        <translation>CronJob 控制器检查 %1 的调度时间，到点时启动一个 Job（遵守 concurrencyPolicy），并清理历史记录。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="210"/>
        <source>HPA: %1 → %2 replicas</source>
        <translation>HPA：%1 → %2 个副本</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="212"/>
        <source>The horizontal pod autoscaler reads %1 for the pods of %2: desired = ceil(current × metric ÷ target) gives %3; after tolerance, bounds and stabilization it asks for %4.</source>
        <translation>HPA 读取 %2 的 Pod 的 %1：期望值 = ceil(当前副本数 × 指标 ÷ 目标) 得到 %3；经过容忍度、上下限和稳定窗口处理后，请求 %4 个副本。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="220"/>
        <source>Create ServiceAccount default</source>
        <translation>创建 ServiceAccount default</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="221"/>
        <source>Every namespace gets a ServiceAccount named default; pods that name none run as it. The serviceaccount controller creates it in %1.</source>
        <translation>每个命名空间都有一个名为 default 的 ServiceAccount；没有指定的 Pod 就以它的身份运行。ServiceAccount 控制器在 %1 中创建它。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="227"/>
        <source>LoadBalancer IP %1</source>
        <translation>LoadBalancer IP %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="228"/>
        <source>The service controller gives %1 the external address %2 from the lab&apos;s pool %3 (as MetalLB or a cloud would) and writes it to status.loadBalancer.</source>
        <translation>Service 控制器从实验环境的地址池 %3 中给 %1 分配外部地址 %2（就像 MetalLB 或云厂商那样），并写入 status.loadBalancer。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="235"/>
        <source>Release LoadBalancer IP</source>
        <translation>释放 LoadBalancer IP</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="236"/>
        <source>%1 no longer needs its external address %2; the service controller gives it back to the pool.</source>
        <translation>%1 不再需要外部地址 %2；Service 控制器把它还给地址池。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="242"/>
        <source>Endpoints: %1 ready</source>
        <translation>Endpoints：%1 个就绪</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="243"/>
        <source>The endpoints controller lists the pods that %1 selects and writes their IPs to the Endpoints object of the same name: %2 ready, %3 not ready (notReadyAddresses).</source>
        <translation>Endpoints 控制器列出 %1 选中的 Pod，把它们的 IP 写入同名的 Endpoints 对象：%2 个就绪，%3 个未就绪（notReadyAddresses）。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="250"/>
        <source>EndpointSlices: %1 ready</source>
        <translation>EndpointSlice：%1 个就绪</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="251"/>
        <source>The endpointslice controller puts the pods that %1 selects into EndpointSlices (up to 100 each): %2 endpoints, %3 ready. A pod counts as ready once its Ready condition is True; kube-proxy only sends traffic to ready endpoints.</source>
        <translation>EndpointSlice 控制器把 %1 选中的 Pod 放入 EndpointSlice（每个最多 100 个）：共 %2 个端点，%3 个就绪。Pod 的 Ready 条件为 True 才算就绪；kube-proxy 只把流量发给就绪的端点。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="259"/>
        <source>Node %1 silent: Unknown</source>
        <translation>节点 %1 失联：Unknown</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="260"/>
        <source>The kubelet on %1 has not renewed its Lease for more than %2 (last at %3); the node lifecycle controller sets its conditions to Unknown.</source>
        <translation>%1 上的 kubelet 超过 %2 没有续约 Lease（最后一次在 %3）；节点生命周期控制器把它的条件设为 Unknown。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="266"/>
        <source>Node %1 taints</source>
        <translation>节点 %1 的污点</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="267"/>
        <source>The node lifecycle controller sets the taints of %1 to %2 (%3). Pods without a matching toleration will be evicted after their tolerationSeconds.</source>
        <translation>节点生命周期控制器把 %1 的污点设为 %2（%3）。没有相应容忍的 Pod 会在 tolerationSeconds 之后被驱逐。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="274"/>
        <source>Eviction in %1 s</source>
        <translation>%1 秒后驱逐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="275"/>
        <source>%1 tolerates the NoExecute taint of %2 for %3 s only; the taint eviction controller will delete it at %4 unless the taint goes.</source>
        <translation>%1 只能容忍 %2 的 NoExecute 污点 %3 秒；除非污点消失，污点驱逐控制器将在 %4 删除它。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="282"/>
        <source>Eviction cancelled</source>
        <translation>取消驱逐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="283"/>
        <source>The taint on %1 is gone before the deadline; %2 stays.</source>
        <translation>%1 上的污点在期限前消失了；%2 得以保留。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="288"/>
        <source>Evict from %1</source>
        <translation>从 %1 驱逐</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="289"/>
        <source>Time is up: the taint eviction controller deletes %1 from %2 (condition DisruptionTarget, reason DeletionByTaintManager). Its owner will create a replacement elsewhere.</source>
        <translation>时间到：污点驱逐控制器从 %2 删除 %1（条件 DisruptionTarget，原因 DeletionByTaintManager）。它的属主会在别处创建替代的 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="296"/>
        <source>Pod GC: force delete</source>
        <translation>Pod 垃圾回收：强制删除</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="297"/>
        <source>The pod garbage collector force-deletes %1 (%2).</source>
        <translation>Pod 垃圾回收器强制删除 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="302"/>
        <source>Held by scheduling gates</source>
        <translation>被调度门控（scheduling gates）挡住</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="303"/>
        <source>%1 has spec.schedulingGates: the scheduler leaves it alone until they are removed.</source>
        <translation>%1 设置了 spec.schedulingGates：在门控被移除之前，调度器不会处理它。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="309"/>
        <source>Queue: retry unschedulable pods</source>
        <translation>队列：重试不可调度的 Pod</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="310"/>
        <source>A cluster event (a node added, a pod deleted) might make waiting pods schedulable; the scheduler moves them back to its active queue.</source>
        <translation>集群事件（新增节点、删除 Pod 等）可能让等待中的 Pod 变得可调度；调度器把它们移回活动队列。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="317"/>
        <source>Scheduler: no node fits</source>
        <translation>调度器：没有合适的节点</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="318"/>
        <source>The scheduler filtered %1 nodes for %2 and none passed: %3 The pod stays Pending until something changes.</source>
        <translation>调度器为 %2 过滤了 %1 个节点，没有一个通过：%3 在情况变化之前，Pod 一直处于 Pending。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="321"/>
        <source>Scheduler: choose %1</source>
        <translation>调度器：选择 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="322"/>
        <source>The scheduler takes %1 from its queue. Filter plugins (predicates) drop the nodes that cannot run it; score plugins (priorities) rank the rest; %2 of %3 nodes were examined and %4 scored highest.</source>
        <translation>调度器从队列中取出 %1。过滤插件（预选，predicates）淘汰不能运行它的节点；打分插件（优选，priorities）给其余节点排序；%3 个节点中考察了 %2 个，%4 得分最高。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="329"/>
        <source>Cannot record PodScheduled</source>
        <translation>无法记录 PodScheduled</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="330"/>
        <source>The scheduler could not write the PodScheduled=False condition of %1.</source>
        <translation>调度器无法写入 %1 的 PodScheduled=False 条件。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="335"/>
        <source>Preemption</source>
        <translation>抢占</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="336"/>
        <source>No node fits %1, but evicting lower-priority pods would make room: the scheduler nominates a node and deletes the victims.</source>
        <translation>没有节点能容纳 %1，但驱逐低优先级的 Pod 可以腾出空间：调度器提名一个节点并删除被抢占的 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="342"/>
        <source>Bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="343"/>
        <source>The binding succeeded: %1 now has spec.nodeName = %2 and the condition PodScheduled=True. The scheduler&apos;s work for this pod is done.</source>
        <translation>绑定成功：%1 的 spec.nodeName = %2，条件 PodScheduled=True。调度器对这个 Pod 的工作到此结束。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="349"/>
        <source>Binding failed</source>
        <translation>绑定失败</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="350"/>
        <source>The API server refused the binding of %1; the scheduler forgets its assumption and queues the pod again.</source>
        <translation>API Server 拒绝了 %1 的绑定；调度器撤销它的假定（assume），把 Pod 重新放回队列。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="356"/>
        <source>Register node %1</source>
        <translation>注册节点 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="357"/>
        <source>The kubelet creates its Node object with capacity, allocatable, labels and conditions, then renews a Lease in kube-node-lease every 10 s as its heartbeat.</source>
        <translation>kubelet 创建自己的 Node 对象（容量、可分配资源、标签和条件），之后每 10 秒在 kube-node-lease 中续约 Lease 作为心跳。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="363"/>
        <source>Kubelet stopped on %1</source>
        <translation>%1 上的 kubelet 已停止</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="364"/>
        <source>The lab stopped the kubelet on %1: no heartbeats, no status. The node lifecycle controller will notice after the grace period.</source>
        <translation>实验环境停止了 %1 上的 kubelet：没有心跳，也不上报状态。节点生命周期控制器会在宽限期后发现。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="370"/>
        <source>Kubelet started on %1</source>
        <translation>%1 上的 kubelet 已启动</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="371"/>
        <source>The kubelet on %1 runs again and resumes its heartbeats.</source>
        <translation>%1 上的 kubelet 重新运行，恢复心跳。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="375"/>
        <source>Container %1 killed (SIGKILL)</source>
        <translation>容器 %1 被杀死（SIGKILL）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="376"/>
        <source>The lab killed container %1 of %2 on %3 from outside, as kill -9 on the node would. The kubelet is not told: it sees the container exit with 137 (128 + 9) and acts on the pod&apos;s restartPolicy.</source>
        <translation>实验室从外部杀死了 %3 上 %2 的容器 %1，就像在节点上执行 kill -9 一样。kubelet 没有得到通知：它只看到容器以 137（128 + 9）退出，然后按 Pod 的 restartPolicy 处理。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="385"/>
        <source>Memory released on %1</source>
        <translation>%1 上的内存已释放</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="386"/>
        <source>The process outside the pods on %1 let its memory go.</source>
        <translation>%1 上 Pod 之外的进程释放了它占用的内存。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="387"/>
        <source>Memory filled on %1</source>
        <translation>%1 的内存被占满</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="388"/>
        <source>A process outside the pods on %1 now holds %2. The kubelet&apos;s eviction manager sees memory.available fall; below 100Mi it reports MemoryPressure and evicts pods.</source>
        <translation>%1 上一个 Pod 之外的进程现在占用 %2。kubelet 的驱逐管理器看到 memory.available 下降；低于 100Mi 时它报告 MemoryPressure 并驱逐 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="395"/>
        <source>Image registry broken</source>
        <translation>镜像仓库故障</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="396"/>
        <source>The lab cut every node off the image registries. Images already on a node still run; every pull fails (ErrImagePull, then ImagePullBackOff).</source>
        <translation>实验室把所有节点与镜像仓库断开。已在节点上的镜像照常运行；每次拉取都会失败（ErrImagePull，然后 ImagePullBackOff）。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="401"/>
        <source>Image registry repaired</source>
        <translation>镜像仓库已恢复</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="402"/>
        <source>The registries answer again: each waiting pull succeeds at its next try, when its back-off ends.</source>
        <translation>镜像仓库重新响应：每个等待中的拉取在退避结束后的下一次尝试时成功。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="407"/>
        <source>Kubelet on %1: admit</source>
        <translation>%1 上的 kubelet：准入</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="408"/>
        <source>The kubelet on %1 watches pods whose spec.nodeName is its node. It sees %2, checks that it fits (resources, node selector, taints) and starts a pod worker for it.</source>
        <translation>%1 上的 kubelet watch 所有 spec.nodeName 为本节点的 Pod。它看到 %2，检查能否容纳（资源、节点选择器、污点），然后为它启动一个 pod worker。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="415"/>
        <source>Rejected: %1</source>
        <translation>拒绝：%1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="416"/>
        <source>The kubelet on %1 rejects %2: %3 The pod fails with this reason; its owner will make another.</source>
        <translation>%1 上的 kubelet 拒绝了 %2：%3 Pod 以这个原因失败；它的属主会再创建一个。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="422"/>
        <source>RunPodSandbox</source>
        <translation>RunPodSandbox（创建沙箱）</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="423"/>
        <source>The kubelet asks the container runtime (through CRI) for the pod sandbox: the pause container holding the network namespace. The CNI plugin gives the pod its IP %1.</source>
        <translation>kubelet 通过 CRI 请求容器运行时创建 Pod 沙箱：即持有网络命名空间的 pause 容器。CNI 插件给 Pod 分配 IP %1。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="430"/>
        <source>PullImage %1</source>
        <translation>拉取镜像 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="431"/>
        <source>The kubelet has the runtime pull %1 for container %2 (imagePullPolicy decides whether a present image is reused). The node pulls the variant of its own architecture.</source>
        <translation>kubelet 让运行时为容器 %2 拉取 %1（imagePullPolicy 决定是否复用已有镜像）。节点拉取与自己架构匹配的镜像版本。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="438"/>
        <source>Pull failed</source>
        <translation>拉取失败</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="439"/>
        <source>The image of container %1 could not be pulled: ErrImagePull, then ImagePullBackOff while the kubelet retries with a growing delay.</source>
        <translation>容器 %1 的镜像拉取失败：先是 ErrImagePull，随后在 kubelet 以递增间隔重试期间显示 ImagePullBackOff。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="445"/>
        <source>Start %1</source>
        <translation>启动 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="446"/>
        <source>The kubelet has the runtime create and start container %1 (id %2) in the pod&apos;s sandbox. Init containers run first, one at a time; then the app containers.</source>
        <translation>kubelet 让运行时在 Pod 沙箱中创建并启动容器 %1（ID %2）。Init 容器先依次逐个运行，然后才是应用容器。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="453"/>
        <source>Start failed</source>
        <translation>启动失败</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="454"/>
        <source>Container %1 could not start; the kubelet will retry with back-off.</source>
        <translation>容器 %1 无法启动；kubelet 将按退避间隔重试。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="459"/>
        <source>%1 probe failed: kill %2</source>
        <translation>%1 探针失败：杀死 %2</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="460"/>
        <source>Container %1 failed its %2 probe %3 times in a row (%4). The kubelet kills it; the restart policy decides whether it starts again.</source>
        <translation>容器 %1 的 %2 探针连续失败 %3 次（%4）。kubelet 杀死它；是否再次启动由重启策略决定。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="467"/>
        <source>exec in %1: %2</source>
        <translation>在 %1 中执行：%2</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="468"/>
        <source>kubectl exec reached the kubelet through the API server (a WebSocket on pods/exec). The kubelet had the container runtime run &quot;%1&quot; inside container %2&apos;s namespaces; it exited with %3, and that code is kubectl&apos;s exit code.</source>
        <translation>kubectl exec 经由 API server（pods/exec 上的 WebSocket）到达 kubelet。kubelet 让容器运行时在容器 %2 的命名空间里运行“%1”；它以 %3 退出，这个退出码就是 kubectl 的退出码。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="476"/>
        <source>attach to %1</source>
        <translation>attach 到 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="477"/>
        <source>kubectl attach connects to the container&apos;s own process: from now on, what %1 writes goes to the client too, until it exits. Nothing new runs.</source>
        <translation>kubectl attach 连接到容器自己的进程：从现在起，%1 写出的内容也会发送给客户端，直到它退出。不会运行新的进程。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="485"/>
        <source>port-forward to port %1</source>
        <translation>端口转发到端口 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="486"/>
        <source>kubectl port-forward reached the kubelet through the API server (SPDY on pods/portforward). For this local connection the container runtime connected to localhost:%1 inside the pod&apos;s network namespace; bytes now flow both ways through the API server. No Service and no kube-proxy rule is involved.</source>
        <translation>kubectl port-forward 经 API 服务器（pods/portforward 上的 SPDY）到达 kubelet。对这个本地连接，容器运行时在 Pod 的网络命名空间内连接了 localhost:%1；此后字节经 API 服务器双向流动。这里不经过任何 Service，也不经过任何 kube-proxy 规则。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="492"/>
        <source>port-forward to port %1 failed</source>
        <translation>端口转发到端口 %1 失败</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="493"/>
        <source>Nothing in the pod accepted a connection on port %1: %2. kubectl prints this error and closes the forward.</source>
        <translation>Pod 中没有进程在端口 %1 上接受连接：%2。kubectl 打印这个错误并结束转发。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="499"/>
        <source>Static pod %1</source>
        <translation>静态 Pod %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="500"/>
        <source>The kubelet found %1 in its static pod folder and runs the pod itself: no scheduler, no controller, not even the API server is needed. Its name ends with the node&apos;s; its UID is a hash of the file.</source>
        <translation>kubelet 在它的静态 Pod 目录中发现了 %1，并亲自运行这个 Pod：不需要调度器、不需要控制器，甚至不需要 API Server。它的名字以节点名结尾；它的 UID 是文件的哈希值。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="507"/>
        <source>Static pod gone: %1</source>
        <translation>静态 Pod 已移除：%1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="508"/>
        <source>%1 left the static pod folder (or changed): the kubelet stops the pod and deletes its mirror. Deleting the mirror through the API would not have stopped it.</source>
        <translation>%1 离开了静态 Pod 目录（或被修改）：kubelet 停止该 Pod 并删除其镜像 Pod。通过 API 删除镜像 Pod 是无法让它停下来的。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="515"/>
        <source>Unreadable static pod</source>
        <translation>无法读取的静态 Pod</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="516"/>
        <source>The kubelet could not read a manifest in its static pod folder: %1</source>
        <translation>kubelet 无法读取其静态 Pod 目录中的清单：%1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="521"/>
        <source>Mirror pod %1</source>
        <translation>镜像 Pod %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="522"/>
        <source>The kubelet writes a mirror of the static pod to the API (annotation kubernetes.io/config.mirror, owned by the Node) so kubectl and the scheduler see it. It only shows status: delete it and the kubelet creates it again.</source>
        <translation>kubelet 把静态 Pod 的镜像写入 API（带注解 kubernetes.io/config.mirror，属主为 Node），让 kubectl 和调度器能看到它。它只用于展示状态：删掉它，kubelet 会再次创建。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="529"/>
        <source>Memory pressure</source>
        <translation>内存压力</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="530"/>
        <source>The kubelet&apos;s eviction manager sees memory.available = %1, below the hard threshold of %2: the node reports MemoryPressure (tainted, so no new pods come) and the kubelet evicts one pod per round to reclaim memory.</source>
        <translation>kubelet 的驱逐管理器发现 memory.available = %1，低于硬阈值 %2：节点报告 MemoryPressure（被加上污点，新 Pod 不会再来），kubelet 每轮驱逐一个 Pod 以回收内存。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="537"/>
        <source>Over the ephemeral-storage limit</source>
        <translation>超出临时存储限制</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="538"/>
        <source>The kubelet&apos;s eviction manager adds up what the containers of %1 wrote to their writable layers and logs: %2, more than its ephemeral-storage limit allows. It evicts the pod at once, without a grace period: %3</source>
        <translation>kubelet 的驱逐管理器把 %1 的各个容器写入可写层和日志的数据加起来：%2，超过了临时存储（ephemeral-storage）限制所允许的量。它立即驱逐这个 Pod，不给宽限期：%3</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="545"/>
        <source>Evict %1</source>
        <translation>驱逐 %1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="546"/>
        <source>The eviction manager chose this %1 pod: first pods using more memory than they request, then lower priority, then the largest excess. Its containers are killed (1 s of grace) and the pod ends Failed with reason Evicted; its controller makes a new one elsewhere.</source>
        <translation>驱逐管理器选中了这个 %1 Pod：先选内存用量超过请求量的 Pod，再选优先级较低的，最后选超出最多的。它的容器被杀死（宽限 1 秒），Pod 以 Failed 结束、原因为 Evicted；它的控制器会在别处创建新的 Pod。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="554"/>
        <source>metrics-server scrape</source>
        <translation>metrics-server 采集</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="555"/>
        <source>metrics-server reads /metrics/resource from %1 kubelets (cumulative CPU seconds, memory working set) for %2 pods. CPU usage is the difference between two scrapes ÷ the time between them, so a new pod has metrics after its second scrape; kubectl top and the HPA read these through the metrics.k8s.io API.</source>
        <translation>metrics-server 从 %1 个 kubelet 读取 /metrics/resource（累计 CPU 秒数、内存工作集），共 %2 个 Pod。CPU 使用量是两次采集之差 ÷ 两次采集的间隔，所以新 Pod 要到第二次采集后才有指标；kubectl top 和 HPA 通过 metrics.k8s.io API 读取这些数据。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="564"/>
        <source>Status: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="565"/>
        <source>The kubelet&apos;s status manager writes what it saw to the API server: phase %1, container states, conditions (Ready once every container is ready and its readiness probe passes), the pod IP.</source>
        <translation>kubelet 的状态管理器把它观察到的情况写回 API Server：阶段 %1、容器状态、条件（所有容器就绪且就绪探针通过后才 Ready）、Pod IP。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="572"/>
        <source>Stop containers</source>
        <translation>停止容器</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="573"/>
        <source>%1 is being deleted: the kubelet runs preStop hooks, sends SIGTERM, and SIGKILL after the grace period.</source>
        <translation>%1 正在被删除：kubelet 执行 preStop 钩子，发送 SIGTERM，超过优雅终止期后发送 SIGKILL。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="579"/>
        <source>Pod finished</source>
        <translation>Pod 已结束</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="580"/>
        <source>The containers of %1 have stopped and its sandbox is gone; the kubelet confirms the deletion so the API server can remove the object.</source>
        <translation>%1 的容器已停止，沙箱也已清除；kubelet 确认删除，API Server 随后移除该对象。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="586"/>
        <source>kube-proxy on %1: +%2 −%3 rules</source>
        <translation>%1 上的 kube-proxy：+%2 −%3 条规则</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="588"/>
        <source>kube-proxy on %1 watched the change (%2) and rewrote its %3 rules (%4 sync): %5 rules added, %6 removed. Traffic to the Service&apos;s cluster IP now reaches the ready endpoints.</source>
        <translation>%1 上的 kube-proxy watch 到变化（%2），重写了它的 %3 规则（%4 同步）：新增 %5 条，删除 %6 条。发往 Service 集群 IP 的流量现在会到达就绪的端点。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="597"/>
        <source>kube-proxy sync failed</source>
        <translation>kube-proxy 同步失败</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="598"/>
        <source>kube-proxy on %1 could not apply its rules: %2 It will retry.</source>
        <translation>%1 上的 kube-proxy 无法应用规则：%2 它会重试。</translation>
    </message>
    <message>
        <location filename="../narration.cpp" line="614"/>
        <source>%1 took the step %2 on %3.</source>
        <translation>%1 对 %3 执行了步骤 %2。</translation>
    </message>
</context>
<context>
    <name>SequenceLayout</name>
    <message>
        <location filename="../sequence_model.cpp" line="54"/>
        <source>kubectl / you</source>
        <translation>kubectl / 你</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="58"/>
        <source>etcd (store)</source>
        <translation>etcd（存储）</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="60"/>
        <source>%1 controller</source>
        <translation>%1 控制器</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="64"/>
        <source>kubelet (%1)</source>
        <translation>kubelet（%1）</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="66"/>
        <source>container runtime</source>
        <translation>容器运行时</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="68"/>
        <source>kube-proxy (each node)</source>
        <translation>kube-proxy（每个节点）</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="120"/>
        <source>create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="121"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="122"/>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../sequence_model.cpp" line="134"/>
        <source>watch: %1 %2</source>
        <translation>watch：%1 %2</translation>
    </message>
</context>
<context>
    <name>YamlEditor</name>
    <message>
        <location filename="../yaml_editor.cpp" line="32"/>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="45"/>
        <source>Deployment</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="63"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="73"/>
        <source>ConfigMap</source>
        <translation>ConfigMap</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="80"/>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="95"/>
        <source>Node (the lab starts its kubelet)</source>
        <translation>Node（实验室会为它启动 kubelet）</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::ChartsPage</name>
    <message>
        <location filename="../charts_page.cpp" line="90"/>
        <source>kube-proxy: how long each sync took (µs)</source>
        <translation>kube-proxy：每次同步耗时（微秒）</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="91"/>
        <source>Scheduler: attempts so far, by result</source>
        <translation>调度器：累计调度尝试次数（按结果）</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="92"/>
        <source>Container restarts so far</source>
        <translation>累计容器重启次数</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="93"/>
        <source>Nodes: requested as % of allocatable</source>
        <translation>节点：已请求资源占可分配资源的百分比</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="94"/>
        <source>HPA: desired replicas</source>
        <translation>HPA：期望副本数</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="95"/>
        <source>HPA: CPU use as % of request, and the target</source>
        <translation>HPA：CPU 用量占请求量的百分比，以及目标</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="96"/>
        <source>µs</source>
        <translation>微秒</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="97"/>
        <source>attempts</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="98"/>
        <location filename="../charts_page.cpp" line="176"/>
        <source>restarts</source>
        <translation>重启</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="99"/>
        <source>replicas</source>
        <translation>副本数</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="100"/>
        <source>% of request</source>
        <translation>占请求量 %</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="169"/>
        <source>%1 target</source>
        <translation>%1 目标</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="227"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../charts_page.cpp" line="228"/>
        <source>memory</source>
        <translation>内存</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::ControllersPage</name>
    <message>
        <location filename="../controllers_page.cpp" line="48"/>
        <source>Namespace</source>
        <translation>命名空间</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="58"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="58"/>
        <source>Controller</source>
        <translation>控制器</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="58"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="58"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="58"/>
        <source>Saw and did</source>
        <translation>看到了什么、做了什么</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="174"/>
        <source>Reconciles of %1 and its owners, newest first</source>
        <translation>%1 及其属主的调谐记录，最新的在前</translation>
    </message>
    <message>
        <location filename="../controllers_page.cpp" line="175"/>
        <source>Every controller reconcile in %1, newest first (click an object to keep its own)</source>
        <translation>%1 中所有控制器的调谐记录，最新的在前（点击一个对象只看它的）</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::DecisionMatrixModel</name>
    <message>
        <location filename="../decision_matrix_model.cpp" line="68"/>
        <source>not examined (sampling)</source>
        <translation>未考察（采样跳过）</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="72"/>
        <source>✓ passed</source>
        <translation>✓ 通过</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="73"/>
        <source>✗ %1: %2</source>
        <translation>✗ %1：%2</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="81"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="136"/>
        <source>raw score → normalized (0–100) × the plugin&apos;s weight = weighted score</source>
        <translation>原始分 → 归一化分（0–100）× 插件权重 = 加权分</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="138"/>
        <source>The scheduler chose this node: the highest total (ties are broken at random).</source>
        <translation>调度器选择了这个节点：总分最高（同分时随机选择）。</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="151"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="153"/>
        <source>Filter</source>
        <translation>过滤</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="155"/>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <location filename="../decision_matrix_model.cpp" line="157"/>
        <source>%1 (×%2)</source>
        <translation>%1（×%2）</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::EventTableModel</name>
    <message>
        <location filename="../event_log.cpp" line="85"/>
        <source>Last seen</source>
        <translation>最近发生</translation>
    </message>
    <message>
        <location filename="../event_log.cpp" line="87"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../event_log.cpp" line="89"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../event_log.cpp" line="91"/>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../event_log.cpp" line="93"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::InspectorPanel</name>
    <message>
        <location filename="../inspector_panel.cpp" line="25"/>
        <source>Select a node or a pod on the map.</source>
        <translation>在集群地图上选择一个节点或 Pod。</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="41"/>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="43"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="43"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="43"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="43"/>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="46"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="48"/>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="50"/>
        <source>Field owners</source>
        <translation>字段归属</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="94"/>
        <source>%1 — deleted</source>
        <translation>%1 — 已删除</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="125"/>
        <source>Owned by: %1</source>
        <translation>属主链：%1</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::KubectlConsole</name>
    <message>
        <location filename="../kubectl_console.cpp" line="28"/>
        <source>kubectl get pods -o wide   (Enter runs it; ↑/↓ history)</source>
        <translation>kubectl get pods -o wide   （回车执行；↑/↓ 历史记录）</translation>
    </message>
    <message>
        <location filename="../kubectl_console.cpp" line="40"/>
        <source>kubectl is not installed on this machine: install it to type commands here (the lab&apos;s API works with kubectl 1.27 to 1.33).</source>
        <translation>本机没有安装 kubectl：安装后即可在这里输入命令（实验环境的 API 支持 kubectl 1.27 到 1.33）。</translation>
    </message>
    <message>
        <location filename="../kubectl_console.cpp" line="97"/>
        <source>kubectl is not installed on this machine.</source>
        <translation>本机没有安装 kubectl。</translation>
    </message>
    <message>
        <location filename="../kubectl_console.cpp" line="97"/>
        <source>The lab serves no API yet.</source>
        <translation>实验环境尚未提供 API。</translation>
    </message>
    <message>
        <location filename="../kubectl_console.cpp" line="102"/>
        <source>The previous command is still running.</source>
        <translation>上一条命令仍在运行。</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::LabHost</name>
    <message>
        <location filename="../lab_host.cpp" line="128"/>
        <location filename="../lab_host.cpp" line="138"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../lab_host.cpp" line="128"/>
        <source>No lessons were found.</source>
        <translation>没有找到课程。</translation>
    </message>
    <message>
        <location filename="../lab_host.cpp" line="148"/>
        <location filename="../lab_host.cpp" line="170"/>
        <location filename="../lab_host.cpp" line="172"/>
        <source>Export a lesson as slides</source>
        <translation>把课程导出为幻灯片</translation>
    </message>
    <message>
        <location filename="../lab_host.cpp" line="151"/>
        <source>Where to write the slides</source>
        <translation>幻灯片保存到哪里</translation>
    </message>
    <message>
        <location filename="../lab_host.cpp" line="173"/>
        <source>Wrote %1 and a folder of SVGs beside it.</source>
        <translation>已写入 %1，并在旁边生成了一个 SVG 文件夹。</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::LessonPicker</name>
    <message>
        <location filename="../lesson_picker.cpp" line="18"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../lesson_picker.cpp" line="30"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../lesson_picker.cpp" line="30"/>
        <source>%1 of %2 steps</source>
        <translation>已完成 %1/%2 步</translation>
    </message>
    <message>
        <location filename="../lesson_picker.cpp" line="47"/>
        <source>Start the lesson</source>
        <translation>开始这一课</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::LessonPlayer</name>
    <message>
        <location filename="../lesson_player.cpp" line="40"/>
        <source>Lesson %1: %2</source>
        <translation>第 %1 课：%2</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="58"/>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="59"/>
        <source>Show me the solution</source>
        <translation>给我看答案</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="74"/>
        <source>What this step&apos;s actions do appears here.</source>
        <translation>这一步的操作输出会显示在这里。</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="76"/>
        <source>◀ Previous</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="77"/>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="78"/>
        <source>Auto-play</source>
        <translation>自动播放</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="79"/>
        <source>Start over</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="80"/>
        <source>The lesson from its first step, on a fresh cluster</source>
        <translation>在一个全新的集群上从第一步重新开始本课</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="100"/>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../lesson_player.cpp" line="189"/>
        <source>Your task: %1</source>
        <translation>你的任务：%1</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="72"/>
        <source>Navigator</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="81"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="87"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="92"/>
        <source>kubectl</source>
        <translation>kubectl</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="98"/>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="106"/>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="112"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="113"/>
        <source>Export this view…</source>
        <translation>导出当前视图…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="114"/>
        <source>Export this view as a slide…</source>
        <translation>导出当前视图为幻灯片…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="116"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="117"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="118"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="118"/>
        <source>Cluster map</source>
        <translation>集群地图</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="119"/>
        <source>Network (kube-proxy)</source>
        <translation>网络（kube-proxy）</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="119"/>
        <source>Step by step</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="120"/>
        <source>Scheduling decisions</source>
        <translation>调度决策</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="121"/>
        <source>Controllers</source>
        <translation>控制器</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="121"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="122"/>
        <source>Node memory</source>
        <translation>节点内存</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="125"/>
        <source>Fit the map</source>
        <translation>地图适应窗口</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="127"/>
        <source>F&amp;aults</source>
        <translation>故障(&amp;A)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="132"/>
        <source>L&amp;essons</source>
        <translation>课程(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="133"/>
        <source>Choose a lesson…</source>
        <translation>选择课程…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="134"/>
        <source>Export a lesson as slides…</source>
        <translation>把课程导出为幻灯片…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="135"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="151"/>
        <source>Memory: who would the OOM killer pick?</source>
        <translation>内存：OOM killer 会先杀谁？</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="158"/>
        <source>Show how it came to run, step by step</source>
        <translation>逐步演示它是如何运行起来的</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="162"/>
        <source>Why this node? The scheduler&apos;s decision</source>
        <translation>为什么是这个节点？查看调度决策</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="186"/>
        <source>Cannot watch the cluster: %1</source>
        <translation>无法监视集群：%1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="211"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="220"/>
        <source>K8s Lab — lesson %1</source>
        <translation>K8s Lab — 第 %1 课</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="330"/>
        <source>Cannot show revision %1: %2</source>
        <translation>无法显示修订版本 %1：%2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="340"/>
        <source>Showing the cluster at revision %1 — the lab keeps running; press Live to come back.</source>
        <translation>正在显示修订版本 %1 时的集群 — 实验环境仍在运行；按“实时”回到现在。</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="380"/>
        <source>How %1 came to be</source>
        <translation>%1 是如何产生的</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="385"/>
        <source>How the scheduler placed %1</source>
        <translation>调度器如何安置 %1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="390"/>
        <source>Who goes first when memory runs out</source>
        <translation>内存耗尽时谁先被杀</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="395"/>
        <source>What the cluster did over time</source>
        <translation>集群随时间的变化</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="400"/>
        <source>Who owns whom</source>
        <translation>谁拥有谁</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="419"/>
        <source>Export the view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="419"/>
        <source>Diagrams (*.svg *.pdf *.png)</source>
        <translation>图（*.svg *.pdf *.png）</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="409"/>
        <source>The cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="405"/>
        <source>How kube-proxy sends a Service&apos;s traffic</source>
        <translation>kube-proxy 如何转发 Service 的流量</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="423"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="425"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::ManagedFieldsView</name>
    <message>
        <location filename="../managed_fields_view.cpp" line="12"/>
        <source>Manager — how it wrote, and the fields it owns</source>
        <translation>管理者 — 写入方式，及其拥有的字段</translation>
    </message>
    <message>
        <location filename="../managed_fields_view.cpp" line="27"/>
        <source>No manager owns a field of this object.</source>
        <translation>此对象的字段尚无任何管理者。</translation>
    </message>
    <message>
        <location filename="../managed_fields_view.cpp" line="28"/>
        <source>managedFields cannot be read: %1</source>
        <translation>无法读取 managedFields：%1</translation>
    </message>
    <message>
        <location filename="../managed_fields_view.cpp" line="36"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../managed_fields_view.cpp" line="38"/>
        <source>%1 — %2 · %3 · %4</source>
        <translation>%1 — %2 · %3 · %4</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::Navigator</name>
    <message>
        <location filename="../navigator.cpp" line="10"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="11"/>
        <source>Cluster map</source>
        <translation>集群地图</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="12"/>
        <source>Network (kube-proxy)</source>
        <translation>网络（kube-proxy）</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="13"/>
        <source>Step by step</source>
        <translation>逐步演示</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="14"/>
        <source>Scheduling decisions</source>
        <translation>调度决策</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="15"/>
        <source>Controllers</source>
        <translation>控制器</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="16"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../navigator.cpp" line="17"/>
        <source>Node memory</source>
        <translation>节点内存</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::NetworkPage</name>
    <message>
        <location filename="../network_page.cpp" line="42"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="44"/>
        <source>Rules as</source>
        <translation>规则形式</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>Cause</source>
        <translation>起因</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="66"/>
        <source>Select a sync to see the rules it added (+) and removed (−).</source>
        <translation>选择一次同步，查看它新增（+）和删除（−）的规则。</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="69"/>
        <source>Rules and syncs</source>
        <translation>规则与同步</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="79"/>
        <source>The packet&apos;s source address (a pod&apos;s IP in 10.244.0.0/16, or any other address for a client outside)</source>
        <translation>数据包的源地址（10.244.0.0/16 内的 Pod IP，或任意其他地址表示集群外的客户端）</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="80"/>
        <source>Walk a packet</source>
        <translation>追踪数据包</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="81"/>
        <source>Play it rule by rule</source>
        <translation>逐条规则播放</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="84"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="86"/>
        <source>from</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="103"/>
        <source>Walk a packet to see every rule it meets, in order.</source>
        <translation>追踪一个数据包，按顺序查看它经过的每一条规则。</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="108"/>
        <source>Chain graph</source>
        <translation>链路图</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="110"/>
        <source>iptables · IPVS · nftables</source>
        <translation>iptables · IPVS · nftables 对照</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="126"/>
        <source>This lab runs no kube-proxy.</source>
        <translation>本实验环境没有运行 kube-proxy。</translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="200"/>
        <source>kube-proxy runs in %1 mode · %n sync(s)</source>
        <translation>
            <numerusform>kube-proxy 以 %1 模式运行 · 已同步 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="226"/>
        <location filename="../network_page.cpp" line="376"/>
        <source>full</source>
        <translation>全量</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="226"/>
        <location filename="../network_page.cpp" line="376"/>
        <source>partial</source>
        <translation>增量</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="231"/>
        <source>Double-click: the story of the change behind this sync</source>
        <translation>双击：查看引起这次同步的变化的分步过程</translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="299"/>
        <source>iptables: %n rule(s)</source>
        <translation>
            <numerusform>iptables：%n 条规则</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="303"/>
        <source>%1: %n rule(s)</source>
        <translation>
            <numerusform>%1：%n 条规则</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="304"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="306"/>
        <source>Rules evaluated for this packet — %1</source>
        <translation>这个数据包匹配过的规则数 —— %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="307"/>
        <source>%1 → %2:%3 (%4): %5 after %n rule(s)</source>
        <translation>
            <numerusform>%1 → %2:%3（%4）：经过 %n 条规则后 %5</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="312"/>
        <source>; DNAT to %1</source>
        <translation>；DNAT 到 %1</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="314"/>
        <source>; masqueraded to %1</source>
        <translation>；源地址伪装为 %1</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="376"/>
        <source>Sync %1 (%2), caused by %3</source>
        <translation>第 %1 次同步（%2），起因：%3</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="386"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::NodePage</name>
    <message>
        <location filename="../node_page.cpp" line="50"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="58"/>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="58"/>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="58"/>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="58"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="58"/>
        <source>Memory request</source>
        <translation>内存 request</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="59"/>
        <source>Memory limit</source>
        <translation>内存 limit</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="59"/>
        <source>Memory used</source>
        <translation>已用内存</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="59"/>
        <source>oom_score_adj</source>
        <translation>oom_score_adj</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="59"/>
        <source>oom_score</source>
        <translation>oom_score</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="60"/>
        <source>Eviction order</source>
        <translation>驱逐顺序</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="170"/>
        <source>no stats</source>
        <translation>无统计</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="171"/>
        <source>never (critical)</source>
        <translation>永不（关键 Pod）</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="179"/>
        <source>Memory: capacity %1, allocatable %2.</source>
        <translation>内存：容量 %1，可分配 %2。</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="182"/>
        <source>&lt;b&gt;The OOM killer&lt;/b&gt; would kill &lt;b&gt;%1/%2&lt;/b&gt; first: the highest oom_score (%3) — memory used plus oom_score_adj %4, which the kubelet set from its QoS class %5.</source>
        <translation>&lt;b&gt;OOM killer&lt;/b&gt; 会先杀 &lt;b&gt;%1/%2&lt;/b&gt;：它的 oom_score 最高（%3）—— 由已用内存加上 oom_score_adj %4 得出，后者是 kubelet 根据它的 QoS 类别 %5 设置的。</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="191"/>
        <source>it has no usage statistics</source>
        <translation>它没有用量统计</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="192"/>
        <source>it uses more memory than it requests</source>
        <translation>它用的内存超过了它的 request</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="193"/>
        <source>no pod uses more than it requests, and it has the lowest priority</source>
        <translation>没有 Pod 用量超过 request，而它的优先级最低</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="194"/>
        <source>no pod uses more than it requests; at equal priority, it is the one furthest above (or least below) its request</source>
        <translation>没有 Pod 用量超过 request；在优先级相同时，它的用量高出（或低于）request 的差距最大（最小）</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="196"/>
        <source>&lt;b&gt;The eviction manager&lt;/b&gt;, under memory pressure, would evict &lt;b&gt;%1&lt;/b&gt; first: %2.</source>
        <translation>&lt;b&gt;驱逐管理器&lt;/b&gt;在内存压力下会先驱逐 &lt;b&gt;%1&lt;/b&gt;：%2。</translation>
    </message>
    <message>
        <location filename="../node_page.cpp" line="200"/>
        <source>Memory used is each container&apos;s working set as the runtime reports it (CRI ContainerStats); the eviction manager acts when memory.available falls below 100Mi, the kernel when memory runs out.</source>
        <translation>内存用量是运行时报告的每个容器的工作集（CRI ContainerStats）；memory.available 低于 100Mi 时驱逐管理器出手，内存耗尽时由内核出手。</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::ObjectActions</name>
    <message>
        <location filename="../object_actions.cpp" line="33"/>
        <source>This lab runs no node agents.</source>
        <translation>本实验环境没有运行节点代理。</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="92"/>
        <source>Stop the kubelet (the node goes NotReady)</source>
        <translation>停止 kubelet（节点将变为未就绪）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="92"/>
        <source>Start the kubelet again</source>
        <translation>重新启动 kubelet</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="95"/>
        <source>Fill its memory (leave 50 MiB available)</source>
        <translation>占满它的内存（只留 50 MiB 可用）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="98"/>
        <source>Release the memory</source>
        <translation>释放内存</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="100"/>
        <source>Cordon (no new pods)</source>
        <translation>封锁节点（不再调度新 Pod）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="101"/>
        <source>Uncordon</source>
        <translation>解除封锁</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="103"/>
        <source>Delete the pod (gracefully)</source>
        <translation>删除 Pod（优雅终止）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="112"/>
        <source>Kill a container (SIGKILL)</source>
        <translation>杀死一个容器（SIGKILL）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="126"/>
        <source>Break the image registry (pulls fail)</source>
        <translation>弄坏镜像仓库（拉取失败）</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::OwnershipScene</name>
    <message>
        <location filename="../ownership_scene.cpp" line="161"/>
        <source>%1/%2 ready, %3 up to date</source>
        <translation>%1/%2 就绪，%3 已更新</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="172"/>
        <source>%1 wanted, %2 ready</source>
        <translation>期望 %1，就绪 %2</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="184"/>
        <source>%1 wanted</source>
        <translation>期望 %1</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="205"/>
        <source>… and %1 more pods</source>
        <translation>…… 还有 %1 个 Pod</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="211"/>
        <source>node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="226"/>
        <source>%1 endpoints</source>
        <translation>%1 个端点</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="251"/>
        <source>Deployments · Services</source>
        <translation>Deployment · Service</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="251"/>
        <source>ReplicaSets · EndpointSlices</source>
        <translation>ReplicaSet · EndpointSlice</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="251"/>
        <source>Pods</source>
        <translation>Pod</translation>
    </message>
    <message>
        <location filename="../ownership_scene.cpp" line="251"/>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::ProxyModesView</name>
    <message>
        <location filename="../proxy_modes_view.cpp" line="60"/>
        <source>Only the lines about… (a Service such as default/web, or a ClusterIP)</source>
        <translation>只看与……有关的行（某个 Service，例如 default/web，或一个 ClusterIP）</translation>
    </message>
    <message>
        <location filename="../proxy_modes_view.cpp" line="61"/>
        <source>Filter</source>
        <translation>过滤</translation>
    </message>
    <message numerus="yes">
        <location filename="../proxy_modes_view.cpp" line="128"/>
        <source>%1 · %n line(s)</source>
        <translation>
            <numerusform>%1 · %n 行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../proxy_modes_view.cpp" line="129"/>
        <source>what this kube-proxy wrote</source>
        <translation>本节点 kube-proxy 实际写入的</translation>
    </message>
    <message>
        <location filename="../proxy_modes_view.cpp" line="129"/>
        <source>what this mode would write</source>
        <translation>该模式会写入的</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::RevisionDiff</name>
    <message>
        <location filename="../revision_diff.cpp" line="28"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../revision_diff.cpp" line="30"/>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../revision_diff.cpp" line="84"/>
        <source>revision %1 (version %2)</source>
        <translation>修订版本 %1（第 %2 版）</translation>
    </message>
    <message numerus="yes">
        <location filename="../revision_diff.cpp" line="110"/>
        <source>%n version(s) kept</source>
        <translation>
            <numerusform>保留了 %n 个版本</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../revision_diff.cpp" line="112"/>
        <source>No versions of %1 are kept here.</source>
        <translation>这里没有保留 %1 的任何版本。</translation>
    </message>
    <message>
        <location filename="../revision_diff.cpp" line="116"/>
        <source>Only one version so far: the object has not changed since it was created.</source>
        <translation>目前只有一个版本：对象自创建以来没有变化。</translation>
    </message>
    <message>
        <location filename="../revision_diff.cpp" line="120"/>
        <source>The two versions are the same.</source>
        <translation>两个版本相同。</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::SchedulingPage</name>
    <message>
        <location filename="../scheduling_page.cpp" line="57"/>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="72"/>
        <source>Change the pod&apos;s requests, tolerations, nodeSelector or affinity, or a node&apos;s labels, taints or unschedulable, then re-score. Nothing in the cluster changes.</source>
        <translation>修改 Pod 的 requests、容忍、nodeSelector 或亲和性，或节点的标签、污点、unschedulable，然后重新打分。集群中的任何东西都不会被改变。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="74"/>
        <source>Re-score (what-if)</source>
        <translation>重新打分（假设）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="75"/>
        <source>Real attempt</source>
        <translation>真实的调度尝试</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="78"/>
        <source>Changes that would let the pod schedule, smallest first; each was checked by re-scoring. Double-click one to load it.</source>
        <translation>能让 Pod 调度成功的修改，改动最小的在前；每一条都经过重新打分验证。双击可载入。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="80"/>
        <source>What if…</source>
        <translation>假如……</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="88"/>
        <source>Smallest changes that would schedule it:</source>
        <translation>能让它调度成功的最小修改：</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="134"/>
        <source>Pending: </source>
        <translation>Pending：</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="164"/>
        <source>&lt;b&gt;Attempt %1&lt;/b&gt;: %2 %3 — only the latest attempts keep every node&apos;s detail.</source>
        <translation>&lt;b&gt;第 %1 次尝试&lt;/b&gt;：%2 %3 —— 只有最近的尝试会保留每个节点的细节。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="183"/>
        <source>No single change of the pod&apos;s requests, tolerations or node selection, or of one node, would place it.</source>
        <translation>单独修改 Pod 的 requests、容忍、节点选择，或修改某一个节点，都无法让它调度成功。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="257"/>
        <source>The what-if is not valid YAML: %1</source>
        <translation>假设内容不是合法的 YAML：%1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="277"/>
        <source>There is no node %1.</source>
        <translation>没有节点 %1。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="323"/>
        <source>The scheduler has not tried %1 yet (or it was placed by name).</source>
        <translation>调度器还没有尝试调度 %1（或者它通过 nodeName 直接指定了节点）。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="324"/>
        <source>Choose a pod to see how the scheduler decided where it runs.</source>
        <translation>选择一个 Pod，查看调度器是如何决定它在哪里运行的。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="327"/>
        <source>&lt;b&gt;What-if&lt;/b&gt; (nothing was changed in the cluster): </source>
        <translation>&lt;b&gt;假设&lt;/b&gt;（集群没有任何改变）：</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="327"/>
        <source>&lt;b&gt;Attempt %1&lt;/b&gt;: </source>
        <translation>&lt;b&gt;第 %1 次尝试&lt;/b&gt;：</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="329"/>
        <source>%1 on &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>%1，节点 &lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="332"/>
        <source>%1 of %2 nodes examined</source>
        <translation>考察了 %2 个节点中的 %1 个</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="334"/>
        <source>, %1 left out by sampling (percentageOfNodesToScore)</source>
        <translation>，%1 个因采样被跳过（percentageOfNodesToScore）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="339"/>
        <source>Preemption nominated %1; victims: %2</source>
        <translation>抢占提名了 %1；被抢占的 Pod：%2</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="342"/>
        <source>The real attempt: %1%2. Highlighted cells differ from it.</source>
        <translation>真实的调度尝试：%1%2。高亮的单元格与它不同。</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="344"/>
        <source> on %1</source>
        <translation>，节点 %1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="358"/>
        <source>CPU %1</source>
        <translation>CPU %1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="360"/>
        <source>memory %1</source>
        <translation>内存 %1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="361"/>
        <source>Lower the pod&apos;s requests to %1</source>
        <translation>把 Pod 的 requests 降到 %1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="363"/>
        <source>Add tolerations for %1 (the taints of %2)</source>
        <translation>添加对 %1 的容忍（%2 的污点）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="365"/>
        <source>Remove the taints %1 from node %2</source>
        <translation>从节点 %2 移除污点 %1</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="367"/>
        <source>Drop the pod&apos;s nodeSelector (%1)</source>
        <translation>去掉 Pod 的 nodeSelector（%1）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="369"/>
        <source>Drop the pod&apos;s required node affinity</source>
        <translation>去掉 Pod 的必需节点亲和性（required）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="371"/>
        <source>Label node %1 with %2</source>
        <translation>给节点 %1 打上标签 %2</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="373"/>
        <source>Uncordon node %1 (kubectl uncordon %1)</source>
        <translation>解除节点 %1 的封锁（kubectl uncordon %1）</translation>
    </message>
    <message>
        <location filename="../scheduling_page.cpp" line="377"/>
        <source>%1 → it would run on %2</source>
        <translation>%1 → 它将运行在 %2</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::StoryPage</name>
    <message>
        <location filename="../story_page.cpp" line="60"/>
        <source>Whose story: a pod&apos;s life, or how a Deployment was created</source>
        <translation>看谁的过程：一个 Pod 的一生，或一个 Deployment 的创建过程</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="68"/>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="69"/>
        <source>Play the story step by step</source>
        <translation>逐步播放</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="71"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="73"/>
        <location filename="../story_page.cpp" line="252"/>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="76"/>
        <source>Story of</source>
        <translation>过程：</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="152"/>
        <source>Pod %1/%2</source>
        <translation>Pod %1/%2</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="152"/>
        <source>Deployment %1/%2 (its creation)</source>
        <translation>Deployment %1/%2（创建过程）</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="292"/>
        <source>&lt;p&gt;The trace held in memory has no steps of %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;内存中的追踪记录里没有 %1 的步骤。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="293"/>
        <source>&lt;p&gt;Create a pod or a Deployment (in the kubectl console, for example) and choose it above to see, step by step, how Kubernetes made it run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;创建一个 Pod 或 Deployment（例如在 kubectl 控制台中），然后在上方选择它，逐步查看 Kubernetes 是如何让它运行起来的。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="306"/>
        <source>&lt;p&gt;&lt;i&gt;Because of step %1: %2&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;由第 %1 步引起：%2&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="311"/>
        <source>revision %1 · trace #%2</source>
        <translation>版本 %1 · 追踪 #%2</translation>
    </message>
    <message>
        <location filename="../story_page.cpp" line="313"/>
        <source>&lt;p&gt;&lt;small&gt;The story is longer than what is drawn, or began before the trace held in memory.&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;small&gt;完整过程比图中画出的更长，或开始于内存中保留的追踪记录之前。&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::TimelineBar</name>
    <message>
        <location filename="../timeline_bar.cpp" line="25"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="28"/>
        <source>Run the cluster&apos;s next step (pause first)</source>
        <translation>执行集群的下一步（需先暂停）</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="32"/>
        <source>fastest</source>
        <translation>最快</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="38"/>
        <source>Virtual seconds per second</source>
        <translation>每秒推进的虚拟秒数</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="46"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="53"/>
        <source>Drag to see the cluster as it was at an earlier revision</source>
        <translation>拖动以查看集群在较早修订版本时的样子</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="56"/>
        <location filename="../timeline_bar.cpp" line="109"/>
        <source>● Live</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="57"/>
        <source>Back to the cluster as it is now</source>
        <translation>回到集群的当前状态</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="95"/>
        <source>Play</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="95"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="109"/>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="126"/>
        <source>revision %1 of %2 · looking back</source>
        <translation>修订版本 %1 / %2 · 回看中</translation>
    </message>
    <message>
        <location filename="../timeline_bar.cpp" line="143"/>
        <source>revision %1 · %2 steps traced</source>
        <translation>修订版本 %1 · 已追踪 %2 步</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::WelcomePage</name>
    <message>
        <location filename="../welcome_page.cpp" line="24"/>
        <source>Kubernetes internals, step by step</source>
        <translation>一步一步看懂 Kubernetes 内部原理</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="36"/>
        <source>Start a lesson</source>
        <translation>开始一课</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="37"/>
        <source>Explore the cluster</source>
        <translation>探索集群</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="38"/>
        <source>See kube-proxy&apos;s rules</source>
        <translation>查看 kube-proxy 规则</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="58"/>
        <source>Recording: %1
Store revision: %2 · trace events: %3</source>
        <translation>录制文件：%1
存储修订版本：%2 · 追踪事件：%3</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="69"/>
        <source>The Kubernetes API is served at %1. To use kubectl:
  export KUBECONFIG=%2
  kubectl get namespaces</source>
        <translation>Kubernetes API 地址：%1。用 kubectl 连接：
  export KUBECONFIG=%2
  kubectl get namespaces</translation>
    </message>
</context>
<context>
    <name>k8slab::gui::YamlEditor</name>
    <message>
        <location filename="../yaml_editor.cpp" line="110"/>
        <source>New from a template…</source>
        <translation>从模板新建…</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="113"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="114"/>
        <source>Create each object, or update it when it exists (as kubectl apply)</source>
        <translation>创建每个对象，已存在则更新（同 kubectl apply）</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="115"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="116"/>
        <source>Delete each object the text names (as kubectl delete -f)</source>
        <translation>删除文本中列出的每个对象（同 kubectl delete -f）</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="127"/>
        <source>A manifest (YAML; several objects separated by ---). Start from a template.</source>
        <translation>一份清单（YAML；多个对象用 --- 分隔）。可以从模板开始。</translation>
    </message>
    <message>
        <location filename="../yaml_editor.cpp" line="180"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
</context>
</TS>
