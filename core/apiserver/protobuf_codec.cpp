#include "core/apiserver/protobuf_codec.h"

#include "core/api/time_format.h"
#include "core/proto/k8s/apps_v1.pb.h"
#include "core/proto/k8s/authentication_v1.pb.h"
#include "core/proto/k8s/authorization_v1.pb.h"
#include "core/proto/k8s/autoscaling_v1.pb.h"
#include "core/proto/k8s/batch_v1.pb.h"
#include "core/proto/k8s/core_v1.pb.h"
#include "core/proto/k8s/intstr.pb.h"
#include "core/proto/k8s/meta_v1.pb.h"
#include "core/proto/k8s/options.pb.h"
#include "core/proto/k8s/policy_v1.pb.h"
#include "core/proto/k8s/rbac_v1.pb.h"
#include "core/proto/k8s/resource.pb.h"
#include "core/proto/k8s/runtime.pb.h"
#include "core/proto/k8s/scheduling_v1.pb.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>

#include <QByteArray>

#include <climits>
#include <cstdint>
#include <memory>
#include <set>
#include <utility>

namespace k8slab::apiserver {

namespace {

namespace pb = google::protobuf;
using api::Json;

// "k8s\0": what the API machinery puts before every Protobuf body.
constexpr std::string_view kMagic{"k8s\0", 4};
constexpr std::string_view kProtobufContentType = "application/vnd.kubernetes.protobuf";

struct KindEntry {
    std::string_view apiVersion;
    std::string_view kind;
    const pb::Message *prototype;
};

// The kinds kubectl's generators send as Protobuf; each decodes into its own message.
const std::vector<KindEntry> &kindTable()
{
    static const std::vector<KindEntry> table = {
        {"v1", "Namespace", &k8s::core::v1::Namespace::default_instance()},
        {"v1", "ConfigMap", &k8s::core::v1::ConfigMap::default_instance()},
        {"v1", "Secret", &k8s::core::v1::Secret::default_instance()},
        {"v1", "ServiceAccount", &k8s::core::v1::ServiceAccount::default_instance()},
        {"v1", "Service", &k8s::core::v1::Service::default_instance()},
        {"v1", "ResourceQuota", &k8s::core::v1::ResourceQuota::default_instance()},
        {"apps/v1", "Deployment", &k8s::apps::v1::Deployment::default_instance()},
        {"batch/v1", "Job", &k8s::batch::v1::Job::default_instance()},
        {"batch/v1", "CronJob", &k8s::batch::v1::CronJob::default_instance()},
        {"autoscaling/v1", "HorizontalPodAutoscaler", &k8s::autoscaling::v1::HorizontalPodAutoscaler::default_instance()},
        {"policy/v1", "PodDisruptionBudget", &k8s::policy::v1::PodDisruptionBudget::default_instance()},
        {"scheduling.k8s.io/v1", "PriorityClass", &k8s::scheduling::v1::PriorityClass::default_instance()},
        {"rbac.authorization.k8s.io/v1", "Role", &k8s::rbac::v1::Role::default_instance()},
        {"rbac.authorization.k8s.io/v1", "ClusterRole", &k8s::rbac::v1::ClusterRole::default_instance()},
        {"rbac.authorization.k8s.io/v1", "RoleBinding", &k8s::rbac::v1::RoleBinding::default_instance()},
        {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", &k8s::rbac::v1::ClusterRoleBinding::default_instance()},
        {"authorization.k8s.io/v1", "SelfSubjectAccessReview",
         &k8s::authorization::v1::SelfSubjectAccessReview::default_instance()},
        {"authorization.k8s.io/v1", "SelfSubjectRulesReview",
         &k8s::authorization::v1::SelfSubjectRulesReview::default_instance()},
        {"authentication.k8s.io/v1", "SelfSubjectReview",
         &k8s::authentication::v1::SelfSubjectReview::default_instance()},
        {"authentication.k8s.io/v1", "TokenRequest", &k8s::authentication::v1::TokenRequest::default_instance()},
    };
    return table;
}

Status badRequest(std::string message)
{
    return Status(StatusCode::BadRequest, std::move(message));
}

// Where in the object a value sits ("spec.template.spec.containers[0]"), for errors.
std::string join(const std::string &path, std::string_view name)
{
    return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string describe(const std::string &path)
{
    return path.empty() ? "the top level of the object" : path;
}

// "k8slab.k8s.core.v1.Container" -> "core.v1.Container": the upstream type a reader knows.
std::string typeName(const pb::Descriptor *descriptor)
{
    constexpr std::string_view kPrefix = "k8slab.k8s.";
    const std::string &full = descriptor->full_name();
    return full.compare(0, kPrefix.size(), kPrefix) == 0 ? full.substr(kPrefix.size()) : full;
}

// Protobuf proto2 strings are not checked on parsing; JSON (and nlohmann::json's dump)
// needs UTF-8, so anything else is refused here instead of failing later.
bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        char32_t codePoint = 0;
        char32_t smallest = 0;
        if ((lead & 0xE0) == 0xC0) {
            extra = 1, codePoint = lead & 0x1F, smallest = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2, codePoint = lead & 0x0F, smallest = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3, codePoint = lead & 0x07, smallest = 0x10000;
        } else {
            return false;
        }
        if (text.size() - i <= extra)
            return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and values past Unicode are not UTF-8.
        if (codePoint < smallest || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

Result<Json> stringValue(const std::string &text, const std::string &path)
{
    if (!isValidUtf8(text))
        return badRequest("the Protobuf body holds a string that is not valid UTF-8 at " + describe(path));
    return Json(text);
}

// ---- The special types: their JSON form is not their message form ----

// metav1.Time travels as seconds and nanos, Go's zero time as an empty message
// (upstream's Marshal writes nothing for it); JSON writes RFC 3339 or null.
Result<Json> timeValue(std::int64_t seconds, std::int32_t nanos, bool micro, const std::string &path)
{
    if (seconds == 0 && nanos == 0)
        return Json(nullptr);
    // engine::TimePoint counts nanoseconds in an int64, which covers the years 1678 to 2262.
    constexpr std::int64_t kLimit = INT64_MAX / 1000000000LL - 1;
    if (nanos < 0 || nanos > 999999999 || seconds < -kLimit || seconds > kLimit)
        return badRequest("the Protobuf body holds a time out of range at " + describe(path));
    const engine::TimePoint t{engine::Duration{seconds * 1000000000LL + nanos}};
    return Json(micro ? api::formatMicroTime(t) : api::formatTime(t));
}

Result<Json> writeTime(const pb::Message &message, const std::string &path)
{
    const auto &time = static_cast<const k8s::meta::v1::Time &>(message);
    return timeValue(time.seconds(), time.nanos(), false, path);
}

Result<Json> writeMicroTime(const pb::Message &message, const std::string &path)
{
    const auto &time = static_cast<const k8s::meta::v1::MicroTime &>(message);
    return timeValue(time.seconds(), time.nanos(), true, path);
}

// A Quantity is its string; Go's zero Quantity (no string on the wire) writes "0".
Result<Json> writeQuantity(const pb::Message &message, const std::string &path)
{
    const auto &quantity = static_cast<const k8s::resource::Quantity &>(message);
    if (!quantity.has_string())
        return Json("0");
    return stringValue(quantity.string(), path);
}

// IntOrString is the number (type 0) or the string (type 1).
Result<Json> writeIntOrString(const pb::Message &message, const std::string &path)
{
    const auto &value = static_cast<const k8s::intstr::IntOrString &>(message);
    if (value.type() == 0)
        return Json(value.intval());
    if (value.type() == 1)
        return stringValue(value.strval(), path);
    return badRequest("the Protobuf body holds an IntOrString of unknown type " + std::to_string(value.type())
                      + " at " + describe(path));
}

// FieldsV1 carries JSON text, which JSON embeds as it is.
Result<Json> writeFieldsV1(const pb::Message &message, const std::string &path)
{
    const auto &fields = static_cast<const k8s::meta::v1::FieldsV1 &>(message);
    if (fields.raw().empty())
        return Json(nullptr);
    Json parsed = Json::parse(fields.raw(), nullptr, false);
    if (parsed.is_discarded())
        return badRequest("the Protobuf body holds managed fields that are not JSON at " + describe(path));
    return parsed;
}

// authentication/v1 ExtraValue wraps a []string so that it can be a map value; JSON
// writes the list itself.
Result<Json> writeExtraValue(const pb::Message &message, const std::string &path)
{
    const auto &extra = static_cast<const k8s::authentication::v1::ExtraValue &>(message);
    Json items = Json::array();
    for (int i = 0; i < extra.items_size(); ++i) {
        auto item = stringValue(extra.items(i), path + "[" + std::to_string(i) + "]");
        if (!item.ok())
            return item;
        items.push_back(std::move(*item));
    }
    return items;
}

using SpecialWriter = Result<Json> (*)(const pb::Message &, const std::string &);

SpecialWriter specialWriter(const pb::Descriptor *descriptor)
{
    static const std::vector<std::pair<const pb::Descriptor *, SpecialWriter>> table = {
        {k8s::meta::v1::Time::descriptor(), &writeTime},
        {k8s::meta::v1::MicroTime::descriptor(), &writeMicroTime},
        {k8s::meta::v1::FieldsV1::descriptor(), &writeFieldsV1},
        {k8s::resource::Quantity::descriptor(), &writeQuantity},
        {k8s::intstr::IntOrString::descriptor(), &writeIntOrString},
        {k8s::authentication::v1::ExtraValue::descriptor(), &writeExtraValue},
    };
    for (const auto &[type, writer] : table) {
        if (type == descriptor)
            return writer;
    }
    return nullptr;
}

// ---- The walk: message -> JSON by reflection ----

// The marker for "leave this field out" (a zero scalar under omitempty).
Json omitted()
{
    return Json(Json::value_t::discarded);
}

bool isZeroScalar(const Json &value)
{
    return (value.is_number() && value == 0) || (value.is_boolean() && !value.get<bool>())
        || (value.is_string() && value.get_ref<const std::string &>().empty());
}

// A field number this decoder has no definition for (or a known number with the wrong
// wire type) lands in the unknown-field set; refusing it beats writing an object that
// silently lacks what the client asked for.
Status unknownFieldsError(const pb::Message &message, const pb::UnknownFieldSet &unknown, const std::string &path)
{
    std::set<int> numbers;
    for (int i = 0; i < unknown.field_count(); ++i)
        numbers.insert(unknown.field(i).number());
    std::string list;
    for (const int number : numbers)
        list += (list.empty() ? "" : ", ") + std::to_string(number);
    return badRequest("the Protobuf body has field number" + std::string(numbers.size() == 1 ? " " : "s ") + list
                      + " of " + typeName(message.GetDescriptor()) + " at " + describe(path)
                      + ", which this server does not decode; send the object as JSON instead "
                        "(kubectl create -f or kubectl apply -f)");
}

Result<Json> messageToJson(const pb::Message &message, const std::string &path);

// One value of a field: the singular value (index < 0) or one element of a repeated field.
Result<Json> valueToJson(const pb::Message &message, const pb::FieldDescriptor *field, int index,
                         const std::string &path)
{
    const pb::Reflection *reflection = message.GetReflection();
    const bool repeated = index >= 0;
    switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
        return Json(repeated ? reflection->GetRepeatedInt32(message, field, index) : reflection->GetInt32(message, field));
    case pb::FieldDescriptor::CPPTYPE_INT64:
        return Json(repeated ? reflection->GetRepeatedInt64(message, field, index) : reflection->GetInt64(message, field));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
        return Json(repeated ? reflection->GetRepeatedUInt32(message, field, index) : reflection->GetUInt32(message, field));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
        return Json(repeated ? reflection->GetRepeatedUInt64(message, field, index) : reflection->GetUInt64(message, field));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
        return Json(repeated ? reflection->GetRepeatedBool(message, field, index) : reflection->GetBool(message, field));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
        return Json(repeated ? reflection->GetRepeatedDouble(message, field, index) : reflection->GetDouble(message, field));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
        return Json(repeated ? reflection->GetRepeatedFloat(message, field, index) : reflection->GetFloat(message, field));
    case pb::FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string &text = repeated ? reflection->GetRepeatedStringReference(message, field, index, &scratch)
                                           : reflection->GetStringReference(message, field, &scratch);
        if (field->type() == pb::FieldDescriptor::TYPE_BYTES) // Go writes []byte as standard base64
            return Json(QByteArray::fromStdString(text).toBase64().toStdString());
        return stringValue(text, path);
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        return messageToJson(repeated ? reflection->GetRepeatedMessage(message, field, index)
                                      : reflection->GetMessage(message, field),
                             path);
    case pb::FieldDescriptor::CPPTYPE_ENUM:
        break; // the Kubernetes messages use strings, never enums
    }
    return Status(StatusCode::Internal, "protobuf codec: field " + field->full_name() + " has an unsupported type");
}

// A map field: entries are {key, value} messages on the wire and a JSON object in JSON.
Result<Json> mapToJson(const pb::Message &message, const pb::FieldDescriptor *field, const std::string &path)
{
    const pb::Reflection *reflection = message.GetReflection();
    const pb::FieldDescriptor *keyField = field->message_type()->map_key();
    const pb::FieldDescriptor *valueField = field->message_type()->map_value();
    Json out = Json::object();
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        const pb::Message &entry = reflection->GetRepeatedMessage(message, field, i);
        const std::string key = entry.GetReflection()->GetString(entry, keyField);
        if (!isValidUtf8(key))
            return badRequest("the Protobuf body holds a map key that is not valid UTF-8 at " + describe(path));
        auto value = valueToJson(entry, valueField, -1, path + "[" + key + "]");
        if (!value.ok())
            return value;
        out[key] = std::move(*value);
    }
    return out;
}

Result<Json> fieldToJson(const pb::Message &message, const pb::FieldDescriptor *field, const std::string &path)
{
    if (field->is_map())
        return mapToJson(message, field, path);
    if (field->is_repeated()) {
        Json out = Json::array();
        const int size = message.GetReflection()->FieldSize(message, field);
        for (int i = 0; i < size; ++i) {
            auto element = valueToJson(message, field, i, path + "[" + std::to_string(i) + "]");
            if (!element.ok())
                return element;
            out.push_back(std::move(*element));
        }
        return out;
    }
    auto value = valueToJson(message, field, -1, path);
    if (!value.ok())
        return value;
    // Upstream's encoder writes every non-pointer scalar, zero or not; JSON's omitempty
    // drops the zero ones unless the field is a pointer or has no omitempty (keep_zero).
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE && isZeroScalar(*value)
        && !field->options().GetExtension(k8s::keep_zero))
        return omitted();
    return value;
}

Result<Json> messageToJson(const pb::Message &message, const std::string &path)
{
    const pb::Reflection *reflection = message.GetReflection();
    const pb::UnknownFieldSet &unknown = reflection->GetUnknownFields(message);
    if (!unknown.empty())
        return unknownFieldsError(message, unknown, path);
    if (const SpecialWriter writer = specialWriter(message.GetDescriptor()))
        return writer(message, path);

    // Present fields only: proto2 keeps presence, so what the client did not send (nil
    // pointers, empty lists and maps) stays out of the JSON. A present message is always
    // written, even when empty, as Go writes a struct ("strategy": {}).
    std::vector<const pb::FieldDescriptor *> fields;
    reflection->ListFields(message, &fields);
    Json out = Json::object();
    for (const pb::FieldDescriptor *field : fields) {
        if (field->options().GetExtension(k8s::embedded)) {
            auto inner = messageToJson(reflection->GetMessage(message, field), path);
            if (!inner.ok())
                return inner;
            for (auto &[key, value] : inner->items())
                out[key] = std::move(value);
            continue;
        }
        auto value = fieldToJson(message, field, join(path, field->name()));
        if (!value.ok())
            return value;
        if (!value->is_discarded())
            out[field->name()] = std::move(*value);
    }
    return out;
}

const KindEntry *findKind(std::string_view apiVersion, std::string_view kind)
{
    for (const KindEntry &entry : kindTable()) {
        if (entry.apiVersion == apiVersion && entry.kind == kind)
            return &entry;
    }
    return nullptr;
}

std::string supportedList()
{
    std::string list;
    for (const std::string &kind : supportedProtobufKinds())
        list += (list.empty() ? "" : ", ") + kind;
    return list;
}

} // namespace

std::vector<std::string> supportedProtobufKinds()
{
    std::vector<std::string> kinds;
    for (const KindEntry &entry : kindTable())
        kinds.push_back(std::string(entry.apiVersion) + " " + std::string(entry.kind));
    return kinds;
}

Result<Json> decodeProtobufObject(std::string_view body)
{
    if (body.substr(0, kMagic.size()) != kMagic)
        return badRequest("the Protobuf body does not start with the Kubernetes magic bytes \"k8s\\x00\"");
    const std::string_view payload = body.substr(kMagic.size());
    k8s::runtime::Unknown envelope;
    if (payload.size() > static_cast<std::size_t>(INT_MAX)
        || !envelope.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
        return badRequest("the Protobuf body is malformed: its runtime.Unknown envelope cannot be read");
    for (const pb::Message *part : {static_cast<const pb::Message *>(&envelope),
                                    static_cast<const pb::Message *>(&envelope.typemeta())}) {
        const pb::UnknownFieldSet &unknown = part->GetReflection()->GetUnknownFields(*part);
        if (!unknown.empty())
            return unknownFieldsError(*part, unknown, "the envelope");
    }
    if (!envelope.contentencoding().empty())
        return badRequest("the Protobuf body's content encoding \"" + envelope.contentencoding()
                          + "\" is not supported; send it uncompressed");
    if (!envelope.contenttype().empty() && envelope.contenttype() != kProtobufContentType)
        return badRequest("the Protobuf envelope says its object is \"" + envelope.contenttype()
                          + "\"; only Protobuf objects are decoded");

    const std::string &apiVersion = envelope.typemeta().apiversion();
    const std::string &kind = envelope.typemeta().kind();
    const KindEntry *entry = findKind(apiVersion, kind);
    if (entry == nullptr)
        return badRequest("Protobuf bodies of kind \"" + kind + "\" in version \"" + apiVersion
                          + "\" are not supported by this server; it decodes " + supportedList()
                          + " (send other kinds as JSON)");

    std::unique_ptr<pb::Message> object(entry->prototype->New());
    if (!object->ParseFromString(envelope.raw()))
        return badRequest("the Protobuf body is malformed: the " + apiVersion + " " + kind
                          + " in it cannot be read (truncated or corrupt bytes)");
    auto json = messageToJson(*object, "");
    if (!json.ok())
        return json;
    (*json)["apiVersion"] = apiVersion;
    (*json)["kind"] = kind;
    return json;
}

} // namespace k8slab::apiserver
