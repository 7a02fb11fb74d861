#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace k8slab::runtime::sim {

/// The keys a simulated redis holds (one per container, shared by its connections).
using RedisData = std::map<std::string, std::string>;

/// What one connection to the simulated redis says, in RESP (the redis protocol):
/// commands arrive as RESP arrays (what redis-cli and client libraries send) or inline
/// ("PING\r\n", what `nc` or `telnet` users type); PING, ECHO, SET, GET, DEL, EXISTS,
/// KEYS *, DBSIZE and QUIT are served with redis' replies; anything else gets redis'
/// "unknown command" error.
class RedisSession {
public:
    explicit RedisSession(std::shared_ptr<RedisData> data) : m_data(std::move(data)) {}

    /// Bytes from the client: the replies to every command they complete, and whether
    /// the client asked to close (QUIT) or broke the protocol (the server then closes).
    struct Answer {
        std::string replies;
        bool close = false;
    };
    Answer input(std::string_view bytes);

private:
    std::optional<std::vector<std::string>> nextCommand(bool &broken);
    std::string run(const std::vector<std::string> &command, bool &quit);

    std::shared_ptr<RedisData> m_data;
    std::string m_buffer;
};

} // namespace k8slab::runtime::sim
