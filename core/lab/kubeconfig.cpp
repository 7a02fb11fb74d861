#include "core/lab/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace k8slab::lab {

std::string kubeconfigYaml(const std::string &serverUrl)
{
    return "apiVersion: v1\n"
           "kind: Config\n"
           "clusters:\n"
           "- name: k8slab\n"
           "  cluster:\n"
           "    server: " + serverUrl + "\n"
           "contexts:\n"
           "- name: k8slab\n"
           "  context:\n"
           "    cluster: k8slab\n"
           "    user: k8slab-admin\n"
           "    namespace: default\n"
           "current-context: k8slab\n"
           "users:\n"
           "- name: k8slab-admin\n"
           "  user: {}\n";
}

Status writeKubeconfig(const std::string &path, const std::string &serverUrl)
{
    const QString file = QString::fromStdString(path);
    QDir().mkpath(QFileInfo(file).absolutePath());
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return Status(StatusCode::FailedPrecondition, "cannot write the kubeconfig " + path + ": "
                                                          + out.errorString().toStdString());
    const std::string yaml = kubeconfigYaml(serverUrl);
    out.write(yaml.data(), static_cast<qint64>(yaml.size()));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!out.commit())
        return Status(StatusCode::FailedPrecondition, "cannot write the kubeconfig " + path + ": "
                                                          + out.errorString().toStdString());
    return {};
}

} // namespace k8slab::lab
