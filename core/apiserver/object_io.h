#pragma once

#include "core/api/json.h"
#include "core/apiserver/resource_registry.h"
#include "core/engine/random.h"
#include "core/store/mvcc_store.h"

#include <optional>
#include <string>
#include <string_view>

namespace k8slab::apiserver {

/// The store key of an object: /registry/<group-resource>/[<ns>/]<name>.
std::string objectKey(const ResourceInfo &info, const std::string &ns, const std::string &name);
/// The key prefix of a collection: all namespaces when `ns` is empty.
std::string collectionPrefix(const ResourceInfo &info, const std::string &ns);
/// Decodes a stored object: sets metadata.resourceVersion from the mod revision and
/// fills apiVersion and kind.
api::Json decodeObject(const ResourceInfo &info, const store::KeyValue &kv);
/// Encodes an object for the store: without metadata.resourceVersion, which the
/// store's revision stands for.
std::string encodeObject(api::Json object);
/// A random (version 4) UUID drawn from the lab's seeded source, so uids replay.
std::string newUid(engine::Random &random);
/// The value of a field for field selectors: metadata.name/namespace everywhere,
/// plus the resource's own selectable fields; nullopt for unsupported fields.
std::optional<std::string> fieldValue(const ResourceInfo &info, const api::Json &object, std::string_view field);
/// Reads a value at a dotted path ("spec.nodeName"); null when absent.
const api::Json &jsonAt(const api::Json &object, std::string_view dottedPath);

} // namespace k8slab::apiserver
