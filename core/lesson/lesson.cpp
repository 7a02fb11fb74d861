#include "core/lesson/lesson.h"

#include "core/api/yaml.h"
#include "core/lab/cluster_spec.h"
#include "core/lab/lab_control.h"
#include "core/lesson/action.h"
#include "core/lesson/check.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstdlib>

namespace k8slab::lesson {

using api::Json;

namespace {

const std::string kEmpty;
const std::vector<std::string> kViews = {"overview", "map", "network", "chains", "story",
                                         "scheduling", "controllers", "charts", "nodes"};

Status invalid(const std::string &file, const std::string &where, const std::string &message)
{
    return Status(StatusCode::Invalid, file + ": " + (where.empty() ? "" : where + ": ") + message);
}

Result<std::string> readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status(StatusCode::NotFound, path.toStdString() + ": " + file.errorString().toStdString());
    return file.readAll().toStdString();
}

// A {en: …, zh_CN: …} map with every language present.
Result<LocalizedText> localized(const Json &value, const std::string &where)
{
    if (!value.is_object())
        return Status(StatusCode::Invalid, where + ": wants a map of languages (en, zh_CN)");
    LocalizedText text;
    // Anything else is a slip, most often an unquoted comma in a flow map
    // ({en: One, two, zh_CN: …} reads as a key "two").
    for (auto it = value.begin(); it != value.end(); ++it)
        if (std::find(std::begin(kLanguages), std::end(kLanguages), it.key()) == std::end(kLanguages))
            return Status(StatusCode::Invalid, where + ": \"" + it.key() +
                                                   "\" is not a language (en, zh_CN); quote a text that holds a comma");
    for (std::string_view language : kLanguages) {
        const auto it = value.find(std::string(language));
        if (it == value.end() || !it->is_string() || it->get<std::string>().empty())
            return Status(StatusCode::Invalid, where + "." + std::string(language) + ": is missing");
        text.set(std::string(language), it->get<std::string>());
    }
    return text;
}

Result<Check> readCheck(const Json &value, const std::string &where)
{
    if (!value.is_object())
        return Status(StatusCode::Invalid, where + ": wants a check (a map)");
    Check check;
    check.where = where;
    check.spec = value;
    check.spec.erase("title");
    if (value.contains("title")) {
        Result<LocalizedText> title = localized(value["title"], where + ".title");
        if (!title.ok())
            return title.status();
        check.title = *title;
    }
    if (Status s = validateCheck(check.spec, where); !s.ok())
        return s;
    return check;
}

Result<std::vector<Action>> readActions(const Json &value, const std::string &where, const std::string &dir)
{
    std::vector<Action> actions;
    if (value.is_null())
        return actions;
    if (!value.is_array())
        return Status(StatusCode::Invalid, where + ": wants a list of actions");
    for (std::size_t i = 0; i < value.size(); ++i) {
        Result<Action> action = readAction(value[i], where + "[" + std::to_string(i) + "]", dir);
        if (!action.ok())
            return action.status();
        actions.push_back(std::move(*action));
    }
    return actions;
}

Result<std::chrono::seconds> readSeconds(const Json &owner, const char *key, std::chrono::seconds fallback,
                                         const std::string &where)
{
    const auto it = owner.find(key);
    if (it == owner.end())
        return fallback;
    std::optional<std::chrono::nanoseconds> d = it->is_string() ? lab::parseDuration(it->get<std::string>())
                                                                : std::nullopt;
    if (!d || *d <= std::chrono::nanoseconds(0))
        return Status(StatusCode::Invalid, where + "." + key + ": wants a duration like \"30s\" or \"2m\"");
    return std::chrono::ceil<std::chrono::seconds>(*d);
}

Result<Exercise> readExercise(const Json &value, const std::string &where, const std::string &dir)
{
    if (!value.is_object())
        return Status(StatusCode::Invalid, where + ": wants a map");
    Exercise exercise;
    for (std::size_t i = 0; const Json &hint : value.value("hints", Json::array())) {
        Result<LocalizedText> text = localized(hint, where + ".hints[" + std::to_string(i++) + "]");
        if (!text.ok())
            return text.status();
        exercise.hints.push_back(*text);
    }
    if (!value.contains("check"))
        return Status(StatusCode::Invalid, where + ".check: is missing (an exercise is checked on the cluster)");
    Result<Check> check = readCheck(value["check"], where + ".check");
    if (!check.ok())
        return check.status();
    exercise.check = *check;
    Result<std::chrono::seconds> timeout = readSeconds(value, "timeout", exercise.timeout, where);
    if (!timeout.ok())
        return timeout.status();
    exercise.timeout = *timeout;
    Result<std::vector<Action>> solution = readActions(value.value("solution", Json()), where + ".solution", dir);
    if (!solution.ok())
        return solution.status();
    Result<std::vector<Action>> wrong = readActions(value.value("wrong", Json()), where + ".wrong", dir);
    if (!wrong.ok())
        return wrong.status();
    if (solution->empty() || wrong->empty())
        return Status(StatusCode::Invalid, where + ": needs a reference solution and a plausible wrong one (CI proves both)");
    exercise.solution = std::move(*solution);
    exercise.wrong = std::move(*wrong);
    return exercise;
}

Result<Focus> readFocus(const Json &value, const std::string &where)
{
    if (!value.is_object() || !value.contains("view") || !value["view"].is_string())
        return Status(StatusCode::Invalid, where + ".view: is missing");
    Focus focus;
    focus.view = value["view"].get<std::string>();
    if (std::find(kViews.begin(), kViews.end(), focus.view) == kViews.end())
        return Status(StatusCode::Invalid, where + ".view: unknown view \"" + focus.view + "\"");
    if (value.contains("object")) {
        if (!value["object"].is_object() || !value["object"].contains("kind"))
            return Status(StatusCode::Invalid, where + ".object: wants {kind, namespace, name}");
        focus.object = value["object"];
    }
    if (value.contains("step")) {
        if (!value["step"].is_number_integer())
            return Status(StatusCode::Invalid, where + ".step: wants a number");
        focus.sequenceStep = value["step"].get<int>();
    }
    if (value.contains("node") && value["node"].is_string())
        focus.node = value["node"].get<std::string>();
    return focus;
}

Result<Step> readStep(const Json &value, const std::string &where, const std::string &dir)
{
    Step step;
    if (!value.is_object() || !value.contains("id") || !value["id"].is_string())
        return Status(StatusCode::Invalid, where + ".id: is missing");
    step.id = value["id"].get<std::string>();
    Result<LocalizedText> title = localized(value.value("title", Json()), where + ".title");
    if (!title.ok())
        return title.status();
    step.title = *title;
    for (std::string_view language : kLanguages) {
        const QString path = QString::fromStdString(dir + "/narration/" + std::string(language) + "/" + step.id + ".md");
        Result<std::string> text = readText(path);
        if (!text.ok())
            return Status(StatusCode::Invalid, where + ": no narration in " + std::string(language) + " (" +
                                                   path.toStdString() + ")");
        step.narration.set(std::string(language), *text);
    }
    Result<std::vector<Action>> actions = readActions(value.value("actions", Json()), where + ".actions", dir);
    if (!actions.ok())
        return actions.status();
    step.actions = std::move(*actions);
    if (value.contains("focus")) {
        Result<Focus> focus = readFocus(value["focus"], where + ".focus");
        if (!focus.ok())
            return focus.status();
        step.focus = *focus;
    }
    const Json checks = value.value("checks", Json::array());
    if (!checks.is_array())
        return Status(StatusCode::Invalid, where + ".checks: wants a list");
    for (std::size_t i = 0; i < checks.size(); ++i) {
        Result<Check> check = readCheck(checks[i], where + ".checks[" + std::to_string(i) + "]");
        if (!check.ok())
            return check.status();
        step.checks.push_back(*check);
    }
    if (value.contains("exercise")) {
        Result<Exercise> exercise = readExercise(value["exercise"], where + ".exercise", dir);
        if (!exercise.ok())
            return exercise.status();
        step.exercise = std::move(*exercise);
    }
    Result<std::chrono::seconds> timeout = readSeconds(value, "timeout", step.timeout, where);
    if (!timeout.ok())
        return timeout.status();
    step.timeout = *timeout;
    return step;
}

Result<ClusterSpec> readCluster(const Json &value)
{
    ClusterSpec cluster;
    if (value.is_null())
        return cluster;
    if (!value.is_object())
        return Status(StatusCode::Invalid, "cluster: wants a map");
    if (value.contains("nodes") && value["nodes"].is_array()) {
        Result<std::vector<kubelet::NodeSpec>> nodes = lab::readNodeEntries(value["nodes"], "cluster.nodes");
        if (!nodes.ok())
            return nodes.status();
        if (nodes->size() > 50)
            return Status(StatusCode::Invalid, "cluster.nodes: a lesson runs at most 50 nodes");
        cluster.nodeSpecs = std::move(*nodes);
        cluster.nodes = int(cluster.nodeSpecs.size());
    } else if (value.contains("nodes")) {
        if (!value["nodes"].is_number_integer() || value["nodes"].get<int>() < 0 || value["nodes"].get<int>() > 50)
            return Status(StatusCode::Invalid, "cluster.nodes: wants a number from 0 to 50, or a list of nodes");
        cluster.nodes = value["nodes"].get<int>();
    }
    if (value.contains("proxyMode")) {
        const std::string mode = value["proxyMode"].is_string() ? value["proxyMode"].get<std::string>() : "";
        if (mode != "iptables" && mode != "ipvs" && mode != "nftables")
            return Status(StatusCode::Invalid, "cluster.proxyMode: wants iptables, ipvs or nftables");
        cluster.proxyMode = mode;
    }
    if (value.contains("seed")) {
        if (!value["seed"].is_number_integer() || value["seed"].get<long long>() < 0)
            return Status(StatusCode::Invalid, "cluster.seed: wants a positive number");
        cluster.seed = value["seed"].get<std::uint64_t>();
    }
    return cluster;
}

} // namespace

