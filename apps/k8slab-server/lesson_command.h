#pragma once

#include <QStringList>

/// `k8slab-server lesson list|run|check|export …`: the lessons headless. Makes the
/// application object itself (export draws with the app's views, offscreen); returns
/// the process's exit code.
int lessonMain(int argc, char *argv[]);
