// GET of one object and LIST of a collection, as JSON or as a meta.k8s.io/v1 Table.
#include "core/api/selectors.h"
#include "core/apiserver/api_server.h"
#include "core/apiserver/object_cache.h"
#include "core/apiserver/object_io.h"
#include "core/apiserver/scale.h"
#include "core/apiserver/status_response.h"
#include "core/apiserver/table_printers.h"

#include <QByteArray>

namespace k8slab::apiserver {

using api::Json;

OutputFormat outputFormat(const ApiRequest &request)
{
    return request.accept.find("as=Table") != std::string::npos ? OutputFormat::Table : OutputFormat::Json;
}

Json columnDefinitionsJson(std::string_view resource)
{
    Json columns = Json::array();
    for (const ColumnDefinition &c : tableColumns(resource))
        columns.push_back({{"name", c.name}, {"type", c.type}, {"format", c.format},
                           {"description", c.description}, {"priority", c.priority}});
    return columns;
}

Json buildTable(const ResourceInfo &info, const std::vector<Json> &objects, const std::string &includeObject,
                engine::TimePoint now, bool withColumns)
{
    Json table = {{"kind", "Table"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", Json::object()}};
    const std::string resource = objects.size() == 1 && objects.front().value("kind", "") == "Scale" ? "scale" : info.plural;
    table["columnDefinitions"] = withColumns ? columnDefinitionsJson(resource) : Json::array();
    Json rows = Json::array();
    for (const Json &object : objects) {
        Json row = {{"cells", tableCells(resource, object, now)}};
        if (includeObject == "Object") {
            row["object"] = object;
        } else if (includeObject != "None") {
            row["object"] = {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"},
                             {"metadata", object.value("metadata", Json::object())}};
        }
        rows.push_back(std::move(row));
    }
    table["rows"] = std::move(rows);
    return table;
}

namespace {

std::string encodeContinue(store::Revision revision, const std::string &nextKey)
{
    const Json token = {{"rv", revision}, {"start", nextKey}};
    return QByteArray::fromStdString(token.dump()).toBase64(QByteArray::Base64UrlEncoding).toStdString();
}

Result<std::pair<store::Revision, std::string>> decodeContinue(const std::string &token)
{
    const QByteArray raw = QByteArray::fromBase64(QByteArray::fromStdString(token), QByteArray::Base64UrlEncoding);
    const Json parsed = Json::parse(raw.toStdString(), nullptr, false);
    if (!parsed.is_object() || !parsed.contains("rv") || !parsed.contains("start"))
        return Status(StatusCode::BadRequest, "invalid continue token");
    return std::pair{parsed["rv"].get<store::Revision>(), parsed["start"].get<std::string>()};
}

} // namespace

ApiResponse ApiServer::handleList(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    auto labels = api::LabelSelector::parse(request.param("labelSelector").value_or(""));
    if (!labels.ok())
        return errorResponse(labels.status());
    auto fields = api::FieldSelector::parse(request.param("fieldSelector").value_or(""));
    if (!fields.ok())
        return errorResponse(fields.status());
    Json probe = Json::object();
    if (Status s = fields->checkSupported([&](std::string_view f) { return fieldValue(info, probe, f); }); !s.ok())
        return errorResponse(s);

    auto requestedRevision = parseResourceVersion(request.param("resourceVersion").value_or(""));
    if (!requestedRevision.ok())
        return errorResponse(requestedRevision.status());
    store::RangeOptions options;
    std::size_t limit = 0;
    if (auto l = request.param("limit"))
        limit = static_cast<std::size_t>(std::max(0LL, std::atoll(l->c_str())));
    if (auto token = request.param("continue"); token && !token->empty()) {
        auto decoded = decodeContinue(*token);
        if (!decoded.ok())
            return errorResponse(decoded.status());
        options.revision = decoded->first;
        options.startKey = decoded->second;
    } else if (auto rv = request.param("resourceVersion"); rv && !rv->empty() && *rv != "0"
               && request.param("resourceVersionMatch").value_or("") == "Exact") {
        options.revision = *requestedRevision;
    }
    const std::string prefix = collectionPrefix(info, target.ns);
    // Select the items: from the watch cache at the latest revision, from the store's
    // history for later pages of a paginated list (consistent at the first page's revision).
    std::vector<const CachedObject *> items;
    std::vector<std::unique_ptr<CachedObject>> decoded; // owns what came from the store
    std::string nextKey;
    store::Revision revision = m_store.revision();
    const bool everything = labels->empty() && fields->empty();
    const auto selects = [&](const Json &object) {
        return everything || (labels->matches(jsonAt(object, "metadata.labels"))
                              && fields->matches([&](std::string_view f) { return fieldValue(info, object, f); }));
    };
    if (options.revision == 0 && options.startKey.empty()) {
        m_cache->forEach(prefix, {}, [&](const std::string &key, const CachedObject &object) {
            if (!selects(object.object))
                return true;
            if (limit > 0 && items.size() >= limit) {
                nextKey = key;
                return false;
            }
            items.push_back(&object); // the cache does not change while we answer
            return true;
        });
    } else {
        auto range = m_store.range(prefix, options);
        if (!range.ok()) {
            if (range.status().code() == StatusCode::Expired)
                return errorResponse(Status(StatusCode::Expired,
                                            "The provided continue parameter is too old to display a consistent list "
                                            "result. You can start a new list without the continue parameter."));
            return errorResponse(range.status());
        }
        revision = range->revision;
        for (const store::KeyValue &kv : range->kvs) {
            auto object = std::make_unique<CachedObject>();
            object->object = decodeObject(info, kv);
            if (!selects(object->object))
                continue;
            if (limit > 0 && items.size() >= limit) {
                nextKey = kv.key;
                break;
            }
            items.push_back(object.get());
            decoded.push_back(std::move(object));
        }
    }
    Json metadata = {{"resourceVersion", std::to_string(revision)}};
    if (!nextKey.empty())
        metadata["continue"] = encodeContinue(revision, nextKey);

    // Render by joining each object's cached JSON text: a 10,000-item list is then
    // mostly string copies, not a tree built and serialised again.
    std::string body;
    if (outputFormat(request) == OutputFormat::Table) {
        const std::string includeObject = request.param("includeObject").value_or("Metadata");
        const engine::TimePoint now = m_loop.now();
        std::size_t size = 4096;
        for (const CachedObject *item : items)
            size += 256 + (includeObject == "Object" ? item->text().size() : item->metadataText().size());
        body.reserve(size); // one allocation, not a dozen copies of a growing string
        body += R"({"apiVersion":"meta.k8s.io/v1","columnDefinitions":)" + columnDefinitionsJson(info.plural).dump()
               + R"(,"kind":"Table","metadata":)" + metadata.dump() + R"(,"rows":[)";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                body += ',';
            body += R"({"cells":)";
            appendRowCells(body, items[i]->rowTemplate(info.plural), now); // cells cached per object revision
            if (includeObject == "Object") {
                body += R"(,"object":)";
                body += items[i]->text();
            } else if (includeObject != "None") {
                body += R"(,"object":{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":)";
                body += items[i]->metadataText();
                body += '}';
            }
            body += '}';
        }
        body += "]}";
    } else {
        std::size_t size = 4096;
        for (const CachedObject *item : items)
            size += 1 + item->text().size();
        body.reserve(size);
        body += R"({"apiVersion":)" + Json(info.apiVersion()).dump() + R"(,"items":[)";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i)
                body += ',';
            body += items[i]->text();
        }
        body += R"(],"kind":)" + Json(info.kind + "List").dump() + R"(,"metadata":)" + metadata.dump() + "}";
    }
    ApiResponse response;
    response.body = std::move(body);
    return response;
}