const std::string &LocalizedText::text(std::string_view language) const
{
    if (auto it = m_texts.find(language); it != m_texts.end())
        return it->second;
    if (auto it = m_texts.find(kLanguages[0]); it != m_texts.end())
        return it->second;
    return m_texts.empty() ? kEmpty : m_texts.begin()->second;
}

int Lesson::exerciseCount() const
{
    return static_cast<int>(std::count_if(steps.begin(), steps.end(), [](const Step &s) { return s.exercise.has_value(); }));
}

Result<Lesson> loadLesson(const std::string &dir)
{
    const std::string file = dir + "/lesson.yaml";
    Result<std::string> text = readText(QString::fromStdString(file));
    if (!text.ok())
        return Status(StatusCode::NotFound, "no lesson in " + dir + " (" + text.status().message() + ")");
    Result<Json> parsed = api::parseYaml(*text);
    if (!parsed.ok())
        return invalid(file, "", parsed.status().message());
    const Json &root = *parsed;
    if (!root.is_object())
        return invalid(file, "", "wants a map");
    Lesson lesson;
    lesson.dir = dir;
    if (!root.contains("id") || !root["id"].is_string() || root["id"].get<std::string>().empty())
        return invalid(file, "id", "is missing");
    lesson.id = root["id"].get<std::string>();
    if (!root.contains("number") || !root["number"].is_number_integer())
        return invalid(file, "number", "wants the chapter number");
    lesson.number = root["number"].get<int>();
    Result<LocalizedText> title = localized(root.value("title", Json()), "title");
    if (!title.ok())
        return invalid(file, "", title.status().message());
    lesson.title = *title;
    Result<LocalizedText> summary = localized(root.value("summary", Json()), "summary");
    if (!summary.ok())
        return invalid(file, "", summary.status().message());
    lesson.summary = *summary;
    for (const Json &p : root.value("prerequisites", Json::array()))
        if (p.is_string())
            lesson.prerequisites.push_back(p.get<std::string>());
    Result<ClusterSpec> cluster = readCluster(root.value("cluster", Json()));
    if (!cluster.ok())
        return invalid(file, "", cluster.status().message());
    lesson.cluster = *cluster;
    const Json steps = root.value("steps", Json::array());
    if (!steps.is_array() || steps.empty())
        return invalid(file, "steps", "wants at least one step");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        Result<Step> step = readStep(steps[i], "steps[" + std::to_string(i) + "]", dir);
        if (!step.ok())
            return invalid(file, "", step.status().message());
        for (const Step &earlier : lesson.steps)
            if (earlier.id == step->id)
                return invalid(file, "steps[" + std::to_string(i) + "].id", "\"" + step->id + "\" is used twice");
        lesson.steps.push_back(std::move(*step));
    }
    return lesson;
}

