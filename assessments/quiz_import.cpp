#include "assessments/quiz_import.h"

#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

constexpr size_t kMaxIdLength = 48;

// `d` as a Status: its reason and parameters, `message` as the message.
Status AsStatus(const Diagnostic& d, std::string message) {
  Status why = Why(std::move(message), d.reason.c_str());
  for (const auto& [name, value] : d.params) why = std::move(why).WithParam(name, value);
  return why;
}

// ParseQuiz; its first error as an InvalidArgument "line N: message" when it
// does not parse, or `problem` set to that error.
Result<Quiz> ParseQuizText(const std::string& text, Diagnostic* problem = nullptr) {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz(text, diags);
  if (quiz) return *quiz;
  for (const Diagnostic& d : all.items()) {
    if (d.severity != Severity::kError) continue;
    if (problem != nullptr) *problem = d;
    return AsStatus(d, "line " + std::to_string(d.line) + ": " + d.message)
        .WithParam("line", d.line);
  }
  return Status::InvalidArgument("quiz.md does not parse");
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// True for characters that start a Markdown block (or a quiz.md weight) at
// the start of a line and so must be escaped there.
bool StartsBlock(char c) {
  switch (c) {
    case '#':
    case '>':
    case '-':
    case '+':
    case '=':
    case '~':
    case '|':
    case '(':
      return true;
    default:
      return false;
  }
}

bool AlwaysEscaped(char c) {
  switch (c) {
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '<':
    case '&':
      return true;
    default:
      return false;
  }
}

// One trimmed line of plain text, escaped.
std::string EscapeLine(std::string_view line) {
  std::string out;
  size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    // "1." or "1)" starts an ordered list.
    const bool list_mark = digits > 0 && i == digits && (c == '.' || c == ')');
    if (AlwaysEscaped(c) || (i == 0 && StartsBlock(c)) || list_mark) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string QuestionIdFromName(std::string_view name) {
  const std::string folded = FoldForSearch(name);
  std::string id;
  for (char c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (IsAsciiAlnum(c)) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  if (id.size() > kMaxIdLength) {
    const size_t dash = id.rfind('-', kMaxIdLength);
    id.resize(dash != std::string::npos && dash > 0 ? dash : kMaxIdLength);
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

void AssignUniqueIds(std::vector<Question>& questions, const std::set<std::string>& taken) {
  std::set<std::string> used = taken;
  for (size_t i = 0; i < questions.size(); ++i) {
    std::string& id = questions[i].id;
    if (id.empty()) id = "q" + std::to_string(i + 1);
    if (used.count(id) > 0) {
      int n = 2;
      while (used.count(id + "-" + std::to_string(n)) > 0) ++n;
      id += "-" + std::to_string(n);
    }
    used.insert(id);
  }
}

std::string PlainTextToMarkdown(std::string_view text, bool keep_line_breaks) {
  std::string out;
  bool pending_break = false;  // a blank line was seen since the last text line
  for (std::string_view raw : SplitLines(text)) {
    const std::string_view line = Trim(raw);
    if (line.empty()) {
      pending_break = !out.empty();
      continue;
    }
    if (pending_break) {
      out += "\n\n";
    } else if (!out.empty()) {
      out += keep_line_breaks ? "\\\n" : "\n";
    }
    pending_break = false;
    out += EscapeLine(line);
  }
  return out;
}

bool CheckStorable(const Question& q, int source_line, FileDiagnostics& diags) {
  Quiz quiz;
  quiz.settings.title = "import";
  quiz.questions.push_back(q);
  Diagnostic problem;
  auto back = ParseQuizText(WriteQuiz(quiz), &problem);
  if (!back.ok()) {
    // The problem quiz.md's rules find, said at the imported question.
    diags.Error(source_line, AsStatus(problem, "cannot be stored in quiz.md: " + problem.message));
    return false;
  }
  if (back->questions.size() != 1 || back->questions[0] != q) {
    diags.Error(source_line,
                Why("cannot be stored in quiz.md as it is: its text holds a line quiz.md reads "
                    "as a question heading ('## '), an answer ('- [ ] ...', '- a -> b') or a "
                    "weight ('(50%)')",
                    "question_not_storable"));
    return false;
  }
  return true;
}

Result<std::string> ImportIntoQuiz(const std::optional<std::string>& existing_quiz_md,
                                   const ImportedQuestions& imported, ImportMode mode,
                                   const std::string& default_title) {
  Quiz quiz;
  quiz.settings.title = default_title;
  if (existing_quiz_md) {
    auto existing = ParseQuizText(*existing_quiz_md);
    if (!existing.ok()) {
      Status s = Status::InvalidArgument("the course's quiz.md has errors: " +
                                         existing.status().message())
                     .WithReason("quiz_import_existing_invalid");
      for (const auto& [name, value] : existing.status().params()) {
        s = std::move(s).WithParam(name, value);
      }
      return s;
    }
    quiz.settings = existing->settings;
    quiz.intro_markdown = existing->intro_markdown;
    if (mode == ImportMode::kAppend) quiz.questions = std::move(existing->questions);
  }
  std::set<std::string> taken;
  for (const Question& q : quiz.questions) taken.insert(q.id);
  std::vector<Question> added = imported.questions;
  AssignUniqueIds(added, taken);
  for (Question& q : added) {
    q.line = 0;
    quiz.questions.push_back(std::move(q));
  }
  std::string text = WriteQuiz(quiz);
  auto check = ParseQuizText(text);
  if (!check.ok()) {
    Status s = Status::InvalidArgument("the quiz with the imported questions would not be valid: " +
                                       check.status().message())
                   .WithReason("quiz_import_invalid");
    for (const auto& [name, value] : check.status().params()) {
      s = std::move(s).WithParam(name, value);
    }
    return s;
  }
  return text;
}

void ForEachUtf8Line(std::string_view text, FileDiagnostics& diags,
                     const std::function<void(std::string_view line, int number)>& read) {
  const std::vector<std::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int n = static_cast<int>(i) + 1;
    if (IsValidUtf8(lines[i])) {
      read(lines[i], n);
    } else {
      diags.Error(n, Why("line is not valid UTF-8: save the file as UTF-8", "file_not_utf8"));
    }
  }
}

}  // namespace lophoc::assessments
