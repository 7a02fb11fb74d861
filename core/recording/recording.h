#pragma once

#include "core/base/result.h"
#include "core/proto/trace.pb.h"
#include "core/store/batch_writer.h"
#include "core/store/mvcc_store.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace k8slab::recording {

/// The `format` value in the meta table that marks a file as a K8s Lab recording.
inline constexpr const char kFormatName[] = "k8slab-recording";
/// The schema version this build reads and writes.
inline constexpr int kSchemaVersion = 1;

/// How to open a recording.
struct RecordingOptions {
    /// ReadWrite creates the file if missing; ReadOnly replays an existing one.
    store::OpenMode mode = store::OpenMode::ReadWrite;
    /// SQLite's synchronous level: FULL survives power loss, NORMAL survives a crashed
    /// process (both keep every acknowledged write when the lab itself is killed).
    std::string synchronous = "FULL";
    /// Run SQLite's quick_check when opening, to refuse a damaged file up front.
    bool verify = true;
};

/// A message's bytes with map entries in key order, so the same trace is the same
/// bytes every time (protobuf orders maps arbitrarily otherwise).
std::string serializeDeterministic(const google::protobuf::Message &message);

/// One lab session on disk: the store's full history and the trace, in one SQLite
/// file. Owns the single writer (group commit) that the store and the trace recorder
/// share, so a store write and the trace of the step that made it land together.
class Recording {
public:
    /// Opens or creates a recording; refuses files that are not recordings, are of
    /// another schema version or are damaged, with a Corrupt status saying which.
    static Result<std::unique_ptr<Recording>> open(const std::string &path, const RecordingOptions &options = {});
    ~Recording();

    /// The MVCC store kept in this recording.
    store::MvccStore &store() { return *m_store; }
    /// The file's path.
    [[nodiscard]] const std::string &path() const { return m_path; }
    /// True when opened read-only.
    [[nodiscard]] bool isReadOnly() const { return m_writer == nullptr; }

    /// Queues a trace event for writing (in the same group commits as store writes).
    Status appendTrace(const proto::TraceEvent &event);
    /// Trace events with id > afterId, in id order, at most `limit` (0: all). Waits for
    /// queued events to be written first.
    Result<std::vector<proto::TraceEvent>> readTrace(std::uint64_t afterId = 0, std::size_t limit = 0);
    /// The highest trace id in the file (0 if none), so a resumed session continues after it.
    [[nodiscard]] std::uint64_t lastTraceId() const { return m_lastTraceId; }
    /// The clock time of the last trace event in the file (ns since the epoch; 0 if
    /// none), so a resumed session's clock continues from where it stopped.
    [[nodiscard]] std::int64_t lastTraceTimeNs() const { return m_lastTraceTimeNs; }
    /// How many transactions the writer has committed (0 when read-only).
    [[nodiscard]] std::uint64_t commitCount() const { return m_writer ? m_writer->commitCount() : 0; }
    /// Blocks until everything queued is on disk.
    Status sync();

private:
    Recording() = default;

    std::string m_path;
    std::unique_ptr<store::BatchWriter> m_writer;
    std::unique_ptr<store::Database> m_traceReader;
    std::unique_ptr<store::MvccStore> m_store;
    std::uint64_t m_lastTraceId = 0;
    std::int64_t m_lastTraceTimeNs = 0;
};

} // namespace k8slab::recording
