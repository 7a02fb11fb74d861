#include "core/base/logging.h"

Q_LOGGING_CATEGORY(lcEngine, "k8slab.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "k8slab.store", QtInfoMsg)