ApiResponse ApiServer::handleGet(const ApiRequest &request, const RequestTarget &target)
{
    const ResourceInfo &info = *target.resource;
    auto object = get(info, target.ns, target.name);
    if (!object.ok())
        return errorResponse(object.status());
    Json body = *object;
    if (target.subresource == "scale")
        body = scaleOf(info, *object);
    else if (target.subresource == "log") {
        if (!m_podLogs || !jsonAt(body, "spec.nodeName").is_string() || jsonAt(body, "spec.nodeName").get<std::string>().empty())
            return errorResponse(Status(StatusCode::BadRequest, "pod " + target.name + " does not have a host assigned"));
        return m_podLogs(body, request);
    } else if (target.subresource == "proxy") {
        if (!m_nodeProxy)
            return errorResponse(Status(StatusCode::Unavailable,
                                        "no kubelet answers for node \"" + target.name + "\""));
        return m_nodeProxy(body, target.proxyPath, request);
    }
    if (outputFormat(request) == OutputFormat::Table) {
        Json table = buildTable(info, {body}, request.param("includeObject").value_or("Metadata"), m_loop.now());
        table["metadata"] = {{"resourceVersion", jsonAt(body, "metadata.resourceVersion")}};
        return jsonResponse(200, table);
    }
    return jsonResponse(200, body);
}

} // namespace k8slab::apiserver
