#pragma once

#include "core/proto/trace.pb.h"

#include <QCoreApplication>
#include <QString>

#include <string_view>

namespace k8slab::gui {

/// What a learner reads about one trace step: a short title (the diagram's label) and
/// an explanation of what happened and why, with the step's own names and numbers.
struct Narration {
    QString title;
    QString explanation;
};

/// Explains trace steps in the learner's language, keyed by trace code (the catalog in
/// core/engine/trace_codes.h); every catalogued code has its narration.
class Narrator {
    Q_DECLARE_TR_FUNCTIONS(Narrator)
public:
    /// Narrates `event`, whose object is `subject` (for a create request, the object its
    /// store write made).
    static Narration narrate(const proto::TraceEvent &event, const proto::ObjectRef &subject);
    /// Whether `code` has its own narration (others get a generic one).
    static bool knows(std::string_view code);
};

} // namespace k8slab::gui
