#include "core/kubelet/exec_session.h"

#include <cstdlib>
#include <utility>

namespace k8slab::kubelet {

namespace {

std::string baseName(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// `exit`, `exit 3`: the shell's own word, which ends the session.
bool parseExit(const std::string &line, int lastExit, int &code)
{
    if (line != "exit" && line.rfind("exit ", 0) != 0)
        return false;
    const std::string argument = trimmed(line.substr(4));
    code = argument.empty() ? lastExit : std::atoi(argument.c_str()) & 0xFF;
    return true;
}

} // namespace

std::string commandLine(const std::vector<std::string> &command)
{
    std::string text;
    for (const std::string &word : command)
        text += (text.empty() ? "" : " ") + word;
    return text;
}

bool isInteractiveShell(const std::vector<std::string> &command)
{
    if (command.empty())
        return false;
    const std::string name = baseName(command.front());
    if (name != "sh" && name != "ash" && name != "bash")
        return false;
    for (std::size_t i = 1; i < command.size(); ++i)
        if (command[i] == "-c")
            return false;
    return true;
}

ExecSession::ExecSession(apiserver::RemoteCommandOptions options, std::string prompt, Runner run,
                         apiserver::RemoteCommandOutput output)
    : m_options(std::move(options)), m_prompt(std::move(prompt)), m_run(std::move(run)), m_output(std::move(output))
{
    if (m_options.stdinOpen && isInteractiveShell(m_options.command))
        m_mode = Mode::Shell;
    else if (m_options.stdinOpen && m_options.command.size() == 1 && baseName(m_options.command.front()) == "cat")
        m_mode = Mode::Copy;
}

void ExecSession::start()
{
    if (m_mode == Mode::Shell) {
        showPrompt();
        return;
    }
    if (m_mode == Mode::Copy)
        return;
    Result<ExecResult> result = m_run(m_options.command);
    if (!result.ok()) {
        finish(-1, result.status().message());
        return;
    }
    write(result->stdoutText, false);
    write(result->stderrText, true);
    finish(result->exitCode, result->exitCode == 0 ? std::string()
                                                   : "command terminated with non-zero exit code: error executing command ["
                                                         + commandLine(m_options.command) + "], exit code "
                                                         + std::to_string(result->exitCode));
}

void ExecSession::input(const std::string &bytes)
{
    for (const char c : bytes) {
        if (m_finished)
            return;
        if (m_mode == Mode::Copy && !m_options.tty) {
            write(std::string(1, c), false);
            continue;
        }
        typed(c);
    }
}

void ExecSession::typed(char c)
{
    if (!m_options.tty) {
        if (c == '\n')
            submit();
        else
            m_line += c;
        return;
    }
    // A terminal's line discipline (canonical mode with echo).
    if (m_escape == 1) {
        m_escape = c == '[' ? 2 : 0;
        return;
    }
    if (m_escape == 2) {
        if (c >= 0x40 && c <= 0x7E)
            m_escape = 0;
        return;
    }
    switch (c) {
    case '\x1b':
        m_escape = 1;
        return;
    case '\r':
    case '\n':
        write("\n", false);
        submit();
        return;
    case '\x7f':
    case '\b':
        if (!m_line.empty()) {
            m_line.pop_back();
            write("\b \b", false);
        }
        return;
    case '\x03': // Ctrl-C: the line is dropped, the shell asks again
        write("^C\n", false);
        m_line.clear();
        showPrompt();
        return;
    case '\x04': // Ctrl-D: end of input at an empty line
        if (m_line.empty()) {
            if (m_mode == Mode::Shell)
                write("exit\n", false);
            finish(m_lastExit, {});
        }
        return;
    default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            return;
        m_line += c;
        write(std::string(1, c), false);
    }
}

void ExecSession::submit()
{
    std::string line = std::move(m_line);
    m_line.clear();
    if (m_mode == Mode::Copy) {
        if (!m_options.tty)
            return; // copied as it came
        write(line + "\n", false);
        return;
    }
    runLine(line);
}

void ExecSession::runLine(const std::string &raw)
{
    const std::string line = trimmed(raw);
    int code = 0;
    if (parseExit(line, m_lastExit, code)) {
        finish(code, code == 0 ? std::string() : "command terminated with non-zero exit code: exit status " + std::to_string(code));
        return;
    }
    if (line == "stty size") { // the terminal's own question, answered where the terminal is
        if (m_options.tty)
            write(std::to_string(m_height) + " " + std::to_string(m_width) + "\n", false);
        else
            write("stty: standard input: Not a tty\n", true);
        m_lastExit = m_options.tty ? 0 : 1;
    } else if (!line.empty()) {
        Result<ExecResult> result = m_run({"sh", "-c", line});
        if (!result.ok()) {
            finish(-1, result.status().message());
            return;
        }
        write(result->stdoutText, false);
        write(result->stderrText, true);
        m_lastExit = result->exitCode;
    }
    showPrompt();
}

void ExecSession::showPrompt()
{
    if (m_options.tty && !m_finished)
        write(m_prompt, false);
}

void ExecSession::write(const std::string &text, bool toStderr)
{
    if (text.empty() || m_finished)
        return;
    std::string bytes = text;
    if (m_options.tty) {
        // onlcr: a terminal turns each newline into carriage return + newline.
        bytes.clear();
        for (const char c : text) {
            if (c == '\n')
                bytes += '\r';
            bytes += c;
        }
        toStderr = false; // a terminal has one output
    }
    if (toStderr ? !m_options.stderrOpen : !m_options.stdoutOpen)
        return;
    m_output.write(toStderr ? apiserver::channel::kStderr : apiserver::channel::kStdout, std::move(bytes));
}

void ExecSession::resize(int width, int height)
{
    if (width > 0 && height > 0) {
        m_width = width;
        m_height = height;
    }
}

void ExecSession::closeInput()
{
    if (m_finished)
        return;
    if (!m_line.empty() && m_mode == Mode::Shell)
        runLine(m_line);
    if (!m_finished)
        finish(m_lastExit, m_lastExit == 0 ? std::string() : "command terminated with non-zero exit code: exit status " + std::to_string(m_lastExit));
}

void ExecSession::finish(int exitCode, const std::string &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_output.finish(exitCode, message);
}

} // namespace k8slab::kubelet
