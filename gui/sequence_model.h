#pragma once

#include "core/recording/causal_history.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace k8slab::gui {

/// One participant of a sequence diagram: a component, drawn as a column.
struct SequenceLane {
    /// Stable id: "user", "apiserver", "store", "controller/deployment", "scheduler",
    /// "kubelet/worker-1", "runtime", "kube-proxy".
    QString id;
    /// What the column's head says.
    QString title;
};

/// One arrow (or, from a lane to itself, a note) of the diagram.
struct SequenceMessage {
    enum class Kind {
        Call,  ///< a request to the API server or a CRI call to the runtime
        Write, ///< the API server writing the store
        Watch, ///< a watch event reaching a component
        Note,  ///< a component deciding or acting on its own
    };
    Kind kind = Kind::Note;
    int from = 0; ///< lane index
    int to = 0;   ///< lane index; equal to `from` for a note
    QString label;
    /// The history step drawn (index into the history's steps).
    int step = 0;
};

/// A history laid out as lanes and messages, in the order they happened.
struct SequenceDiagram {
    recording::History history;
    std::vector<SequenceLane> lanes;
    std::vector<SequenceMessage> messages;

    /// The lane with this id, or -1.
    [[nodiscard]] int lane(const QString &id) const;
    /// The same diagram with only the messages of steps first..last (for a slide that
    /// shows where the story is; step numbers stay those of the whole story).
    [[nodiscard]] SequenceDiagram window(int first, int last) const;
};

/// Lays a causal history out as a sequence diagram: kubectl, kube-apiserver, the
/// store, each controller, the scheduler, each kubelet, the container runtime and
/// kube-proxy as lanes (only those that take part); requests, store writes, watch
/// events, CRI calls and decisions as messages.
class SequenceLayout {
    Q_DECLARE_TR_FUNCTIONS(SequenceLayout)
public:
    static SequenceDiagram build(const recording::TraceIndex &index, recording::History history);
};

} // namespace k8slab::gui
