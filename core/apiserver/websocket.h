#pragma once

#include "core/base/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace k8slab::apiserver::websocket {

/// RFC 6455 opcodes.
enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

/// Close codes the server sends (RFC 6455 §7.4.1).
inline constexpr std::uint16_t kCloseNormal = 1000;
inline constexpr std::uint16_t kCloseProtocolError = 1002;
inline constexpr std::uint16_t kCloseTooBig = 1009;

/// The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key: base64 of the SHA-1
/// of the key and the protocol's fixed GUID.
std::string acceptKey(std::string_view clientKey);

/// One whole message (fragments joined) or control frame.
struct Message {
    Opcode opcode = Opcode::Binary;
    std::string payload;
};

/// A frame as the server sends it: final, unmasked (RFC 6455 §5.1: servers never mask).
std::string encodeFrame(Opcode opcode, std::string_view payload);
/// A close frame with a status code and reason.
std::string encodeClose(std::uint16_t code, std::string_view reason = {});

/// Reads the client's frames from a byte stream: feed() what the socket gave, then take
/// whole messages with next(). Client frames must be masked; control frames must be
/// whole and short; a message may not grow past `maxMessage` bytes. A violation is a
/// BadRequest error after which the connection is to be closed with closeCode().
class FrameReader {
public:
    explicit FrameReader(std::size_t maxMessage = 1 << 20) : m_maxMessage(maxMessage) {}

    /// Appends bytes read from the socket.
    void feed(std::string_view bytes) { m_buffer.append(bytes); }
    /// The next whole message, nothing while more bytes are needed, or a protocol error.
    Result<std::optional<Message>> next();
    /// The close code that fits the last error: 1009 for a message too big, else 1002.
    [[nodiscard]] std::uint16_t closeCode() const { return m_closeCode; }

private:
    std::uint16_t m_closeCode = kCloseProtocolError;
    std::size_t m_maxMessage;
    std::string m_buffer;
    // A fragmented data message being assembled.
    std::optional<Message> m_partial;
};

} // namespace k8slab::apiserver::websocket
