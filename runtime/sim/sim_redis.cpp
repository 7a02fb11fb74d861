#include "runtime/sim/sim_redis.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace k8slab::runtime::sim {

namespace {

// Largest bulk string or array the session accepts (redis' own limit is 512 MB).
constexpr long kMaxBulk = 1 << 20;

std::string bulk(const std::string &text)
{
    return "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n";
}

std::string upper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return text;
}

std::string wrongArity(const std::string &command)
{
    std::string lower = command;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return "-ERR wrong number of arguments for '" + lower + "' command\r\n";
}

// The number after a RESP type byte, up to its CRLF at `end`.
std::optional<long> number(const std::string &buffer, std::size_t from, std::size_t end)
{
    const std::string digits = buffer.substr(from, end - from);
    char *stop = nullptr;
    const long value = std::strtol(digits.c_str(), &stop, 10);
    if (digits.empty() || *stop != '\0')
        return std::nullopt;
    return value;
}

} // namespace

RedisSession::Answer RedisSession::input(std::string_view bytes)
{
    m_buffer.append(bytes);
    Answer answer;
    for (;;) {
        bool broken = false;
        const std::optional<std::vector<std::string>> command = nextCommand(broken);
        if (broken) {
            answer.replies += "-ERR Protocol error: invalid multibulk length\r\n";
            answer.close = true;
            return answer;
        }
        if (!command)
            return answer;
        if (command->empty())
            continue; // an empty line
        bool quit = false;
        answer.replies += run(*command, quit);
        if (quit) {
            answer.close = true;
            return answer;
        }
    }
}

std::optional<std::vector<std::string>> RedisSession::nextCommand(bool &broken)
{
    const std::size_t lineEnd = m_buffer.find("\r\n");
    if (m_buffer.empty())
        return std::nullopt;
    if (m_buffer[0] != '*') {
        // Inline: one line of words.
        const std::size_t newline = m_buffer.find('\n');
        if (newline == std::string::npos) {
            broken = m_buffer.size() > std::size_t(kMaxBulk);
            return std::nullopt;
        }
        std::string line = m_buffer.substr(0, newline);
        m_buffer.erase(0, newline + 1);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::vector<std::string> words;
        for (std::size_t at = 0; at < line.size();) {
            const std::size_t start = line.find_first_not_of(' ', at);
            if (start == std::string::npos)
                break;
            const std::size_t stop = std::min(line.find(' ', start), line.size());
            words.push_back(line.substr(start, stop - start));
            at = stop;
        }
        return words;
    }
    // A RESP array of bulk strings: *N CRLF, then N times $LEN CRLF DATA CRLF.
    if (lineEnd == std::string::npos)
        return std::nullopt;
    const std::optional<long> count = number(m_buffer, 1, lineEnd);
    if (!count || *count < 0 || *count > 1024) {
        broken = true;
        return std::nullopt;
    }
    std::vector<std::string> args;
    std::size_t at = lineEnd + 2;
    for (long i = 0; i < *count; ++i) {
        const std::size_t end = m_buffer.find("\r\n", at);
        if (end == std::string::npos)
            return std::nullopt;
        const std::optional<long> length = m_buffer[at] == '$' ? number(m_buffer, at + 1, end) : std::nullopt;
        if (!length || *length < 0 || *length > kMaxBulk) {
            broken = true;
            return std::nullopt;
        }
        const std::size_t data = end + 2;
        if (m_buffer.size() < data + std::size_t(*length) + 2)
            return std::nullopt;
        args.push_back(m_buffer.substr(data, std::size_t(*length)));
        at = data + std::size_t(*length) + 2;
    }
    m_buffer.erase(0, at);
    return args;
}

std::string RedisSession::run(const std::vector<std::string> &command, bool &quit)
{
    const std::string name = upper(command[0]);
    const std::size_t args = command.size() - 1;
    RedisData &data = *m_data;
    if (name == "PING") {
        if (args > 1)
            return wrongArity(command[0]);
        return args == 0 ? "+PONG\r\n" : bulk(command[1]);
    }
    if (name == "ECHO")
        return args == 1 ? bulk(command[1]) : wrongArity(command[0]);
    if (name == "SET") {
        if (args < 2)
            return wrongArity(command[0]);
        data[command[1]] = command[2];
        return "+OK\r\n";
    }
    if (name == "GET") {
        if (args != 1)
            return wrongArity(command[0]);
        const auto it = data.find(command[1]);
        return it == data.end() ? "$-1\r\n" : bulk(it->second);
    }
    if (name == "DEL" || name == "EXISTS") {
        if (args < 1)
            return wrongArity(command[0]);
        long n = 0;
        for (std::size_t i = 1; i < command.size(); ++i)
            n += name == "DEL" ? long(data.erase(command[i])) : long(data.count(command[i]));
        return ":" + std::to_string(n) + "\r\n";
    }
    if (name == "DBSIZE")
        return ":" + std::to_string(data.size()) + "\r\n";
    if (name == "KEYS") {
        if (args != 1)
            return wrongArity(command[0]);
        std::string reply;
        long n = 0;
        for (const auto &[key, value] : data)
            if (command[1] == "*" || command[1] == key) {
                reply += bulk(key);
                ++n;
            }
        return "*" + std::to_string(n) + "\r\n" + reply;
    }
    if (name == "QUIT") {
        quit = true;
        return "+OK\r\n";
    }
    std::string first;
    for (std::size_t i = 1; i < command.size(); ++i)
        first += "'" + command[i] + "' ";
    return "-ERR unknown command '" + command[0] + "', with args beginning with: " + first + "\r\n";
}

} // namespace k8slab::runtime::sim
