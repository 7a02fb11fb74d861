#pragma once

// QCOMPARE for JSON values: compares them as values and prints both as JSON text on failure.
#include "core/api/json.h"

#include <QString>
#include <QTest>
#include <QtCore/qfloat16.h> // QTest's qfloat16 overload must see a complete type next to nlohmann::json

namespace QTest {

/// Compares two JSON values; on failure prints them as JSON.
inline bool qCompare(const k8slab::api::Json &t1, const k8slab::api::Json &t2, const char *actual, const char *expected,
                     const char *file, int line)
{
    return qCompare(QString::fromStdString(t1.dump()), QString::fromStdString(t2.dump()), actual, expected, file, line);
}

} // namespace QTest
