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
        <location filename="../chain_graph_scene.cpp" line="215"/>
        <source>No rules for %1 on this node (no endpoints, or no such service port).</source>
        <translation>此节点上没有 %1 的规则（没有端点，或没有这个服务端口）。</translation>
    </message>
</context>
<context>
    <name>ClusterMap</name>
    <message>
        <location filename="../cluster_map_items.cpp" line="77"/>
        <source>control plane</source>
        <translation>控制平面</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="77"/>
        <source>worker</source>
        <translation>工作节点</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="78"/>
        <source>Node %1 — %2
allocatable: %3 CPU, %4 GiB
taints: %5</source>
        <translation>节点 %1 — %2
可分配：%3 CPU，%4 GiB
污点：%5</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="79"/>
        <location filename="../cluster_map_items.cpp" line="130"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="79"/>
        <location filename="../cluster_map_items.cpp" line="130"/>
        <source>NotReady</source>
        <translation>未就绪</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="80"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message numerus="yes">
        <location filename="../cluster_map_items.cpp" line="130"/>
        <source>%n pod(s)</source>
        <translation>
            <numerusform>%n 个 Pod</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="137"/>
        <source>CPU %1/%2</source>
        <translation>CPU %1/%2</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="141"/>
        <source>Mem %1/%2Gi</source>
        <translation>内存 %1/%2Gi</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="167"/>
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
        <location filename="../cluster_map_items.cpp" line="168"/>
        <source> (terminating)</source>
        <translation>（终止中）</translation>
    </message>
    <message>
        <location filename="../cluster_map_items.cpp" line="241"/>
        <source>Control plane</source>
        <translation>控制平面</translation>
    </message>
    <message numerus="yes">
        <location filename="../cluster_map_items.cpp" line="257"/>
        <source>%n pod(s) waiting</source>
        <translation>
            <numerusform>%n 个 Pod 等待调度</numerusform>
        </translation>
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
        <location filename="../inspector_panel.cpp" line="23"/>
        <source>Select a node or a pod on the map.</source>
        <translation>在集群地图上选择一个节点或 Pod。</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="39"/>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="41"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="41"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="41"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="41"/>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="44"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="71"/>
        <source>%1 — deleted</source>
        <translation>%1 — 已删除</translation>
    </message>
    <message>
        <location filename="../inspector_panel.cpp" line="96"/>
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
    <name>k8slab::gui::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="47"/>
        <source>Navigator</source>
        <translation>导航</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="55"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="61"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="66"/>
        <source>kubectl</source>
        <translation>kubectl</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="74"/>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="80"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="81"/>
        <source>Export this view…</source>
        <translation>导出当前视图…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="82"/>
        <source>Export this view as a slide…</source>
        <translation>导出当前视图为幻灯片…</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="84"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="85"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="86"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="86"/>
        <source>Cluster map</source>
        <translation>集群地图</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="87"/>
        <source>Network (kube-proxy)</source>
        <translation>网络（kube-proxy）</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="90"/>
        <source>Fit the map</source>
        <translation>地图适应窗口</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="91"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="123"/>
        <source>Cannot watch the cluster: %1</source>
        <translation>无法监视集群：%1</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="158"/>
        <source>Cannot show revision %1: %2</source>
        <translation>无法显示修订版本 %1：%2</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="164"/>
        <source>Showing the cluster at revision %1 — the lab keeps running; press Live to come back.</source>
        <translation>正在显示修订版本 %1 时的集群 — 实验环境仍在运行；按“实时”回到现在。</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="198"/>
        <source>Export the view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="200"/>
        <source>Diagrams (*.svg *.pdf *.png)</source>
        <translation>图（*.svg *.pdf *.png）</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="205"/>
        <source>The cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="205"/>
        <source>How kube-proxy sends a Service&apos;s traffic</source>
        <translation>kube-proxy 如何转发 Service 的流量</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="207"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../main_window.cpp" line="209"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
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
</context>
<context>
    <name>k8slab::gui::NetworkPage</name>
    <message>
        <location filename="../network_page.cpp" line="35"/>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="37"/>
        <source>Rules as</source>
        <translation>规则形式</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>Cause</source>
        <translation>起因</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="52"/>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="59"/>
        <source>Select a sync to see the rules it added (+) and removed (−).</source>
        <translation>选择一次同步，查看它新增（+）和删除（−）的规则。</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="62"/>
        <source>Rules and syncs</source>
        <translation>规则与同步</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="72"/>
        <source>The packet&apos;s source address (a pod&apos;s IP in 10.244.0.0/16, or any other address for a client outside)</source>
        <translation>数据包的源地址（10.244.0.0/16 内的 Pod IP，或任意其他地址表示集群外的客户端）</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="73"/>
        <source>Walk a packet</source>
        <translation>追踪数据包</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="74"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="76"/>
        <source>from</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="91"/>
        <source>Walk a packet to see every rule it meets, in order.</source>
        <translation>追踪一个数据包，按顺序查看它经过的每一条规则。</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="96"/>
        <source>Chain graph</source>
        <translation>链路图</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="102"/>
        <source>This lab runs no kube-proxy.</source>
        <translation>本实验环境没有运行 kube-proxy。</translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="165"/>
        <source>kube-proxy runs in %1 mode · %n sync(s)</source>
        <translation>
            <numerusform>kube-proxy 以 %1 模式运行 · 已同步 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="191"/>
        <location filename="../network_page.cpp" line="287"/>
        <source>full</source>
        <translation>全量</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="191"/>
        <location filename="../network_page.cpp" line="287"/>
        <source>partial</source>
        <translation>增量</translation>
    </message>
    <message numerus="yes">
        <location filename="../network_page.cpp" line="259"/>
        <source>%1 → %2:%3 (%4): %5 after %n rule(s)</source>
        <translation>
            <numerusform>%1 → %2:%3（%4）：经过 %n 条规则后 %5</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="264"/>
        <source>; DNAT to %1</source>
        <translation>；DNAT 到 %1</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="266"/>
        <source>; masqueraded to %1</source>
        <translation>；源地址伪装为 %1</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="287"/>
        <source>Sync %1 (%2), caused by %3</source>
        <translation>第 %1 次同步（%2），起因：%3</translation>
    </message>
    <message>
        <location filename="../network_page.cpp" line="297"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
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
        <location filename="../object_actions.cpp" line="61"/>
        <source>Stop the kubelet (the node goes NotReady)</source>
        <translation>停止 kubelet（节点将变为未就绪）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="61"/>
        <source>Start the kubelet again</source>
        <translation>重新启动 kubelet</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="64"/>
        <source>Cordon (no new pods)</source>
        <translation>封锁节点（不再调度新 Pod）</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="65"/>
        <source>Uncordon</source>
        <translation>解除封锁</translation>
    </message>
    <message>
        <location filename="../object_actions.cpp" line="67"/>
        <source>Delete the pod (gracefully)</source>
        <translation>删除 Pod（优雅终止）</translation>
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
        <source>Explore the cluster</source>
        <translation>探索集群</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="37"/>
        <source>See kube-proxy&apos;s rules</source>
        <translation>查看 kube-proxy 规则</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="56"/>
        <source>Recording: %1
Store revision: %2 · trace events: %3</source>
        <translation>录制文件：%1
存储修订版本：%2 · 追踪事件：%3</translation>
    </message>
    <message>
        <location filename="../welcome_page.cpp" line="67"/>
        <source>The Kubernetes API is served at %1. To use kubectl:
  export KUBECONFIG=%2
  kubectl get namespaces</source>
        <translation>Kubernetes API 地址：%1。用 kubectl 连接：
  export KUBECONFIG=%2
  kubectl get namespaces</translation>
    </message>
</context>
</TS>
