#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace k8slab {

/// One line of a comparison: kept (' '), only before ('-') or only after ('+').
struct DiffLine {
    char op = ' ';
    std::string text;
};

/// The lines of `before` and `after` in order, each kept, removed or added: a longest
/// common subsequence of whole lines (what `diff` compares). Texts of more than 5,000
/// lines each are compared by their common head and tail only.
std::vector<DiffLine> diffLines(std::string_view before, std::string_view after);

/// `diff -u`'s body: "@@ -a,b +c,d @@" hunks of the changes with `context` unchanged
/// lines around them; empty when nothing changed.
std::string unifiedDiff(const std::vector<DiffLine> &lines, int context = 3);

} // namespace k8slab
