#include "core/lab/cluster_spec.h"

#include "core/api/quantity.h"
#include "core/api/yaml.h"

#include <QFile>

#include <set>

namespace k8slab::lab {

using api::Json;

namespace {

Status invalid(const std::string &field, const std::string &message)
{
    return Status(StatusCode::Invalid, field + ": " + message, {{field, "FieldValueInvalid", message}});
}

// A field that must be there; `hint` says what it wants.
Status required(const std::string &field, const std::string &hint = {})
{
    return Status(StatusCode::Invalid, field + ": Required value" + hint, {{field, "FieldValueRequired", "Required value"}});
}

// `map[key]` is a string that is not empty.
bool hasText(const Json &map, const char *key)
{
    return map.contains(key) && map[key].is_string() && !map[key].get<std::string>().empty();
}

// Only the keys a map may have; the first other one is an error.
Status onlyKeys(const Json &map, const std::string &where, std::initializer_list<const char *> keys)
{
    for (const auto &[key, value] : map.items()) {
        bool known = false;
        for (const char *k : keys)
            known = known || key == k;
        if (!known) {
            std::string list;
            for (const char *k : keys)
                list += (list.empty() ? "" : ", ") + std::string(k);
            const std::string field = where.empty() ? key : where + "." + key;
            return Status(StatusCode::Invalid, field + ": unknown field (known: " + list + ")",
                          {{field, "FieldValueNotSupported", "unknown field"}});
        }
    }
    return {};
}

// A quantity written as a string or a plain number ("4", 4, "8Gi").
Result<std::string> quantityText(const Json &value, const std::string &field, bool wholeBytes)
{
    std::string text;
    if (value.is_string())
        text = value.get<std::string>();
    else if (value.is_number())
        text = value.dump();
    else
        return invalid(field, "wants a quantity such as 4, 500m or 8Gi");
    Result<api::Quantity> q = api::Quantity::parse(text);
    if (!q.ok())
        return invalid(field, "\"" + text + "\" is not a quantity (such as 4, 500m or 8Gi)");
    if (q->milli() <= 0)
        return invalid(field, "must be more than 0");
    if (wholeBytes && q->milli() % 1000 != 0)
        return invalid(field, "must be a whole number");
    return text;
}

Status readCapacity(const Json &capacity, const std::string &where, kubelet::NodeSpec &spec)
{
    if (!capacity.is_object())
        return invalid(where, "wants a map of cpu, memory, pods and ephemeral-storage");
    if (Status s = onlyKeys(capacity, where, {"cpu", "memory", "pods", "ephemeral-storage"}); !s.ok())
        return s;
    const std::pair<const char *, std::string *> fields[] = {
        {"cpu", &spec.cpu}, {"memory", &spec.memory}, {"pods", &spec.pods}, {"ephemeral-storage", &spec.ephemeralStorage}};
    for (const auto &[key, target] : fields) {
        if (!capacity.contains(key))
            continue;
        Result<std::string> text = quantityText(capacity[key], where + "." + key, std::string_view(key) != "cpu");
        if (!text.ok())
            return text.status();
        *target = *text;
    }
    return {};
}

Status readTaints(const Json &taints, const std::string &where, kubelet::NodeSpec &spec)
{
    if (!taints.is_array())
        return invalid(where, "wants a list of {key, value, effect}");
    for (std::size_t i = 0; i < taints.size(); ++i) {
        const Json &t = taints[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (!t.is_object())
            return invalid(at, "wants {key, value, effect}");
        if (Status s = onlyKeys(t, at, {"key", "value", "effect"}); !s.ok())
            return s;
        if (!hasText(t, "key"))
            return required(at + ".key");
        if (t.contains("value") && !t["value"].is_string())
            return invalid(at + ".value", "wants a string");
        const std::string effect = t.value("effect", "");
        if (effect != "NoSchedule" && effect != "PreferNoSchedule" && effect != "NoExecute")
            return Status(StatusCode::Invalid,
                          at + ".effect: Unsupported value: \"" + effect +
                              "\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                          {{at + ".effect", "FieldValueNotSupported", "Unsupported value"}});
        spec.taints.push_back(t);
    }
    return {};
}

Status readImages(const Json &images, const std::string &where, kubelet::NodeSpec &spec)
{
    if (!images.is_array())
        return invalid(where, "wants a list of {name, size}");
    for (std::size_t i = 0; i < images.size(); ++i) {
        const Json &image = images[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (!image.is_object())
            return invalid(at, "wants {name, size}");
        if (Status s = onlyKeys(image, at, {"name", "size"}); !s.ok())
            return s;
        if (!hasText(image, "name"))
            return required(at + ".name");
        if (!image.contains("size"))
            return required(at + ".size", " (the image's size, e.g. 70Mi)");
        Result<std::string> size = quantityText(image["size"], at + ".size", true);
        if (!size.ok())
            return size.status();
        spec.images.push_back({image["name"].get<std::string>(), api::Quantity::parse(*size)->value()});
    }
    return {};
}

Result<kubelet::NodeSpec> readNode(const Json &entry, const std::string &at)
{
    if (!entry.is_object())
        return invalid(at, "wants a map with name, count, capacity, architecture, labels, taints and images");
    if (Status s = onlyKeys(entry, at, {"name", "count", "capacity", "architecture", "labels", "taints", "images"}); !s.ok())
        return s;
    kubelet::NodeSpec spec;
    if (!hasText(entry, "name"))
        return required(at + ".name");
    spec.name = entry["name"].get<std::string>();
    if (entry.contains("capacity"))
        if (Status s = readCapacity(entry["capacity"], at + ".capacity", spec); !s.ok())
            return s;
    if (entry.contains("architecture")) {
        const std::string arch = entry["architecture"].is_string() ? entry["architecture"].get<std::string>() : "";
        if (arch != "amd64" && arch != "arm64")
            return Status(StatusCode::Invalid,
                          at + ".architecture: Unsupported value: \"" + arch + "\": supported values: \"amd64\", \"arm64\"",
                          {{at + ".architecture", "FieldValueNotSupported", "Unsupported value"}});
        spec.architecture = arch;
    }
    if (entry.contains("labels")) {
        const Json &labels = entry["labels"];
        if (!labels.is_object())
            return invalid(at + ".labels", "wants a map of label keys to values");
        for (const auto &[key, value] : labels.items()) {
            if (!value.is_string())
                return invalid(at + ".labels." + key, "wants a string (quote numbers and booleans)");
            spec.labels[key] = value.get<std::string>();
        }
    }
    if (entry.contains("taints"))
        if (Status s = readTaints(entry["taints"], at + ".taints", spec); !s.ok())
            return s;
    if (entry.contains("images"))
        if (Status s = readImages(entry["images"], at + ".images", spec); !s.ok())
            return s;
    return spec;
}

} // namespace

Result<std::vector<kubelet::NodeSpec>> readNodeEntries(const Json &nodes, const std::string &where)
{
    if (!nodes.is_array())
        return invalid(where, "wants a list of nodes");
    std::vector<kubelet::NodeSpec> out;
    std::set<std::string> names;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const std::string at = where + "[" + std::to_string(i) + "]";
        Result<kubelet::NodeSpec> node = readNode(nodes[i], at);
        if (!node.ok())
            return node.status();
        int count = 0; // a single node of that name
        if (nodes[i].contains("count")) {
            const Json &c = nodes[i]["count"];
            if (!c.is_number_integer() || c.get<long long>() < 1 || c.get<long long>() > kMaxNodes)
                return invalid(at + ".count", "wants a number from 1 to " + std::to_string(kMaxNodes));
            count = c.get<int>();
        }
        for (int n = count ? 1 : 0; n <= count; ++n) {
            kubelet::NodeSpec spec = *node;
            if (count)
                spec.name += "-" + std::to_string(n);
            if (!names.insert(spec.name).second)
                return Status(StatusCode::Invalid, at + ".name: Duplicate value: \"" + spec.name + "\"",
                              {{at + ".name", "FieldValueDuplicate", "Duplicate value"}});
            if (int(out.size()) == kMaxNodes)
                return invalid(where, "more than " + std::to_string(kMaxNodes) + " nodes");
            out.push_back(std::move(spec));
        }
    }
    return out;
}

Result<std::vector<kubelet::NodeSpec>> parseClusterSpec(std::string_view yaml, const std::string &source)
{
    Result<Json> doc = api::parseYaml(yaml);
    if (!doc.ok())
        return Status(StatusCode::Invalid, source + ": " + doc.status().message());
    // The line of the field an error names, as "FILE:LINE: field: message".
    const auto located = [&](const Status &s) {
        std::string field = s.causes().empty() ? std::string() : s.causes().front().field;
        const std::optional<int> line = field.empty() ? std::nullopt : api::yamlLineOf(yaml, 0, field);
        return Status(s.code(), source + (line ? ":" + std::to_string(*line + 1) : std::string()) + ": " + s.message(),
                      s.causes());
    };
    if (!doc->is_object())
        return Status(StatusCode::Invalid, source + ": wants a map with kind: Cluster and nodes");
    if (Status s = onlyKeys(*doc, "", {"apiVersion", "kind", "nodes"}); !s.ok())
        return located(s);
    if (doc->value("kind", "") != "Cluster")
        return located(invalid("kind", "wants Cluster"));
    if (doc->value("apiVersion", "") != "k8slab.io/v1alpha1")
        return located(invalid("apiVersion", "wants k8slab.io/v1alpha1"));
    if (!doc->contains("nodes"))
        return located(required("nodes"));
    Result<std::vector<kubelet::NodeSpec>> nodes = readNodeEntries((*doc)["nodes"], "nodes");
    if (!nodes.ok())
        return located(nodes.status());
    return nodes;
}

Result<std::vector<kubelet::NodeSpec>> readClusterSpec(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return Status(StatusCode::NotFound, path + ": " + file.errorString().toStdString());
    const QByteArray text = file.readAll();
    return parseClusterSpec(std::string_view(text.constData(), std::size_t(text.size())), path);
}

} // namespace k8slab::lab
