#pragma once

#include "core/lesson/lesson.h"

namespace k8slab::lesson {

/// Reads one action as a lesson writes it ({apply: file}, {kubectl: "get pods"}, …),
/// reading an apply's manifest files from the lesson folder `dir`. Invalid names the
/// action (`where`) and what is wrong.
Result<Action> readAction(const api::Json &value, const std::string &where, const std::string &dir);

/// The action types a lesson may use.
const std::vector<std::string> &actionTypes();

} // namespace k8slab::lesson
