#pragma once

#include "core/recording/recording.h"

#include <QTemporaryDir>

#include <memory>
#include <string>

namespace k8slab::test {

/// A recording in a fresh temporary folder, removed when the fixture ends.
class TempRecording {
public:
    /// Creates the folder; the recording itself is opened by open().
    TempRecording();
    /// The recording's path inside the temporary folder.
    [[nodiscard]] std::string path() const;
    /// The temporary folder.
    [[nodiscard]] QString dir() const { return m_dir.path(); }
    /// Opens (or reopens) the recording; fails the calling test on error.
    recording::Recording &open(const recording::RecordingOptions &options = {});
    /// Closes the recording (committing what is queued).
    void close() { m_recording.reset(); }
    /// The open recording.
    recording::Recording &get() { return *m_recording; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<recording::Recording> m_recording;
};

/// A JSON object value for key `key`, number `n`, with a payload of `size` bytes and a
/// checksum, so a reader can tell a whole value from a torn one.
std::string checkedValue(const std::string &key, long long n, std::size_t size);
/// True when `value` is a whole checkedValue (it parses and its checksum matches).
bool isWholeCheckedValue(const std::string &value);

} // namespace k8slab::test
