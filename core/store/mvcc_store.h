#pragma once

#include "core/base/result.h"
#include "core/store/batch_writer.h"
#include "core/store/sqlite_db.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::store {

/// A global store revision: every write takes the next one, starting at 1.
using Revision = std::int64_t;

/// One version of one key, as etcd reports it.
struct KeyValue {
    /// The key, e.g. /registry/pods/default/web-1.
    std::string key;
    /// The stored bytes (the object's JSON).
    std::string value;
    /// The revision that created the key (its current incarnation).
    Revision createRevision = 0;
    /// The revision of the write that produced this version.
    Revision modRevision = 0;
    /// 1 after create, +1 per update.
    std::int64_t version = 0;
};

/// What a watch event reports.
enum class EventType {
    /// The key was created or updated.
    Put,
    /// The key was deleted.
    Delete,
};

/// One change delivered to a watcher.
struct WatchEvent {
    /// Put or Delete.
    EventType type = EventType::Put;
    /// The new version; for a Delete, the key with the delete's revision and no value.
    KeyValue kv;
    /// The version before the change; absent on create.
    std::optional<KeyValue> prevKv;
};

/// Options of a range read.
struct RangeOptions {
    /// Read the state at this revision (0: the latest).
    Revision revision = 0;
    /// Return at most this many keys (0: all).
    std::size_t limit = 0;
    /// Start at this key (inclusive) instead of the prefix's first key; for pagination.
    std::string startKey;
};

/// The answer to a range read.
struct RangeResult {
    /// The live keys in key order.
    std::vector<KeyValue> kvs;
    /// The revision the read saw.
    Revision revision = 0;
    /// True when the limit cut the result short.
    bool more = false;
};

/// Identifies a watch for cancelling it.
using WatchId = std::uint64_t;
/// Receives watch events in revision order, on the thread that made the write.
using WatchCallback = std::function<void(const WatchEvent &)>;

/// The MVCC key-value store: etcd's semantics kept in a SQLite recording.
///
/// Reads and writes of the latest state are served from memory; every write also
/// becomes a row of the `kv` log table, committed by the recording's BatchWriter
/// (group commit). History (reads at past revisions, watches from an old revision)
/// comes from the log on a separate read connection.
///
/// Watchers inside the process see a write as soon as it is applied, before it is
/// durable: if the process dies before the commit, the write and everything that
/// reacted to it are lost together, which keeps the log a consistent prefix. Anyone
/// outside the process (an HTTP client) must only be told of writes up to
/// durableRevision(); setDurableListener() says when that moves.
///
/// Threads: one owner thread (the engine loop) calls everything; the durable
/// listener is called on the writer thread.
class MvccStore {
public:
    /// Creates the store's tables in a new recording (inside the caller's transaction).
    static Status createSchema(Database &db);
    /// Loads the store from a recording. `writer` is null for a read-only store;
    /// `reader` is a connection of its own for history reads.
    static Result<std::unique_ptr<MvccStore>> open(BatchWriter *writer, std::unique_ptr<Database> reader);
    ~MvccStore();

    /// Creates `key`; fails with AlreadyExists if it exists.
    Result<KeyValue> create(std::string_view key, std::string value);
    /// Replaces the value of `key`. With expectedModRevision > 0 the write happens only
    /// if the key's mod revision is that (compare-and-swap), else Conflict.
    Result<KeyValue> update(std::string_view key, std::string value, Revision expectedModRevision = 0);
    /// Deletes `key` (compare-and-swap like update); returns the deleted version.
    Result<KeyValue> remove(std::string_view key, Revision expectedModRevision = 0);

    /// The version of `key` at `revision` (0: the latest); NotFound if it did not exist then.
    Result<KeyValue> get(std::string_view key, Revision revision = 0);
    /// The live keys under `prefix` (ending in '/') at a revision.
    Result<RangeResult> range(std::string_view prefix, const RangeOptions &options = {});

    /// Watches a key, or every key under a prefix ending in '/'. Delivers every event
    /// with revision >= startRevision, exactly once and in order: first the history
    /// (synchronously, before this returns), then live writes. startRevision 0 means
    /// "from the next write". Fails with Expired if the history was compacted away.
    Result<WatchId> watch(std::string_view keyOrPrefix, Revision startRevision, WatchCallback callback);
    /// Stops a watch; safe from within its own callback.
    void cancelWatch(WatchId id);

    /// Drops history up to `revision`: reads and watches before it fail with Expired
    /// afterwards; the state at `revision` and later stays readable.
    Status compact(Revision revision);

    /// The revision of the latest write.
    [[nodiscard]] Revision revision() const { return m_revision; }
    /// The highest compacted revision (0 if never compacted).
    [[nodiscard]] Revision compactRevision() const { return m_compactRevision; }
    /// The highest revision known to be on disk. Any thread.
    [[nodiscard]] Revision durableRevision() const { return m_durable.load(std::memory_order_acquire); }
    /// Blocks until every write so far is durable.
    Status sync();
    /// Blocks until `revision` is durable. Any thread (the HTTP front-end answers a
    /// write only then).
    Status waitDurable(Revision revision);
    /// Called on the writer thread with the new durable revision after each commit.
    void setDurableListener(std::function<void(Revision)> listener);
    /// True for a store opened from a read-only recording.
    [[nodiscard]] bool isReadOnly() const { return m_writer == nullptr; }
    /// How many keys are live.
    [[nodiscard]] std::size_t size() const { return m_current.size(); }

private:
    struct Entry {
        std::string value;
        Revision createRevision = 0;
        Revision modRevision = 0;
        std::int64_t version = 0;
    };
    struct Watcher {
        std::string keyOrPrefix;
        bool prefix = false;
        Revision minRevision = 0;
        WatchCallback callback;
    };
    struct LogRow {
        Revision revision;
        std::string key;
        Revision createRevision;
        Revision prevRevision;
        std::int64_t version;
        bool deleted;
        std::string value;
    };

    MvccStore(BatchWriter *writer, std::unique_ptr<Database> reader);
    Status load();
    Status checkWritable() const;
    Status append(LogRow row);
    void notify(WatchEvent event);
    Status checkReadable(Revision revision);
    Status replay(const Watcher &watcher, Revision from, Revision to);
    static KeyValue toKeyValue(const std::string &key, const Entry &entry);

    BatchWriter *m_writer;
    std::unique_ptr<Database> m_reader;
    std::map<std::string, Entry, std::less<>> m_current;
    Revision m_revision = 0;
    Revision m_compactRevision = 0;
    std::atomic<Revision> m_durable{0};
    Revision m_lastAppended = 0; // writer thread only
    std::mutex m_listenerMutex; // the listener is set on the owner thread, called on the writer's
    std::function<void(Revision)> m_durableListener;

    std::map<WatchId, Watcher> m_watchers;
    WatchId m_nextWatch = 1;
    std::deque<WatchEvent> m_pendingEvents;
    bool m_delivering = false;
};

} // namespace k8slab::store
