#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace k8slab::store {

Status sqliteStatus(int rc, std::string_view what, std::string_view detail)
{
    std::string message(what);
    message += ": ";
    message += detail;
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
        return Status(StatusCode::Corrupt, std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Status(StatusCode::Unavailable, std::move(message));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return Status(StatusCode::FailedPrecondition, std::move(message));
    default:
        return Status(StatusCode::Internal, std::move(message));
    }
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_reset(m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bindText(int index, std::string_view value)
{
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, std::string_view value)
{
    // A zero-length blob must still be a blob, not NULL.
    sqlite3_bind_blob(m_stmt, index, value.empty() ? "" : value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3 *db = sqlite3_db_handle(m_stmt);
    return sqliteStatus(rc, "sqlite step", sqlite3_errmsg(db));
}

Status Statement::run()
{
    Result<bool> r = step();
    return r.ok() ? Status() : r.status();
}

std::int64_t Statement::columnInt(int col) const
{
    return sqlite3_column_int64(m_stmt, col);
}

std::string Statement::columnText(int col) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, col));
    const int size = sqlite3_column_bytes(m_stmt, col);
    return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

Result<std::unique_ptr<Database>> Database::open(const std::string &path, OpenMode mode,
                                                 std::string_view synchronous)
{
    static constexpr std::string_view kLevels[] = {"OFF", "NORMAL", "FULL", "EXTRA"};
    if (std::find(std::begin(kLevels), std::end(kLevels), synchronous) == std::end(kLevels))
        return Status(StatusCode::Invalid, "unknown synchronous level \"" + std::string(synchronous) + "\"",
                      {{"synchronous", "FieldValueNotSupported", "must be one of OFF, NORMAL, FULL, EXTRA"}});
    sqlite3 *db = nullptr;
    const int flags = (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                      | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Status status = sqliteStatus(rc, "cannot open " + path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return status;
    }
    std::unique_ptr<Database> result(new Database(db, path));
    sqlite3_busy_timeout(db, 5000);
    // The first statement reads the header: this is where a non-database file is caught.
    if (Status s = result->exec("PRAGMA schema_version"); !s.ok())
        return Status(s.code(), path + " is not a K8s Lab recording: " + s.message());
    // synchronous is a setting of this connection only; the journal mode, which
    // changes the file, is the caller's to set once it knows the file is its own.
    if (mode == OpenMode::ReadWrite) {
        if (Status s = result->exec("PRAGMA synchronous=" + std::string(synchronous)); !s.ok())
            return s;
    }
    return result;
}

Database::~Database()
{
    for (auto &[sql, stmt] : m_statements)
        sqlite3_finalize(stmt);
    sqlite3_close(m_db);
}

Status Database::exec(std::string_view sql)
{
    char *error = nullptr;
    const int rc = sqlite3_exec(m_db, std::string(sql).c_str(), nullptr, nullptr, &error);
    if (rc == SQLITE_OK)
        return {};
    Status status = sqliteStatus(rc, "sqlite", error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    return status;
}

Result<Statement> Database::prepare(const std::string &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        sqlite3_stmt *stmt = nullptr;
        const int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK)
            return sqliteStatus(rc, "sqlite prepare", sqlite3_errmsg(m_db));
        it = m_statements.emplace(sql, stmt).first;
    }
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(it->second);
}

Status Database::lastError(std::string_view what) const
{
    return sqliteStatus(sqlite3_errcode(m_db), what, sqlite3_errmsg(m_db));
}

} // namespace k8slab::store
