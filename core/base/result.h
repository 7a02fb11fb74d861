#pragma once

#include "core/base/status.h"

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>

namespace k8slab {

/// Either a value of type T or an error Status; the error-as-value return type of the lab.
template <typename T>
class [[nodiscard]] Result {
public:
    /// A successful result holding the value.
    Result(T value) : m_value(std::move(value)) {}
    /// A failed result; the status must not be OK.
    Result(Status status) : m_status(std::move(status)) { assert(!m_status.ok()); }

    /// True when the result holds a value.
    [[nodiscard]] bool ok() const { return m_value.has_value(); }
    /// The error (an OK status when the result holds a value).
    [[nodiscard]] const Status &status() const { return m_status; }
    /// The value; only valid when ok().
    [[nodiscard]] T &value() & { assert(ok()); return *m_value; }
    /// The value; only valid when ok().
    [[nodiscard]] const T &value() const & { assert(ok()); return *m_value; }
    /// The value moved out; only valid when ok().
    [[nodiscard]] T &&value() && { assert(ok()); return std::move(*m_value); }
    /// Pointer-like access to the value.
    T *operator->() { return &value(); }
    /// Pointer-like access to the value.
    const T *operator->() const { return &value(); }
    /// Dereferences to the value.
    T &operator*() { return value(); }
    /// Dereferences to the value.
    const T &operator*() const { return value(); }

private:
    std::optional<T> m_value;
    Status m_status;
};

} // namespace k8slab
