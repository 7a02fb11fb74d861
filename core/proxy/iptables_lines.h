#pragma once

// The payload writer's pieces, shared by the files of IptablesProxier: the chain names
// kube-proxy owns, line buffers and comment arguments. Internal to core/proxy.
#include <string>
#include <string_view>

namespace k8slab::proxy::iptables {

inline constexpr const char *kServices = "KUBE-SERVICES";
inline constexpr const char *kExternalServices = "KUBE-EXTERNAL-SERVICES";
inline constexpr const char *kNodePorts = "KUBE-NODEPORTS";
inline constexpr const char *kPostrouting = "KUBE-POSTROUTING";
inline constexpr const char *kMarkMasq = "KUBE-MARK-MASQ";
inline constexpr const char *kForward = "KUBE-FORWARD";
inline constexpr const char *kProxyFirewall = "KUBE-PROXY-FIREWALL";
inline constexpr const char *kKubeletFirewall = "KUBE-FIREWALL";

/// A `-m comment --comment …` argument written straight into the line: its parts joined,
/// in double quotes when they hold a space (as upstream's format strings quote).
struct Comment {
    std::string_view a, b, c;
};

inline Comment comment(std::string_view a, std::string_view b = {}, std::string_view c = {})
{
    return {a, b, c};
}

/// A comment's text alone, for the jump rules' arguments.
inline std::string commentText(std::string_view text)
{
    return text.find(' ') == std::string_view::npos ? "-m comment --comment " + std::string(text)
                                                    : "-m comment --comment \"" + std::string(text) + "\"";
}

/// Lines of one part of the payload; counts them as upstream's LineBuffer does. A
/// counting-only buffer stands for the chains a partial sync leaves out (upstream writes
/// them to a throw-away buffer, for its rule-count metrics).
struct Lines {
    std::string text;
    int count = 0;
    bool countOnly = false;

    template<typename... Parts>
    void write(const Parts &...parts)
    {
        ++count;
        if (countOnly)
            return;
        bool first = true;
        ((append(parts, first)), ...);
        text += '\n';
    }
    /// Lines written elsewhere (a service's cached fragment).
    void append(std::string_view lines, int n)
    {
        count += n;
        if (!countOnly)
            text += lines;
    }
    void chain(const std::string &name)
    {
        ++count;
        if (countOnly)
            return;
        text += ':';
        text += name;
        text += " - [0:0]\n";
    }

private:
    void append(std::string_view part, bool &first)
    {
        if (part.empty())
            return;
        if (!first)
            text += ' ';
        text += part;
        first = false;
    }
    void append(const Comment &c, bool &first)
    {
        if (c.a.empty() && c.b.empty() && c.c.empty())
            return;
        if (!first)
            text += ' ';
        first = false;
        const bool quote = c.a.find(' ') != std::string_view::npos || c.b.find(' ') != std::string_view::npos ||
                           c.c.find(' ') != std::string_view::npos;
        text += "-m comment --comment ";
        if (quote)
            text += '"';
        text += c.a;
        text += c.b;
        text += c.c;
        if (quote)
            text += '"';
    }
};

} // namespace k8slab::proxy::iptables
