#pragma once

#include "core/engine/event_loop.h"

#include <map>
#include <set>
#include <string>

namespace k8slab::controllers {

/// What a controller is waiting to see in its informers after it acted, as
/// upstream's UIDTrackingControllerExpectations: "expect N pod creations" and "expect
/// these pods to go". Until the informer has shown them all (or five minutes passed,
/// ExpectationsTimeout), the controller does not manage replicas again, so it never
/// acts twice on the same change. A pod counts as gone once it has a
/// deletionTimestamp: graceful termination does not hold the controller back.
class Expectations {
public:
    /// Expectations timed on `loop`'s clock.
    explicit Expectations(engine::EventLoop &loop) : m_loop(loop) {}

    /// The controller (key) is about to create `count` pods.
    void expectCreations(const std::string &key, int count);
    /// The controller is about to delete these pods ("ns/name" keys).
    void expectDeletions(const std::string &key, const std::set<std::string> &podKeys);
    /// One expected creation was seen (or will never happen: the create failed or was skipped).
    void creationObserved(const std::string &key, int count = 1);
    /// The pod `podKey` was seen going (or its delete failed).
    void deletionObserved(const std::string &key, const std::string &podKey);
    /// True when nothing is pending or the expectations expired; clears them then.
    bool satisfied(const std::string &key);
    /// Drops the controller's expectations (it was deleted).
    void forget(const std::string &key) { m_pending.erase(key); }
    /// Creations still expected (for the trace and tests).
    [[nodiscard]] int pendingCreations(const std::string &key) const;
    /// Deletions still expected.
    [[nodiscard]] int pendingDeletions(const std::string &key) const;

private:
    struct Pending {
        int adds = 0;
        std::set<std::string> deletes;
        engine::TimePoint since{};
    };

    engine::EventLoop &m_loop;
    std::map<std::string, Pending> m_pending;
};

} // namespace k8slab::controllers
