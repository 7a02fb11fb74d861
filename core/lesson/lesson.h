#pragma once

#include "core/api/json.h"
#include "core/base/result.h"
#include "core/kubelet/kubelet.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace k8slab::lesson {

/// The languages every lesson is written in; the first is the fallback.
inline constexpr std::string_view kLanguages[] = {"en", "zh_CN"};

/// A text in each of the lesson's languages.
class LocalizedText {
public:
    /// Sets the text of one language.
    void set(const std::string &language, std::string text) { m_texts[language] = std::move(text); }
    /// The text in `language`, else English, else empty.
    [[nodiscard]] const std::string &text(std::string_view language) const;
    /// True when `language` has its own text.
    [[nodiscard]] bool has(std::string_view language) const { return m_texts.find(language) != m_texts.end(); }

private:
    std::map<std::string, std::string, std::less<>> m_texts;
};

/// One thing a lesson does to the cluster (see docs/lessons.md for each type).
struct Action {
    /// apply, delete, scale, patch, label, kubectl, fault, advance or wait.
    std::string type;
    /// The action's parameters as written (apply's manifests already read in).
    api::Json spec;
    /// Where it was written, e.g. "steps[2].actions[0]" (for error messages).
    std::string where;
};

/// A question about the cluster that a check answers (see docs/lessons.md).
struct Check {
    /// What the learner reads beside the tick.
    LocalizedText title;
    /// The check's type and parameters (field, condition, event, …) as written.
    api::Json spec;
    /// Where it was written.
    std::string where;
};

/// Which view a step shows and what it points at (the GUI follows it; headless runs ignore it).
struct Focus {
    /// overview, map, network, chains, story, scheduling, controllers, charts or nodes.
    std::string view;
    /// The object to show, {kind, namespace, name} (name may be a prefix for pods); may be empty.
    api::Json object = api::Json::object();
    /// For the story view: the step of the sequence diagram to stop at (0-based; -1 the last).
    int sequenceStep = -1;
    /// For the network and node views: the node to show.
    std::string node;
};

/// A task the learner does, with hints and a check that passes for any correct solution.
struct Exercise {
    /// Hints, revealed one at a time.
    std::vector<LocalizedText> hints;
    /// Passes once the task is done.
    Check check;
    /// How long (virtual time) the cluster may take to show a correct solution.
    std::chrono::seconds timeout{120};
    /// The reference solution (CI proves it passes).
    std::vector<Action> solution;
    /// A plausible wrong solution (CI proves it fails).
    std::vector<Action> wrong;
};

/// One step of a lesson: narration, what it does, what it shows, what must then hold.
struct Step {
    std::string id;
    LocalizedText title;
    /// Markdown, one per language.
    LocalizedText narration;
    std::vector<Action> actions;
    std::optional<Focus> focus;
    /// Must hold after the actions (within `timeout` of virtual time).
    std::vector<Check> checks;
    std::optional<Exercise> exercise;
    std::chrono::seconds timeout{60};
};

/// The cluster a lesson starts from.
struct ClusterSpec {
    /// Default worker nodes (worker-1 …); more can come from Node manifests ...
    int nodes = 3;
    /// ... or these, when `nodes` is a list of node entries as in a cluster spec file
    /// (docs/cluster-spec.md).
    std::vector<kubelet::NodeSpec> nodeSpecs;
    /// kube-proxy's mode: iptables, ipvs or nftables.
    std::string proxyMode = "iptables";
    /// Seed of the lab's random source.
    std::uint64_t seed = 1;
};

/// A lesson: data written by instructors (a folder under lessons/, see docs/lessons.md).
struct Lesson {
    std::string id;
    /// Its place in the course (chapter number).
    int number = 0;
    LocalizedText title;
    LocalizedText summary;
    /// Ids of lessons to take first.
    std::vector<std::string> prerequisites;
    ClusterSpec cluster;
    std::vector<Step> steps;
    /// The lesson's folder.
    std::string dir;

    /// How many steps are exercises.
    [[nodiscard]] int exerciseCount() const;
};

/// Reads the lesson in folder `dir` (lesson.yaml, narration/<lang>/<step>.md, manifests).
/// Invalid when a field is missing or wrong; the message names the file and field.
Result<Lesson> loadLesson(const std::string &dir);

/// Reads every lesson folder under `root`, in chapter order.
Result<std::vector<Lesson>> loadLessons(const std::string &root);

/// Where the lessons are: $K8SLAB_LESSONS, else the source tree's lessons/ when it is
/// there (a build run in place), else the installed share folder.
std::string defaultLessonsDir();

/// Finds a lesson by id or by chapter number ("2", "02").
const Lesson *findLesson(const std::vector<Lesson> &lessons, std::string_view idOrNumber);

} // namespace k8slab::lesson
