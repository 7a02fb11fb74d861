#pragma once

#include <string>

namespace k8slab::lab {

/// The folder for the user's lab data (recordings, progress), created if missing:
/// $XDG_DATA_HOME/k8slab, i.e. ~/.local/share/k8slab by default.
std::string userDataDir();
/// The recording the embedded default cluster uses: <userDataDir>/default.k8slab.
std::string defaultRecordingPath();

} // namespace k8slab::lab
