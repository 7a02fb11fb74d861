#include "core/lab/data_paths.h"

#include <QDir>
#include <QStandardPaths>

namespace k8slab::lab {

std::string userDataDir()
{
    // GenericDataLocation + our folder gives the same place for the app and the server,
    // whatever QCoreApplication::applicationName() each sets.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/k8slab";
    QDir().mkpath(dir);
    return dir.toStdString();
}

std::string defaultRecordingPath()
{
    return userDataDir() + "/default.k8slab";
}

} // namespace k8slab::lab
