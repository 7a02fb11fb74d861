#include "core/recording/recording.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>

namespace k8slab::recording {

using store::Database;
using store::OpenMode;
using store::Statement;

std::string serializeDeterministic(const google::protobuf::Message &message)
{
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream raw(&bytes);
        google::protobuf::io::CodedOutputStream coded(&raw);
        coded.SetSerializationDeterministic(true);
        message.SerializeToCodedStream(&coded);
    }
    return bytes;
}

namespace {

Status corrupt(const std::string &path, const std::string &why)
{
    return Status(StatusCode::Corrupt, path + " is not a usable K8s Lab recording: " + why);
}

Result<std::vector<std::string>> tableNames(Database &db)
{
    Result<Statement> st = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    if (!st.ok())
        return st.status();
    std::vector<std::string> names;
    for (;;) {
        Result<bool> row = st->step();
        if (!row.ok())
            return row.status();
        if (!*row)
            return names;
        names.push_back(st->columnText(0));
    }
}

Result<std::string> metaValue(Database &db, const char *name)
{
    Result<Statement> st = db.prepare("SELECT value FROM meta WHERE name = ?1");
    if (!st.ok())
        return st.status();
    st->bindText(1, name);
    Result<bool> row = st->step();
    if (!row.ok())
        return row.status();
    if (!*row)
        return Status(StatusCode::NotFound, std::string("no meta value ") + name);
    return st->columnText(0);
}

Status createSchema(Database &db)
{
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s.ok())
        return s;
    Status s = db.exec("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
                       "CREATE TABLE trace ("
                       " id INTEGER PRIMARY KEY,"
                       " cause_id INTEGER NOT NULL,"
                       " time_ns INTEGER NOT NULL,"
                       " revision INTEGER NOT NULL,"
                       " component TEXT NOT NULL,"
                       " code TEXT NOT NULL,"
                       " event BLOB NOT NULL);"
                       "INSERT INTO meta (name, value) VALUES ('format', '"
                       + std::string(kFormatName) + "'), ('schema_version', '" + std::to_string(kSchemaVersion)
                       + "');");
    if (s.ok())
        s = store::MvccStore::createSchema(db);
    if (s.ok())
        return db.exec("COMMIT");
    db.exec("ROLLBACK");
    return s;
}

Status verifyFormat(Database &db, const std::string &path, const std::vector<std::string> &tables)
{
    auto has = [&](const char *name) { return std::find(tables.begin(), tables.end(), name) != tables.end(); };
    if (!has("meta"))
        return corrupt(path, "it is an SQLite database without the recording's meta table");
    Result<std::string> format = metaValue(db, "format");
    if (!format.ok() || *format != kFormatName)
        return corrupt(path, "its meta table does not name the format '" + std::string(kFormatName) + "'");
    Result<std::string> version = metaValue(db, "schema_version");
    if (!version.ok())
        return corrupt(path, "it has no schema version");
    if (*version != std::to_string(kSchemaVersion))
        return corrupt(path, "its schema version is " + *version + ", this build of K8s Lab reads version "
                                 + std::to_string(kSchemaVersion));
    for (const char *table : {"kv", "trace"}) {
        if (!has(table))
            return corrupt(path, std::string("the table '") + table + "' is missing");
    }
    return {};
}

Status quickCheck(Database &db, const std::string &path)
{
    Result<Statement> st = db.prepare("PRAGMA quick_check");
    if (!st.ok())
        return corrupt(path, st.status().message());
    Result<bool> row = st->step();
    if (!row.ok())
        return corrupt(path, row.status().message());
    if (!*row || st->columnText(0) != "ok")
        return corrupt(path, "SQLite's integrity check failed: " + (*row ? st->columnText(0) : std::string("no answer")));
    return {};
}

} // namespace

