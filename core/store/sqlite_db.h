#pragma once

#include "core/base/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace k8slab::store {

/// How a connection opens its file.
enum class OpenMode {
    /// Read and write; the file is created if missing.
    ReadWrite,
    /// Read only; the file must exist.
    ReadOnly,
};

/// A use of a cached prepared statement. Resetting it when the use ends matters: an
/// unfinished statement would pin the connection's read snapshot.
class Statement {
public:
    /// Wraps a prepared statement owned by the Database's cache.
    explicit Statement(sqlite3_stmt *stmt) : m_stmt(stmt) {}
    ~Statement();
    Statement(Statement &&other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    /// Binds an integer to the 1-based parameter `index`.
    Statement &bind(int index, std::int64_t value);
    /// Binds text (copied) to the 1-based parameter `index`.
    Statement &bindText(int index, std::string_view value);
    /// Binds a blob (copied) to the 1-based parameter `index`.
    Statement &bindBlob(int index, std::string_view value);
    /// Advances: true when a row is available, false when done; errors become a Status.
    Result<bool> step();
    /// Runs a statement that returns no rows.
    Status run();
    /// The integer in column `col` of the current row.
    [[nodiscard]] std::int64_t columnInt(int col) const;
    /// The text or blob in column `col` of the current row (copied).
    [[nodiscard]] std::string columnText(int col) const;

private:
    sqlite3_stmt *m_stmt;
};

/// One SQLite connection with a cache of prepared statements. Not thread-safe: each
/// thread that touches the file has its own Database.
class Database {
public:
    /// Opens (and for ReadWrite creates) `path` with the given synchronous level. The file is
    /// not changed: the journal mode is left to the caller.
    static Result<std::unique_ptr<Database>> open(const std::string &path, OpenMode mode,
                                                  std::string_view synchronous = "FULL");
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Runs one or more statements that return no rows.
    Status exec(std::string_view sql);
    /// A cached prepared statement for `sql`, reset and with bindings cleared.
    Result<Statement> prepare(const std::string &sql);
    /// The file this connection opened.
    [[nodiscard]] const std::string &path() const { return m_path; }
    /// The raw handle, for the rare call not wrapped here.
    [[nodiscard]] sqlite3 *handle() const { return m_db; }
    /// A Status describing the connection's last error, with `what` as context.
    [[nodiscard]] Status lastError(std::string_view what) const;

private:
    Database(sqlite3 *db, std::string path) : m_db(db), m_path(std::move(path)) {}

    sqlite3 *m_db;
    std::string m_path;
    std::unordered_map<std::string, sqlite3_stmt *> m_statements;
};

/// Maps an SQLite result code to the lab's status vocabulary.
Status sqliteStatus(int rc, std::string_view what, std::string_view detail);

} // namespace k8slab::store
