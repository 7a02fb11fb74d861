#pragma once

#include <QStringList>

/// `k8slab-server lesson list|run|check …`: the lessons headless (arguments after
/// "lesson"); returns the process's exit code.
int lessonCommand(const QStringList &arguments);
