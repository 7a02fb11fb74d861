#pragma once

#include "core/api/json.h"

#include <QString>

#include <string>

namespace k8slab::gui {

/// The string at `key` of `object`, or "" when it is missing, null or not a string (API
/// objects often carry nulls, e.g. an Event's lastTimestamp).
inline std::string textAt(const api::Json &object, const char *key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// textAt as a QString.
inline QString qtextAt(const api::Json &object, const char *key)
{
    return QString::fromStdString(textAt(object, key));
}

/// The object at `key`, or an empty object.
inline const api::Json &objectAt(const api::Json &object, const char *key)
{
    static const api::Json empty = api::Json::object();
    if (!object.is_object())
        return empty;
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? *it : empty;
}

} // namespace k8slab::gui
