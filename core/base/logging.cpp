#include "core/base/logging.h"

Q_LOGGING_CATEGORY(lcEngine, "k8slab.engine")
Q_LOGGING_CATEGORY(lcStore, "k8slab.store")