Result<std::unique_ptr<Recording>> Recording::open(const std::string &path, const RecordingOptions &options)
{
    const bool readOnly = options.mode == OpenMode::ReadOnly;
    Result<std::unique_ptr<Database>> first = Database::open(path, options.mode, options.synchronous);
    if (!first.ok())
        return first.status();
    Database &db = **first;
    Result<std::vector<std::string>> tables = tableNames(db);
    if (!tables.ok())
        return corrupt(path, tables.status().message());
    if (tables->empty()) {
        if (readOnly)
            return corrupt(path, "the file is empty");
        if (Status s = createSchema(db); !s.ok())
            return s;
        tables = tableNames(db);
    } else {
        if (Status s = verifyFormat(db, path, *tables); !s.ok())
            return s;
        if (options.verify) {
            if (Status s = quickCheck(db, path); !s.ok())
                return s;
        }
    }

    // Only now, knowing the file is a recording, may we change it: WAL lets readers
    // (history, the trace, the GUI) run beside the writer.
    if (!readOnly) {
        if (Status s = db.exec("PRAGMA journal_mode=WAL"); !s.ok())
            return s;
    }

    std::unique_ptr<Recording> recording(new Recording());
    recording->m_path = path;
    Result<std::unique_ptr<Database>> storeReader = Database::open(path, OpenMode::ReadOnly);
    if (!storeReader.ok())
        return storeReader.status();
    Result<std::unique_ptr<Database>> traceReader = Database::open(path, OpenMode::ReadOnly);
    if (!traceReader.ok())
        return traceReader.status();
    recording->m_traceReader = std::move(*traceReader);
    if (!readOnly)
        recording->m_writer = std::make_unique<store::BatchWriter>(std::move(*first));

    Result<std::unique_ptr<store::MvccStore>> store =
        store::MvccStore::open(recording->m_writer.get(), std::move(*storeReader));
    if (!store.ok())
        return Status(store.status().code(), path + ": " + store.status().message());
    recording->m_store = std::move(*store);

    Result<Statement> last = recording->m_traceReader->prepare(
        "SELECT COALESCE(MAX(id), 0), COALESCE(MAX(time_ns), 0) FROM trace");
    if (!last.ok())
        return last.status();
    if (Result<bool> row = last->step(); !row.ok())
        return corrupt(path, row.status().message());
    recording->m_lastTraceId = static_cast<std::uint64_t>(last->columnInt(0));
    recording->m_lastTraceTimeNs = last->columnInt(1);
    return recording;
}

Recording::~Recording()
{
    // The store first: it unhooks itself from the writer. The writer commits the rest
    // and closes last, so SQLite folds the WAL back into the one recording file.
    m_store.reset();
    m_traceReader.reset();
    m_writer.reset();
}

Status Recording::appendTrace(const proto::TraceEvent &event)
{
    if (!m_writer)
        return Status(StatusCode::FailedPrecondition, "the recording " + m_path + " is open read-only");
    std::string bytes = serializeDeterministic(event);
    if (bytes.empty() && event.ByteSizeLong() > 0)
        return Status(StatusCode::Internal, "cannot serialize trace event " + std::to_string(event.id()));
    const store::Ticket ticket = m_writer->submit(
        [id = event.id(), cause = event.cause_id(), time = event.time_ns(), revision = event.revision(),
         component = event.component(), code = event.code(), bytes = std::move(bytes)](Database &db) -> Status {
            Result<Statement> st = db.prepare("INSERT INTO trace (id, cause_id, time_ns, revision, component, code, "
                                              "event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            if (!st.ok())
                return st.status();
            st->bind(1, static_cast<std::int64_t>(id)).bind(2, static_cast<std::int64_t>(cause)).bind(3, time);
            st->bind(4, revision).bindText(5, component).bindText(6, code).bindBlob(7, bytes);
            return st->run();
        });
    if (ticket == 0)
        return Status(StatusCode::Unavailable, "the recording's writer has stopped: " + m_writer->error().message());
    m_lastTraceId = std::max<std::uint64_t>(m_lastTraceId, event.id());
    return {};
}

Result<std::vector<proto::TraceEvent>> Recording::readTrace(std::uint64_t afterId, std::size_t limit)
{
    if (Status s = sync(); !s.ok())
        return s;
    Result<Statement> st = m_traceReader->prepare("SELECT event FROM trace WHERE id > ?1 ORDER BY id LIMIT ?2");
    if (!st.ok())
        return st.status();
    st->bind(1, static_cast<std::int64_t>(afterId)).bind(2, limit == 0 ? -1 : static_cast<std::int64_t>(limit));
    std::vector<proto::TraceEvent> events;
    for (;;) {
        Result<bool> row = st->step();
        if (!row.ok())
            return row.status();
        if (!*row)
            return events;
        proto::TraceEvent event;
        if (!event.ParseFromString(st->columnText(0)))
            return corrupt(m_path, "a trace event cannot be decoded");
        events.push_back(std::move(event));
    }
}

Status Recording::sync()
{
    return m_writer ? m_writer->flush() : Status();
}

} // namespace k8slab::recording
