#pragma once

#include "core/base/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace k8slab::apiserver::spdy {

// SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 with the 3.1 flow-control changes),
// the multiplexing kubectl port-forward speaks: over the raw connection after an
// `Upgrade: SPDY/3.1`, or tunnelled in WebSocket binary messages
// (`SPDY/3.1+portforward.k8s.io`). The server side needs every frame type read and the
// replies written; flow control is not enforced by client-go's peer (moby/spdystream)
// and is not sent here either.

/// Control frame types.
enum class FrameType : std::uint16_t {
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
};

/// FLAG_FIN: the sender's last frame on the stream (data and SYN frames).
inline constexpr std::uint8_t kFlagFin = 0x01;
/// FLAG_UNIDIRECTIONAL (SYN_STREAM): the receiver sends nothing on the stream.
inline constexpr std::uint8_t kFlagUnidirectional = 0x02;

/// RST_STREAM status codes the lab sends.
inline constexpr std::uint32_t kRstProtocolError = 1;
inline constexpr std::uint32_t kRstInvalidStream = 2;
inline constexpr std::uint32_t kRstRefusedStream = 3;
inline constexpr std::uint32_t kRstCancel = 5;

/// A header block: lower-case names; several values of one name are joined by NUL.
using Headers = std::map<std::string, std::string>;

/// One frame, read or to be written.
struct Frame {
    bool control = false;            ///< Control frame (else data).
    FrameType type = FrameType::SynStream; ///< Control frames: the type.
    std::uint8_t flags = 0;          ///< FLAG_FIN, FLAG_UNIDIRECTIONAL.
    /// The stream: data, SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE;
    /// GOAWAY's last good stream.
    std::uint32_t streamId = 0;
    /// SYN_STREAM: the stream it is associated to.
    std::uint32_t associatedId = 0;
    /// SYN_STREAM: priority (0 highest .. 7).
    std::uint8_t priority = 0;
    /// PING: the id; RST_STREAM and GOAWAY: the status; WINDOW_UPDATE: the delta.
    std::uint32_t value = 0;
    Headers headers;                 ///< SYN_STREAM, SYN_REPLY, HEADERS.
    std::string data;                ///< Data frames: the payload.

    [[nodiscard]] bool fin() const { return (flags & kFlagFin) != 0; }
};

/// The SPDY/3 header compression dictionary (the zlib preset both sides use): 1423 bytes.
const std::string &dictionary();

/// Turns frames into bytes. One per direction of a connection: the header blocks of a
/// session share one zlib stream, primed with dictionary().
class FrameWriter {
public:
    FrameWriter();
    ~FrameWriter();
    FrameWriter(const FrameWriter &) = delete;
    FrameWriter &operator=(const FrameWriter &) = delete;

    /// The frame on the wire.
    std::string encode(const Frame &frame);

    /// Shorthands for the frames a server sends.
    std::string synReply(std::uint32_t streamId, const Headers &headers = {}, std::uint8_t flags = 0);
    std::string data(std::uint32_t streamId, std::string_view bytes, bool fin = false);

private:
    std::string compress(const Headers &headers);

    struct Zlib;
    std::unique_ptr<Zlib> m_zlib;
};

/// Reads frames from a byte stream: feed() what arrived, then take whole frames with
/// next(). Control frames of an unknown type are skipped, as the spec says. A frame
/// larger than `maxFrame`, a control frame of another SPDY version, a header block that
/// does not inflate or parse, or one that grows past 64 KiB, is an error after which
/// the session ends.
class FrameReader {
public:
    explicit FrameReader(std::size_t maxFrame = 1 << 20);
    ~FrameReader();
    FrameReader(const FrameReader &) = delete;
    FrameReader &operator=(const FrameReader &) = delete;

    void feed(std::string_view bytes) { m_buffer.append(bytes); }
    /// The next whole frame, nothing while more bytes are needed, or a protocol error.
    Result<std::optional<Frame>> next();
    /// Feeds `bytes` and hands each whole frame to `handle`; false after a protocol
    /// error or when `handle` returns false (the session ends).
    bool deliver(std::string_view bytes, const std::function<bool(const Frame &)> &handle);

private:
    Result<Headers> decompress(std::string_view block);

    std::size_t m_maxFrame;
    std::string m_buffer;
    struct Zlib;
    std::unique_ptr<Zlib> m_zlib;
};

} // namespace k8slab::apiserver::spdy
