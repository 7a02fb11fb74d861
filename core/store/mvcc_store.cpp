#include "core/store/mvcc_store.h"

#include "core/base/logging.h"
#include "core/store/keys.h"

#include <algorithm>

namespace k8slab::store {

namespace {

constexpr auto kInsertRow = "INSERT INTO kv (revision, key, create_revision, prev_revision, version, deleted, value) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// The latest version of every key at or before a revision; bare columns come from the
// row holding MAX(revision), as SQLite documents.
constexpr auto kStateAt = "SELECT key, MAX(revision), create_revision, version, deleted, value FROM kv "
                          "WHERE key >= ?1 AND key < ?2 AND revision <= ?3 GROUP BY key ORDER BY key";
constexpr auto kKeyAt = "SELECT revision, create_revision, version, deleted, value FROM kv "
                        "WHERE key = ?1 AND revision <= ?2 ORDER BY revision DESC LIMIT 1";
constexpr auto kEventsSelect =
    "SELECT e.revision, e.key, e.create_revision, e.version, e.deleted, e.value, "
    "p.revision, p.create_revision, p.version, p.value "
    "FROM kv AS e LEFT JOIN kv AS p ON p.revision = e.prev_revision ";
// The whole keyspace sorts below this bound: keys start with "/registry/".
constexpr auto kKeyspaceEnd = "/registry0";

std::string notFoundMessage(std::string_view key)
{
    return "key \"" + std::string(key) + "\" not found";
}

} // namespace

Status MvccStore::createSchema(Database &db)
{
    return db.exec("CREATE TABLE kv ("
                   " revision INTEGER PRIMARY KEY,"
                   " key TEXT NOT NULL,"
                   " create_revision INTEGER NOT NULL,"
                   " prev_revision INTEGER NOT NULL,"
                   " version INTEGER NOT NULL,"
                   " deleted INTEGER NOT NULL,"
                   " value BLOB NOT NULL);"
                   "CREATE INDEX kv_key_revision ON kv (key, revision);"
                   "INSERT INTO meta (name, value) VALUES ('current_revision', '0'), ('compact_revision', '0');");
}

MvccStore::MvccStore(BatchWriter *writer, std::unique_ptr<Database> reader)
    : m_writer(writer), m_reader(std::move(reader))
{
}

MvccStore::~MvccStore()
{
    if (m_writer) {
        // Queued jobs and a batch already committing still point at this store: unhook
        // the listener, then wait until every job has run (a listener call already
        // under way finishes before flush() returns).
        m_writer->setCommitListener({});
        (void)m_writer->flush();
    }
}

Result<std::unique_ptr<MvccStore>> MvccStore::open(BatchWriter *writer, std::unique_ptr<Database> reader)
{
    std::unique_ptr<MvccStore> store(new MvccStore(writer, std::move(reader)));
    if (Status s = store->load(); !s.ok())
        return s;
    if (writer) {
        MvccStore *self = store.get();
        writer->setCommitListener([self](Ticket) {
            // m_lastAppended was written by jobs of the batch that just committed, on this thread.
            const Revision durable = self->m_lastAppended;
            self->m_durable.store(durable, std::memory_order_release);
            std::lock_guard lock(self->m_listenerMutex);
            if (self->m_durableListener)
                self->m_durableListener(durable);
        });
    }
    return store;
}

Status MvccStore::load()
{
    auto readMeta = [this](const char *name) -> Result<Revision> {
        Result<Statement> st = m_reader->prepare("SELECT value FROM meta WHERE name = ?1");
        if (!st.ok())
            return st.status();
        st->bindText(1, name);
        Result<bool> row = st->step();
        if (!row.ok())
            return row.status();
        if (!*row)
            return Status(StatusCode::Corrupt, "recording has no '" + std::string(name) + "' in its meta table");
        return static_cast<Revision>(std::stoll(st->columnText(0)));
    };
    Result<Revision> current = readMeta("current_revision");
    if (!current.ok())
        return current.status();
    Result<Revision> compacted = readMeta("compact_revision");
    if (!compacted.ok())
        return compacted.status();
    m_compactRevision = *compacted;
    m_revision = *current;

    Result<Statement> maxRev = m_reader->prepare("SELECT COALESCE(MAX(revision), 0) FROM kv");
    if (!maxRev.ok())
        return maxRev.status();
    if (Result<bool> row = maxRev->step(); !row.ok())
        return row.status();
    m_revision = std::max(m_revision, maxRev->columnInt(0));

    Result<Statement> st = m_reader->prepare(kStateAt);
    if (!st.ok())
        return st.status();
    st->bindText(1, kKeyRoot).bindText(2, kKeyspaceEnd).bind(3, m_revision);
    for (;;) {
        Result<bool> row = st->step();
        if (!row.ok())
            return row.status();
        if (!*row)
            break;
        if (st->columnInt(4) != 0)
            continue; // deleted
        m_current.emplace(st->columnText(0),
                          Entry{st->columnText(5), st->columnInt(2), st->columnInt(1), st->columnInt(3)});
    }
    m_durable.store(m_revision, std::memory_order_release);
    m_lastAppended = m_revision;
    qCDebug(lcStore) << "loaded" << m_current.size() << "keys at revision" << m_revision;
    return {};
}

KeyValue MvccStore::toKeyValue(const std::string &key, const Entry &entry)
{
    return KeyValue{key, entry.value, entry.createRevision, entry.modRevision, entry.version};
}

Status MvccStore::checkWritable() const
{
    if (!m_writer)
        return Status(StatusCode::FailedPrecondition,
                      "the recording " + m_reader->path() + " is open read-only; it cannot be written");
    if (Status error = m_writer->error(); !error.ok())
        return Status(StatusCode::Unavailable, "the store stopped writing after an error: " + error.message());
    return {};
}

Status MvccStore::append(LogRow row)
{
    const Ticket ticket = m_writer->submit([this, row = std::move(row)](Database &db) -> Status {
        Result<Statement> st = db.prepare(kInsertRow);
        if (!st.ok())
            return st.status();
        st->bind(1, row.revision).bindText(2, row.key).bind(3, row.createRevision).bind(4, row.prevRevision);
        st->bind(5, row.version).bind(6, row.deleted ? 1 : 0).bindBlob(7, row.value);
        if (Status s = st->run(); !s.ok())
            return s;
        m_lastAppended = row.revision;
        return {};
    });
    if (ticket == 0)
        return Status(StatusCode::Unavailable, "the store's writer has stopped: " + m_writer->error().message());
    return {};
}

Result<KeyValue> MvccStore::create(std::string_view key, std::string value)
{
    if (Status s = validateKey(key); !s.ok())
        return s;
    if (Status s = checkWritable(); !s.ok())
        return s;
    if (m_current.find(key) != m_current.end())
        return Status(StatusCode::AlreadyExists, "key \"" + std::string(key) + "\" already exists");
    const Revision rev = m_revision + 1;
    if (Status s = append({rev, std::string(key), rev, 0, 1, false, value}); !s.ok())
        return s;
    m_revision = rev;
    auto [it, inserted] = m_current.emplace(std::string(key), Entry{std::move(value), rev, rev, 1});
    KeyValue kv = toKeyValue(it->first, it->second);
    notify(WatchEvent{EventType::Put, kv, std::nullopt});
    return kv;
}

Result<KeyValue> MvccStore::update(std::string_view key, std::string value, Revision expectedModRevision)
{
    if (Status s = validateKey(key); !s.ok())
        return s;
    if (Status s = checkWritable(); !s.ok())
        return s;
    auto it = m_current.find(key);
    if (it == m_current.end())
        return Status(StatusCode::NotFound, notFoundMessage(key));
    if (expectedModRevision > 0 && it->second.modRevision != expectedModRevision)
        return Status(StatusCode::Conflict,
                      "key \"" + std::string(key) + "\" was modified: expected mod revision "
                          + std::to_string(expectedModRevision) + ", current is "
                          + std::to_string(it->second.modRevision) + "; re-read and retry");
    const Revision rev = m_revision + 1;
    Entry &entry = it->second;
    if (Status s = append({rev, it->first, entry.createRevision, entry.modRevision, entry.version + 1, false, value});
        !s.ok())
        return s;
    m_revision = rev;
    KeyValue prev = toKeyValue(it->first, entry);
    entry.value = std::move(value);
    entry.modRevision = rev;
    entry.version += 1;
    KeyValue kv = toKeyValue(it->first, entry);
    notify(WatchEvent{EventType::Put, kv, std::move(prev)});
    return kv;
}

Result<KeyValue> MvccStore::remove(std::string_view key, Revision expectedModRevision)
{
    if (Status s = validateKey(key); !s.ok())
        return s;
    if (Status s = checkWritable(); !s.ok())
        return s;
    auto it = m_current.find(key);
    if (it == m_current.end())
        return Status(StatusCode::NotFound, notFoundMessage(key));
    if (expectedModRevision > 0 && it->second.modRevision != expectedModRevision)
        return Status(StatusCode::Conflict,
                      "key \"" + std::string(key) + "\" was modified: expected mod revision "
                          + std::to_string(expectedModRevision) + ", current is "
                          + std::to_string(it->second.modRevision) + "; re-read and retry");
    const Revision rev = m_revision + 1;
    if (Status s = append({rev, it->first, 0, it->second.modRevision, 0, true, {}}); !s.ok())
        return s;
    m_revision = rev;
    KeyValue prev = toKeyValue(it->first, it->second);
    m_current.erase(it);
    notify(WatchEvent{EventType::Delete, KeyValue{prev.key, {}, 0, rev, 0}, prev});
    return prev;
}

Status MvccStore::checkReadable(Revision revision)
{
    if (revision > m_revision)
        return Status(StatusCode::NotFound, "revision " + std::to_string(revision)
                                                + " is in the future (current revision is "
                                                + std::to_string(m_revision) + ")");
    if (revision < m_compactRevision)
        return Status(StatusCode::Expired, "required revision " + std::to_string(revision)
                                               + " has been compacted (compacted up to "
                                               + std::to_string(m_compactRevision) + ")");
    // History is read from disk: make sure the revision asked for has reached it.
    if (revision > durableRevision())
        return sync();
    return {};
}

Result<KeyValue> MvccStore::get(std::string_view key, Revision revision)
{
    if (Status s = validateKey(key); !s.ok())
        return s;
    if (revision == 0 || revision == m_revision) {
        auto it = m_current.find(key);
        if (it == m_current.end())
            return Status(StatusCode::NotFound, notFoundMessage(key));
        return toKeyValue(it->first, it->second);
    }
    if (Status s = checkReadable(revision); !s.ok())
        return s;
    Result<Statement> st = m_reader->prepare(kKeyAt);
    if (!st.ok())
        return st.status();
    st->bindText(1, key).bind(2, revision);
    Result<bool> row = st->step();
    if (!row.ok())
        return row.status();
    if (!*row || st->columnInt(3) != 0)
        return Status(StatusCode::NotFound, notFoundMessage(key) + " at revision " + std::to_string(revision));
    return KeyValue{std::string(key), st->columnText(4), st->columnInt(1), st->columnInt(0), st->columnInt(2)};
}

Result<RangeResult> MvccStore::range(std::string_view prefix, const RangeOptions &options)
{
    if (Status s = validatePrefix(prefix); !s.ok())
        return s;
    const std::string end = prefixEnd(prefix);
    const std::string_view start = options.startKey.empty() ? prefix : std::string_view(options.startKey);
    RangeResult result;
    auto full = [&] { return options.limit > 0 && result.kvs.size() >= options.limit; };
    if (options.revision == 0 || options.revision == m_revision) {
        result.revision = m_revision;
        for (auto it = m_current.lower_bound(std::max(start, prefix)); it != m_current.end() && it->first < end; ++it) {
            if (full()) {
                result.more = true;
                break;
            }
            result.kvs.push_back(toKeyValue(it->first, it->second));
        }
        return result;
    }
    if (Status s = checkReadable(options.revision); !s.ok())
        return s;
    result.revision = options.revision;
    Result<Statement> st = m_reader->prepare(kStateAt);
    if (!st.ok())
        return st.status();
    st->bindText(1, std::max(start, prefix)).bindText(2, end).bind(3, options.revision);
    for (;;) {
        Result<bool> row = st->step();
        if (!row.ok())
            return row.status();
        if (!*row)
            break;
        if (st->columnInt(4) != 0)
            continue;
        if (full()) {
            result.more = true;
            break;
        }
        result.kvs.push_back(
            KeyValue{st->columnText(0), st->columnText(5), st->columnInt(2), st->columnInt(1), st->columnInt(3)});
    }
    return result;
}

Result<WatchId> MvccStore::watch(std::string_view keyOrPrefix, Revision startRevision, WatchCallback callback)
{
    const bool prefix = !keyOrPrefix.empty() && keyOrPrefix.back() == '/';
    if (Status s = prefix ? validatePrefix(keyOrPrefix) : validateKey(keyOrPrefix); !s.ok())
        return s;
    if (startRevision < 0)
        return Status(StatusCode::Invalid, "watch start revision must not be negative",
                      {{"startRevision", "FieldValueInvalid", "must not be negative"}});
    if (startRevision > 0 && startRevision <= m_compactRevision)
        return Status(StatusCode::Expired, "required revision " + std::to_string(startRevision)
                                               + " has been compacted (compacted up to "
                                               + std::to_string(m_compactRevision) + ")");
    Watcher watcher{std::string(keyOrPrefix), prefix, 0, std::move(callback)};
    if (startRevision > 0 && startRevision <= m_revision) {
        if (Status s = replay(watcher, startRevision, m_revision); !s.ok())
            return s;
    }
    watcher.minRevision = std::max(startRevision, m_revision + 1);
    const WatchId id = m_nextWatch++;
    m_watchers.emplace(id, std::move(watcher));
    return id;
}

Status MvccStore::replay(const Watcher &watcher, Revision from, Revision to)
{
    if (Status s = sync(); !s.ok())
        return s;
    std::string sql = kEventsSelect;
    sql += watcher.prefix ? "WHERE e.revision >= ?1 AND e.revision <= ?2 AND e.key >= ?3 AND e.key < ?4 "
                          : "WHERE e.revision >= ?1 AND e.revision <= ?2 AND e.key = ?3 ";
    sql += "ORDER BY e.revision";
    // Read everything first, and end the statement (its read snapshot) before
    // delivering: callbacks may call back into the store.
    std::vector<WatchEvent> events;
    {
        Result<Statement> st = m_reader->prepare(sql);
        if (!st.ok())
            return st.status();
        st->bind(1, from).bind(2, to).bindText(3, watcher.keyOrPrefix);
        if (watcher.prefix)
            st->bindText(4, prefixEnd(watcher.keyOrPrefix));
        for (;;) {
            Result<bool> row = st->step();
            if (!row.ok())
                return row.status();
            if (!*row)
                break;
            WatchEvent event;
            const bool deleted = st->columnInt(4) != 0;
            event.type = deleted ? EventType::Delete : EventType::Put;
            event.kv = KeyValue{st->columnText(1), deleted ? std::string() : st->columnText(5), st->columnInt(2),
                                st->columnInt(0), st->columnInt(3)};
            if (st->columnInt(6) != 0)
                event.prevKv = KeyValue{event.kv.key, st->columnText(9), st->columnInt(7), st->columnInt(6),
                                        st->columnInt(8)};
            events.push_back(std::move(event));
        }
    }
    for (const WatchEvent &event : events)
        watcher.callback(event);
    return {};
}

void MvccStore::cancelWatch(WatchId id)
{
    m_watchers.erase(id);
}

void MvccStore::notify(WatchEvent event)
{
    m_pendingEvents.push_back(std::move(event));
    if (m_delivering)
        return; // the delivery already running below us picks it up, in order
    m_delivering = true;
    while (!m_pendingEvents.empty()) {
        WatchEvent current = std::move(m_pendingEvents.front());
        m_pendingEvents.pop_front();
        const std::string &key = current.kv.key;
        // Collect first: a callback may add or cancel watches.
        std::vector<WatchId> targets;
        for (const auto &[id, watcher] : m_watchers) {
            const bool match = watcher.prefix ? key.starts_with(watcher.keyOrPrefix) : key == watcher.keyOrPrefix;
            if (match && current.kv.modRevision >= watcher.minRevision)
                targets.push_back(id);
        }
        for (WatchId id : targets) {
            auto it = m_watchers.find(id);
            if (it == m_watchers.end())
                continue;
            WatchCallback callback = it->second.callback; // survives cancelWatch from inside
            callback(current);
        }
    }
    m_delivering = false;
}

Status MvccStore::compact(Revision revision)
{
    if (Status s = checkWritable(); !s.ok())
        return s;
    if (revision <= m_compactRevision)
        return Status(StatusCode::Expired, "revision " + std::to_string(revision)
                                               + " is already compacted (compacted up to "
                                               + std::to_string(m_compactRevision) + ")");
    if (revision > m_revision)
        return Status(StatusCode::Invalid, "cannot compact to revision " + std::to_string(revision)
                                               + ": it is in the future (current revision is "
                                               + std::to_string(m_revision) + ")",
                      {{"revision", "FieldValueInvalid", "must not exceed the current revision"}});
    m_compactRevision = revision;
    const Revision current = m_revision;
    const Ticket ticket = m_writer->submit([revision, current](Database &db) -> Status {
        // A version is dropped when a later version at or before the compaction
        // revision supersedes it, or when it is a deletion (tombstone) at or before it.
        Result<Statement> del = db.prepare(
            "DELETE FROM kv WHERE revision <= ?1 AND (deleted = 1 OR EXISTS ("
            " SELECT 1 FROM kv AS n WHERE n.key = kv.key AND n.revision > kv.revision AND n.revision <= ?1))");
        if (!del.ok())
            return del.status();
        del->bind(1, revision);
        if (Status s = del->run(); !s.ok())
            return s;
        // Tombstones at the top may be gone now: keep the revision counter in meta.
        for (const auto &[name, value] : {std::pair{"compact_revision", revision}, std::pair{"current_revision", current}}) {
            Result<Statement> meta = db.prepare("UPDATE meta SET value = ?2 WHERE name = ?1");
            if (!meta.ok())
                return meta.status();
            meta->bindText(1, name).bindText(2, std::to_string(value));
            if (Status s = meta->run(); !s.ok())
                return s;
        }
        return Status();
    });
    if (ticket == 0)
        return Status(StatusCode::Unavailable, "the store's writer has stopped: " + m_writer->error().message());
    return m_writer->waitFor(ticket);
}

Status MvccStore::sync()
{
    if (!m_writer)
        return {};
    return m_writer->flush();
}

Status MvccStore::waitDurable(Revision revision)
{
    if (!m_writer || durableRevision() >= revision)
        return {};
    // The writer commits in order, so flushing everything queued covers `revision`.
    return m_writer->flush();
}

void MvccStore::setDurableListener(std::function<void(Revision)> listener)
{
    std::lock_guard lock(m_listenerMutex);
    m_durableListener = std::move(listener);
}

} // namespace k8slab::store