Result<std::vector<Lesson>> loadLessons(const std::string &root)
{
    QDir dir(QString::fromStdString(root));
    if (!dir.exists())
        return Status(StatusCode::NotFound, "no lessons folder " + root);
    std::vector<Lesson> lessons;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString folder = dir.filePath(name);
        if (!QFileInfo::exists(folder + QStringLiteral("/lesson.yaml")))
            continue;
        Result<Lesson> lesson = loadLesson(folder.toStdString());
        if (!lesson.ok())
            return lesson.status();
        for (const Lesson &other : lessons)
            if (other.id == lesson->id || other.number == lesson->number)
                return Status(StatusCode::Invalid, folder.toStdString() + ": id or number already used by " + other.dir);
        lessons.push_back(std::move(*lesson));
    }
    std::sort(lessons.begin(), lessons.end(), [](const Lesson &a, const Lesson &b) { return a.number < b.number; });
    return lessons;
}

std::string defaultLessonsDir()
{
    if (const char *env = std::getenv("K8SLAB_LESSONS"); env && *env)
        return env;
    // A build run in place reads the lessons being written; an installed one its copy.
    const QString source = QStringLiteral(K8SLAB_SOURCE_LESSONS_DIR);
    if (QFileInfo::exists(source))
        return source.toStdString();
    return K8SLAB_INSTALLED_LESSONS_DIR;
}

const Lesson *findLesson(const std::vector<Lesson> &lessons, std::string_view idOrNumber)
{
    for (const Lesson &lesson : lessons)
        if (lesson.id == idOrNumber)
            return &lesson;
    const std::string text(idOrNumber);
    char *end = nullptr;
    const long number = std::strtol(text.c_str(), &end, 10);
    if (!text.empty() && end && *end == '\0')
        for (const Lesson &lesson : lessons)
            if (lesson.number == number)
                return &lesson;
    return nullptr;
}

} // namespace k8slab::lesson
