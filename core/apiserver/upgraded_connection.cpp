#include "core/apiserver/upgraded_connection.h"

#include "core/apiserver/socket_io.h"
#include "core/apiserver/status_response.h"

#include <httplib.h>

#include <sys/socket.h>

#include <cerrno>

namespace k8slab::apiserver {

namespace {

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

const char *reasonPhrase(int code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 503: return "Service Unavailable";
    default: return code >= 500 ? "Internal Server Error" : "Error";
    }
}

} // namespace

std::string UpgradeHead::header(const std::string &lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> UpgradeHead::headerList(const std::string &lowerName) const
{
    const std::string value = header(lowerName);
    std::vector<std::string> values;
    std::size_t start = 0;
    while (start <= value.size()) {
        const auto comma = value.find(',', start);
        std::string one = trimmed(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!one.empty())
            values.push_back(std::move(one));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return values;
}

ApiRequest UpgradeHead::toRequest() const
{
    ApiRequest request;
    request.method = method;
    const auto question = target.find('?');
    request.path = httplib::detail::decode_url(target.substr(0, question), false);
    if (question != std::string::npos) {
        httplib::Params params;
        httplib::detail::parse_query_text(target.substr(question + 1), params);
        for (const auto &[key, value] : params)
            request.query.emplace(key, value);
    }
    request.userAgent = header("user-agent");
    return request;
}

UpgradeHead parseUpgradeHead(const std::string &head)
{
    UpgradeHead parsed;
    std::size_t lineStart = 0;
    bool first = true;
    while (lineStart < head.size()) {
        const std::size_t lineEnd = head.find("\r\n", lineStart);
        if (lineEnd == std::string::npos || lineEnd == lineStart)
            break;
        const std::string line = head.substr(lineStart, lineEnd - lineStart);
        lineStart = lineEnd + 2;
        if (first) {
            first = false;
            const auto space = line.find(' ');
            const auto second = line.find(' ', space + 1);
            parsed.method = line.substr(0, space);
            if (space != std::string::npos)
                parsed.target = line.substr(space + 1, second == std::string::npos ? std::string::npos : second - space - 1);
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        // A header sent several times (Go sends each X-Stream-Protocol-Version on its
        // own line) is one list, as RFC 9110 joins them.
        std::string &value = parsed.headers[socketio::lowered(trimmed(line.substr(0, colon)))];
        value += (value.empty() ? "" : ", ") + trimmed(line.substr(colon + 1));
    }
    return parsed;
}

std::optional<UpgradeHead> takeUpgradeHead(int sock, const std::string &head)
{
    const std::size_t bytes = head.size();
    std::string sink(bytes, '\0');
    std::size_t got = 0;
    while (got < bytes) {
        const ssize_t n = ::recv(sock, sink.data() + got, bytes - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return std::nullopt;
        got += static_cast<std::size_t>(n);
    }
    return parseUpgradeHead(head);
}

Result<std::string> webSocketKey(const UpgradeHead &head)
{
    std::string key = head.header("sec-websocket-key");
    if (head.header("sec-websocket-version") != "13" || key.empty())
        return Status(StatusCode::BadRequest, "a WebSocket upgrade needs Sec-WebSocket-Version: 13 and a Sec-WebSocket-Key");
    return key;
}

std::string webSocketAccepted(const std::string &key, const std::string &protocol)
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
           + websocket::acceptKey(key) + "\r\nSec-WebSocket-Protocol: " + protocol + "\r\n\r\n";
}

void sendHttpError(int sock, const Status &status)
{
    const ApiResponse response = errorResponse(status);
    socketio::sendAll(sock, "HTTP/1.1 " + std::to_string(response.code) + " " + reasonPhrase(response.code)
                                + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n" + response.body);
}

bool deliverWebSocketMessages(int sock, websocket::FrameReader &reader, std::string_view bytes,
                              const std::function<bool(const websocket::Message &)> &handle)
{
    reader.feed(bytes);
    for (;;) {
        Result<std::optional<websocket::Message>> message = reader.next();
        if (!message.ok()) {
            socketio::sendAll(sock, websocket::encodeClose(reader.closeCode(), message.status().message()));
            return false;
        }
        if (!message->has_value())
            return true;
        if (!handle(**message))
            return false;
    }
}

} // namespace k8slab::apiserver
