#include "runtime/sim/sim_connection.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace k8slab::runtime::sim {

namespace {

// A request head longer than this is refused (nginx's large_client_header_buffers: 4 × 8k).
constexpr std::size_t kMaxHead = 32 * 1024;

std::tm utc(engine::TimePoint t)
{
    const std::time_t seconds = std::time_t(engine::toNanos(t) / 1'000'000'000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    return parts;
}

std::string lowered(std::string text)
{
    for (char &c : text)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

const char *reason(int status, bool nginx)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return nginx ? "Not Allowed" : "Method Not Allowed";
    default: return "Internal Server Error";
    }
}

std::string serverName(const std::string &behaviour)
{
    if (behaviour == "nginx")
        return "nginx";
    if (behaviour == "hpa-example")
        return "Apache/2.4.10 (Debian)";
    if (behaviour == "httpd")
        return "Apache";
    return behaviour;
}

} // namespace

std::string httpDate(engine::TimePoint t)
{
    const std::tm parts = utc(t);
    char text[64];
    std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &parts);
    return text;
}

std::string accessLogTime(engine::TimePoint t)
{
    const std::tm parts = utc(t);
    char text[64];
    std::strftime(text, sizeof(text), "%d/%b/%Y:%H:%M:%S +0000", &parts);
    return text;
}

SimConnection::SimConnection(Server server, kubelet::PortStreamOutput output)
    : m_server(std::move(server)), m_output(std::move(output))
{
    if (m_server.redis)
        m_redis.emplace(m_server.redis);
}

void SimConnection::input(std::string_view bytes)
{
    if (m_closed)
        return;
    if (m_redis) {
        RedisSession::Answer answer = m_redis->input(bytes);
        if (!answer.replies.empty() && m_output.write)
            m_output.write(std::move(answer.replies));
        if (answer.close)
            close();
        return;
    }
    if (!m_server.http)
        return; // a server that does not speak HTTP reads and says nothing
    m_buffer.append(bytes);
    while (!m_closed && serveOne()) {
    }
}

void SimConnection::inputClosed()
{
    close(); // everything read was answered at once; the server closes its side too
}

void SimConnection::drop()
{
    close();
}

void SimConnection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_output.closed)
        m_output.closed();
}

bool SimConnection::serveOne()
{
    if (m_bodyToSkip > 0) {
        const std::size_t skip = std::min(m_bodyToSkip, m_buffer.size());
        m_buffer.erase(0, skip);
        m_bodyToSkip -= skip;
        if (m_bodyToSkip > 0)
            return false;
    }
    const std::size_t end = m_buffer.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (m_buffer.size() > kMaxHead)
            respond(400, "", "-", "", "", {}, false);
        return false;
    }
    const std::string head = m_buffer.substr(0, end);
    m_buffer.erase(0, end + 4);

    const std::string requestLine = head.substr(0, head.find("\r\n"));
    const auto firstSpace = requestLine.find(' ');
    const auto lastSpace = requestLine.rfind(' ');
    const std::string method = requestLine.substr(0, firstSpace);
    const std::string version = lastSpace == std::string::npos ? std::string() : requestLine.substr(lastSpace + 1);
    if (firstSpace == std::string::npos || lastSpace == firstSpace || method.empty()
        || (version != "HTTP/1.1" && version != "HTTP/1.0")) {
        respond(400, method, requestLine, "", "", {}, false);
        return false;
    }
    const std::string target = requestLine.substr(firstSpace + 1, lastSpace - firstSpace - 1);

    std::string userAgent, referer, connection;
    std::size_t at = head.find("\r\n");
    while (at != std::string::npos && at < head.size()) {
        const std::size_t next = head.find("\r\n", at + 2);
        const std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
        at = next;
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string name = lowered(trimmed(std::string_view(line).substr(0, colon)));
        const std::string value = trimmed(std::string_view(line).substr(colon + 1));
        if (name == "user-agent")
            userAgent = value;
        else if (name == "referer")
            referer = value;
        else if (name == "connection")
            connection = lowered(value);
        else if (name == "content-length")
            m_bodyToSkip = std::size_t(std::strtoull(value.c_str(), nullptr, 10));
    }
    const bool keepAlive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
    if (method != "GET" && method != "HEAD") {
        respond(405, method, requestLine, userAgent, referer, {}, keepAlive);
        return !m_closed;
    }
    const auto [status, lines] = m_server.answer(target);
    std::string body;
    for (const std::string &line : lines)
        body += line + "\n";
    respond(status == 0 ? 404 : status, method, requestLine, userAgent, referer, std::move(body), keepAlive);
    return !m_closed;
}

void SimConnection::respond(int status, const std::string &method, const std::string &requestLine,
                            const std::string &userAgent, const std::string &referer, std::string body, bool keepAlive)
{
    const bool nginx = m_server.behaviour == "nginx";
    const std::string statusText = std::to_string(status) + " " + reason(status, nginx);
    if (body.empty())
        body = "<html>\r\n<head><title>" + statusText + "</title></head>\r\n<body>\r\n<center><h1>" + statusText
               + "</h1></center>\r\n<hr><center>" + serverName(m_server.behaviour) + "</center>\r\n</body>\r\n</html>\r\n";
    const engine::TimePoint now = m_server.now();
    std::string answer = "HTTP/1.1 " + statusText + "\r\nServer: " + serverName(m_server.behaviour) + "\r\nDate: "
                         + httpDate(now) + "\r\nContent-Type: text/html\r\nContent-Length: "
                         + std::to_string(body.size()) + "\r\nConnection: " + (keepAlive ? "keep-alive" : "close")
                         + "\r\n\r\n";
    const std::size_t sent = method == "HEAD" ? 0 : body.size();
    if (method != "HEAD")
        answer += body;
    // The access log: nginx's "combined" plus $http_x_forwarded_for, Apache's "common".
    const auto orDash = [](const std::string &text) { return text.empty() ? std::string("-") : text; };
    std::string line = "127.0.0.1 - - [" + accessLogTime(now) + "] \"" + requestLine + "\" " + std::to_string(status) + " ";
    if (nginx)
        line += std::to_string(sent) + " \"" + orDash(referer) + "\" \"" + orDash(userAgent) + "\" \"-\"";
    else
        line += sent == 0 ? std::string("-") : std::to_string(sent);
    if (m_server.log)
        m_server.log(line);
    if (m_output.write)
        m_output.write(std::move(answer));
    if (!keepAlive)
        close();
}

} // namespace k8slab::runtime::sim
