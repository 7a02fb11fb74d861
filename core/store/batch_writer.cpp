#include "core/store/batch_writer.h"

#include "core/base/logging.h"

namespace k8slab::store {

BatchWriter::BatchWriter(std::unique_ptr<Database> db) : m_db(std::move(db))
{
    m_thread = std::thread([this] { run(); });
}

BatchWriter::~BatchWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_workReady.notify_all();
    m_thread.join();
}

Ticket BatchWriter::submit(Job job)
{
    Ticket ticket;
    {
        std::lock_guard lock(m_mutex);
        if (!m_error.ok() || m_stopping)
            return 0;
        m_queue.push_back(std::move(job));
        ticket = ++m_submitted;
    }
    m_workReady.notify_one();
    return ticket;
}

Status BatchWriter::waitFor(Ticket ticket)
{
    std::unique_lock lock(m_mutex);
    m_committedCv.wait(lock, [&] { return m_committed >= ticket || !m_error.ok(); });
    return m_committed >= ticket ? Status() : m_error;
}

Status BatchWriter::flush()
{
    Ticket last;
    {
        std::lock_guard lock(m_mutex);
        last = m_submitted;
    }
    return waitFor(last);
}

Ticket BatchWriter::committed() const
{
    std::lock_guard lock(m_mutex);
    return m_committed;
}

Status BatchWriter::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void BatchWriter::setCommitListener(CommitListener listener)
{
    std::lock_guard lock(m_mutex);
    m_listener = std::move(listener);
}

std::uint64_t BatchWriter::commitCount() const
{
    std::lock_guard lock(m_mutex);
    return m_commits;
}

void BatchWriter::run()
{
    std::vector<Job> batch;
    for (;;) {
        Ticket last;
        CommitListener listener;
        {
            std::unique_lock lock(m_mutex);
            m_workReady.wait(lock, [&] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty())
                return; // stopping with nothing left to commit
            batch.swap(m_queue);
            last = m_submitted;
            listener = m_listener;
        }
        Status status = m_db->exec("BEGIN IMMEDIATE");
        for (Job &job : batch) {
            if (!status.ok())
                break;
            status = job(*m_db);
        }
        if (status.ok())
            status = m_db->exec("COMMIT");
        if (!status.ok()) {
            m_db->exec("ROLLBACK");
            qCCritical(lcStore) << "batch commit failed:" << status.toString().c_str();
        }
        batch.clear();
        // The listener runs before waiters wake, so whoever waited for a ticket also
        // sees what the listener derived from it (the store's durable revision).
        if (status.ok() && listener)
            listener(last);
        {
            std::lock_guard lock(m_mutex);
            if (status.ok()) {
                m_committed = last;
                ++m_commits;
            } else {
                m_error = status;
                m_queue.clear();
            }
        }
        m_committedCv.notify_all();
        if (!status.ok())
            return;
    }
}

} // namespace k8slab::store
