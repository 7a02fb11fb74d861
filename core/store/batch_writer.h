#pragma once

#include "core/store/sqlite_db.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace k8slab::store {

/// Identifies a write submitted to a BatchWriter; tickets grow by one per job.
using Ticket = std::uint64_t;

/// The single writer of a recording file: group commit on its own thread.
///
/// Jobs are queued from the owner side and run on the writer thread inside one
/// transaction per batch: while one batch commits, the next gathers, so a busy
/// lab commits many writes per fsync and an idle one commits each at once. A job is
/// acknowledged (its ticket "committed") only after the COMMIT that contains it
/// returned. If a batch fails, the writer stops accepting work and reports the error:
/// nothing is acknowledged that is not on disk.
class BatchWriter {
public:
    /// A piece of SQL work; runs on the writer thread inside the batch transaction.
    using Job = std::function<Status(Database &)>;
    /// Told (on the writer thread) the highest ticket each commit made durable.
    using CommitListener = std::function<void(Ticket)>;

    /// Takes over `db` (its own connection) and starts the writer thread.
    explicit BatchWriter(std::unique_ptr<Database> db);
    /// Commits what is queued, then stops the thread.
    ~BatchWriter();
    BatchWriter(const BatchWriter &) = delete;
    BatchWriter &operator=(const BatchWriter &) = delete;

    /// Queues a job; returns its ticket, or 0 if the writer has failed (see error()).
    Ticket submit(Job job);
    /// Blocks until `ticket` is committed or the writer failed; returns the failure if any.
    Status waitFor(Ticket ticket);
    /// Blocks until everything submitted so far is committed.
    Status flush();
    /// The highest committed ticket.
    [[nodiscard]] Ticket committed() const;
    /// The error that stopped the writer, or OK.
    [[nodiscard]] Status error() const;
    /// Sets the listener called after each commit; set it before submitting work.
    void setCommitListener(CommitListener listener);
    /// How many transactions have been committed (for benchmarks and tests).
    [[nodiscard]] std::uint64_t commitCount() const;

private:
    void run();

    std::unique_ptr<Database> m_db;
    mutable std::mutex m_mutex;
    std::condition_variable m_workReady;
    std::condition_variable m_committedCv;
    std::vector<Job> m_queue;
    Ticket m_submitted = 0;
    Ticket m_committed = 0;
    std::uint64_t m_commits = 0;
    Status m_error;
    bool m_stopping = false;
    CommitListener m_listener;
    std::thread m_thread;
};

} // namespace k8slab::store
