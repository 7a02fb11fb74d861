#include "core/base/line_diff.h"

#include <algorithm>

namespace k8slab {

namespace {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

} // namespace

std::vector<DiffLine> diffLines(std::string_view before, std::string_view after)
{
    const std::vector<std::string_view> a = splitLines(before);
    const std::vector<std::string_view> b = splitLines(after);
    // The common head and tail need no table.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const std::size_t n = a.size() - head - tail;
    const std::size_t m = b.size() - head - tail;
    std::vector<DiffLine> out;
    for (std::size_t i = 0; i < head; ++i)
        out.push_back({' ', std::string(a[i])});
    if (n > 5000 || m > 5000) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back({'-', std::string(a[head + i])});
        for (std::size_t j = 0; j < m; ++j)
            out.push_back({'+', std::string(b[head + j])});
    } else {
        // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
        std::vector<std::vector<std::uint16_t>> lcs(n + 1, std::vector<std::uint16_t>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                lcs[i][j] = a[head + i] == b[head + j] ? std::uint16_t(lcs[i + 1][j + 1] + 1)
                                                       : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                out.push_back({' ', std::string(a[head + i])});
                ++i, ++j;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.push_back({'-', std::string(a[head + i])}); // removals before additions, as diff shows them
                ++i;
            } else {
                out.push_back({'+', std::string(b[head + j])});
                ++j;
            }
        }
    }
    for (std::size_t i = a.size() - tail; i < a.size(); ++i)
        out.push_back({' ', std::string(a[i])});
    return out;
}

std::string unifiedDiff(const std::vector<DiffLine> &lines, int context)
{
    std::string out;
    const std::size_t size = lines.size();
    std::size_t i = 0;
    int lineA = 1, lineB = 1; // line numbers of lines[i] in each text
    while (i < size) {
        if (lines[i].op == ' ') {
            ++lineA, ++lineB, ++i;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` lines after the
        // last change that lies within 2 × context of the one before.
        const std::size_t start = i >= std::size_t(context) ? i - std::size_t(context) : 0;
        int startA = lineA - int(i - start), startB = lineB - int(i - start);
        std::size_t end = i;
        std::size_t quiet = 0;
        for (std::size_t k = i; k < size; ++k) {
            if (lines[k].op != ' ') {
                end = k;
                quiet = 0;
            } else if (++quiet > std::size_t(2 * context)) {
                break;
            }
        }
        const std::size_t stop = std::min(size, end + 1 + std::size_t(context));
        int countA = 0, countB = 0;
        std::string body;
        for (std::size_t k = start; k < stop; ++k) {
            countA += lines[k].op != '+';
            countB += lines[k].op != '-';
            body += lines[k].op + lines[k].text + "\n";
        }
        out += "@@ -" + std::to_string(countA ? startA : startA - 1) + "," + std::to_string(countA) + " +" +
               std::to_string(countB ? startB : startB - 1) + "," + std::to_string(countB) + " @@\n" + body;
        for (std::size_t k = i; k < stop; ++k) {
            lineA += lines[k].op != '+';
            lineB += lines[k].op != '-';
        }
        i = stop;
    }
    return out;
}

} // namespace k8slab
