// The kubelet's file source: static pods from the node's manifest folder, run by the
// kubelet itself (no scheduler, no API needed), and their mirror pods in the API.
#include "core/kubelet/kubelet.h"

#include "core/api/time_format.h"
#include "core/kubelet/static_pods.h"

#include <QDir>
#include <QFile>

#include <utility>

namespace k8slab::kubelet {

using api::Json;

namespace {

const apiserver::ResourceInfo &pods() { return client::resource("", "v1", "pods"); }

std::string mirrorHash(const Json &pod)
{
    const Json meta = pod.value("metadata", Json::object());
    return meta.value("annotations", Json::object()).value(StaticPodAnnotations::kMirror, "");
}

} // namespace

void Kubelet::rescanStaticPods()
{
    if (m_spec.staticPodPath.empty() || m_stopped)
        return;
    if (m_staticScan)
        m_loop.cancel(m_staticScan);
    scanStaticPods();
}

void Kubelet::scanStaticPods()
{
    m_staticScan = m_loop.schedule(kFileCheckFrequency, [this] { scanStaticPods(); });
    if (m_agentDown)
        return;
    // Every manifest (*.yaml, *.yml, *.json; hidden files are skipped, as upstream).
    const QDir dir(QString::fromStdString(m_spec.staticPodPath));
    std::map<std::string, std::string> seen; // path → uid
    for (const QFileInfo &file : dir.entryInfoList({"*.yaml", "*.yml", "*.json"}, QDir::Files, QDir::Name)) {
        QFile f(file.filePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const std::string path = file.filePath().toStdString();
        const std::string content = f.readAll().toStdString();
        Result<Json> pod = readStaticPod(path, content, m_spec.name, api::formatMicroTime(m_loop.now()));
        if (!pod.ok()) {
            // Said once per broken version of the file, not at every read.
            if (std::exchange(m_staticInvalid[path], pod.status().message()) != pod.status().message())
                m_trace.publish("kubelet/" + m_spec.name, proto::TRACE_KIND_NOTE, "kubelet.staticPod.invalid",
                                {"Node", "", m_spec.name, ""}, {{"file", path}, {"message", pod.status().message()}});
            continue;
        }
        m_staticInvalid.erase(path);
        const std::string uid = (*pod)["metadata"].value("uid", "");
        seen[path] = uid;
        const auto known = m_staticFiles.find(path);
        if (known != m_staticFiles.end() && known->second == uid)
            continue; // unchanged
        if (known != m_staticFiles.end())
            removeStaticPod(known->second); // the file changed: the old pod goes, a new one comes
        if (m_workers.count(uid))
            continue;
        PodWorker &w = addWorker(*pod);
        w.staticFile = path;
        trace(w, "kubelet.staticPod.added", {{"file", path}});
        if (!w.rejected) {
            ensureMirror(uid);
            queueSync(uid);
        }
    }
    for (const auto &[path, uid] : m_staticFiles)
        if (!seen.count(path))
            removeStaticPod(uid); // the file is gone
    m_staticFiles = std::move(seen);
}

void Kubelet::removeStaticPod(const std::string &uid)
{
    auto it = m_workers.find(uid);
    if (it == m_workers.end())
        return;
    PodWorker &w = it->second;
    trace(w, "kubelet.staticPod.removed", {{"file", w.staticFile}});
    // No longer in the folder: its containers stop, then its mirror goes (finishTermination).
    w.pod["metadata"]["deletionTimestamp"] = api::formatTime(m_loop.now());
    terminate(w);
}

Kubelet::PodWorker *Kubelet::staticWorker(const std::string &ns, const std::string &name)
{
    // The current one first: while a changed file's old pod stops, both have the name.
    PodWorker *found = nullptr;
    for (auto &[uid, w] : m_workers) {
        const Json &meta = w.pod["metadata"];
        if (!w.staticFile.empty() && meta.value("namespace", "") == ns && meta.value("name", "") == name)
            if (!found || found->terminating)
                found = &w;
    }
    return found;
}

void Kubelet::finishStaticPod(PodWorker &w)
{
    // A static pod is not deleted through the API: its mirror is (if it is this pod's),
    // and the worker goes. A newer version of the pod may already run under the name.
    const Json &meta = w.pod["metadata"];
    const std::string ns = meta.value("namespace", "");
    const std::string name = meta.value("name", "");
    const Json *mirror = m_pods.get(ns, name);
    if (mirror && mirrorHash(*mirror) == w.uid)
        (void)m_client.remove(pods(), ns, name,
                              {{"gracePeriodSeconds", 0}, {"preconditions", {{"uid", (*mirror)["metadata"].value("uid", "")}}}});
    trace(w, "kubelet.terminated", {});
    m_loop.schedule(engine::Duration::zero(), [this, uid = w.uid, ns, name] {
        auto it = m_workers.find(uid);
        if (it != m_workers.end() && it->second.terminated)
            m_workers.erase(it);
        if (PodWorker *current = staticWorker(ns, name); current && !current->terminating)
            ensureMirror(current->uid);
    });
}

void Kubelet::ensureMirror(const std::string &uid)
{
    auto it = m_workers.find(uid);
    if (it == m_workers.end() || it->second.staticFile.empty() || m_agentDown || m_stopped)
        return;
    PodWorker &w = it->second;
    const Json &meta = w.pod["metadata"];
    const Json *existing = m_pods.get(meta.value("namespace", ""), meta.value("name", ""));
    if (existing && mirrorHash(*existing) == uid)
        return;
    if (existing)
        return; // another pod holds the name (or a stale mirror being deleted): wait for its delete
    Result<Json> node = m_client.get(client::resource("", "v1", "nodes"), "", m_spec.name);
    if (!node.ok())
        return;
    Result<Json> created = m_client.create(pods(), meta.value("namespace", ""), mirrorPodOf(w.pod, *node));
    if (!created.ok())
        return;
    trace(w, "kubelet.mirrorPod.created", {});
    w.lastWritten = Json(); // write the status to the new mirror
    writeStatus(w);
}

void Kubelet::onMirrorPod(const Json &pod)
{
    const Json &meta = pod["metadata"];
    const std::string ns = meta.value("namespace", "");
    const std::string name = meta.value("name", "");
    PodWorker *w = staticWorker(ns, name);
    // A mirror marked for deletion (kubectl delete), of a static pod no longer here, or
    // of an older version of it: the kubelet deletes it for good; a current one is
    // created again (onMirrorPodDelete). The static pod itself runs on.
    const bool stale = !w || mirrorHash(pod) != w->uid || meta.contains("deletionTimestamp");
    if (!stale)
        return;
    if (w && w->terminating)
        return; // its own removal deletes it
    (void)m_client.remove(pods(), ns, name, {{"gracePeriodSeconds", 0}, {"preconditions", {{"uid", meta.value("uid", "")}}}});
}

void Kubelet::onMirrorPodDelete(const Json &pod)
{
    const Json &meta = pod["metadata"];
    if (PodWorker *w = staticWorker(meta.value("namespace", ""), meta.value("name", "")); w && !w->terminating) {
        // Not from a handler (the informer is delivering): a moment later.
        m_loop.schedule(engine::Duration::zero(), [this, uid = w->uid] { ensureMirror(uid); });
    }
}

} // namespace k8slab::kubelet
