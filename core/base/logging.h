#pragma once

#include <QLoggingCategory>

/// Developer logs of the engine (never shown to learners; they see the trace).
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
/// Developer logs of the store.
Q_DECLARE_LOGGING_CATEGORY(lcStore)
