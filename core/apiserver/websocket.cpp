#include "core/apiserver/websocket.h"

#include <QByteArray>
#include <QCryptographicHash>

namespace k8slab::apiserver::websocket {

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

Status protocolError(std::string message)
{
    return Status(StatusCode::BadRequest, "WebSocket protocol error: " + std::move(message));
}

bool isControl(std::uint8_t opcode)
{
    return (opcode & 0x8) != 0;
}

} // namespace

std::string acceptKey(std::string_view clientKey)
{
    QByteArray input(clientKey.data(), static_cast<qsizetype>(clientKey.size()));
    input.append(kGuid.data(), static_cast<qsizetype>(kGuid.size()));
    return QCryptographicHash::hash(input, QCryptographicHash::Sha1).toBase64().toStdString();
}

std::string encodeFrame(Opcode opcode, std::string_view payload)
{
    std::string frame;
    frame.reserve(payload.size() + 10);
    frame.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
    const std::uint64_t size = payload.size();
    if (size < 126) {
        frame.push_back(static_cast<char>(size));
    } else if (size <= 0xFFFF) {
        frame.push_back(static_cast<char>(126));
        frame.push_back(static_cast<char>(size >> 8));
        frame.push_back(static_cast<char>(size & 0xFF));
    } else {
        frame.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.push_back(static_cast<char>((size >> shift) & 0xFF));
    }
    frame.append(payload);
    return frame;
}

std::string encodeClose(std::uint16_t code, std::string_view reason)
{
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFF));
    payload.append(reason.substr(0, 123)); // a control frame's payload is at most 125 bytes
    return encodeFrame(Opcode::Close, payload);
}

Result<std::optional<Message>> FrameReader::next()
{
    for (;;) {
        if (m_buffer.size() < 2)
            return std::optional<Message>{};
        const auto byte0 = static_cast<std::uint8_t>(m_buffer[0]);
        const auto byte1 = static_cast<std::uint8_t>(m_buffer[1]);
        const bool fin = (byte0 & 0x80) != 0;
        const std::uint8_t opcode = byte0 & 0x0F;
        if ((byte0 & 0x70) != 0)
            return protocolError("reserved bits set (no extension was negotiated)");
        if ((byte1 & 0x80) == 0)
            return protocolError("a client frame is not masked");
        std::uint64_t length = byte1 & 0x7F;
        std::size_t header = 2;
        if (length == 126 || length == 127) {
            const std::size_t bytes = length == 126 ? 2 : 8;
            if (m_buffer.size() < header + bytes)
                return std::optional<Message>{};
            length = 0;
            for (std::size_t i = 0; i < bytes; ++i)
                length = (length << 8) | static_cast<std::uint8_t>(m_buffer[header + i]);
            header += bytes;
        }
        if (isControl(opcode) && (!fin || length > 125))
            return protocolError("a control frame is fragmented or longer than 125 bytes");
        const std::size_t held = m_partial ? m_partial->payload.size() : 0;
        if (length > m_maxMessage || held + length > m_maxMessage) {
            m_closeCode = kCloseTooBig;
            return protocolError("a message larger than " + std::to_string(m_maxMessage) + " bytes");
        }
        if (m_buffer.size() < header + 4 + length)
            return std::optional<Message>{};
        const std::string_view mask(m_buffer.data() + header, 4);
        std::string payload = m_buffer.substr(header + 4, static_cast<std::size_t>(length));
        for (std::size_t i = 0; i < payload.size(); ++i)
            payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
        m_buffer.erase(0, header + 4 + static_cast<std::size_t>(length));

        if (isControl(opcode)) {
            if (opcode != 0x8 && opcode != 0x9 && opcode != 0xA)
                return protocolError("unknown control opcode " + std::to_string(opcode));
            return std::optional<Message>(Message{static_cast<Opcode>(opcode), std::move(payload)});
        }
        if (opcode == 0x0) {
            if (!m_partial)
                return protocolError("a continuation frame without a message to continue");
            m_partial->payload += payload;
        } else if (opcode == 0x1 || opcode == 0x2) {
            if (m_partial)
                return protocolError("a new message began before the last one ended");
            m_partial = Message{static_cast<Opcode>(opcode), std::move(payload)};
        } else {
            return protocolError("unknown data opcode " + std::to_string(opcode));
        }
        if (fin) {
            std::optional<Message> whole = std::move(m_partial);
            m_partial.reset();
            return whole;
        }
    }
}

} // namespace k8slab::apiserver::websocket
