#include "assessments/aiken_parser.h"

#include <string>
#include <vector>

#include "assessments/quiz_import.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

// "B. text" or "B) text": sets `letter` and `text`.
bool ReadOption(std::string_view line, char& letter, std::string_view& text) {
  if (line.size() < 3 || line[0] < 'A' || line[0] > 'Z') return false;
  if ((line[1] != '.' && line[1] != ')') || (line[2] != ' ' && line[2] != '\t')) return false;
  letter = line[0];
  text = Trim(line.substr(2));
  return true;
}

// "ANSWER: B" (any case); sets `rest` to what follows the colon.
bool ReadAnswerLine(std::string_view line, std::string_view& rest) {
  if (line.size() < 7 || FoldCase(line.substr(0, 7)) != "answer:") return false;
  rest = Trim(line.substr(7));
  return true;
}

// Reads questions line by line: text, options A, B, C..., then ANSWER.
class AikenReader {
 public:
  AikenReader(ImportedQuestions& out, FileDiagnostics& diags) : out_(out), diags_(diags) {}
  void Line(std::string_view line, int n);
  void Finish();

 private:
  enum class State { kIdle, kText, kOptions };

  void Start(std::string_view line, int n);
  void AddOption(char letter, std::string_view text, int n);
  void Answer(std::string_view letter, int n);
  void MissingAnswer();

  ImportedQuestions& out_;
  FileDiagnostics& diags_;
  State state_ = State::kIdle;
  Question q_;
  std::string text_;  // the question's plain text so far
  bool failed_ = false;
};

void AikenReader::Line(std::string_view raw, int n) {
  const std::string_view line = Trim(raw);
  if (line.empty()) return;  // blank lines may separate questions and their parts
  char letter = 0;
  std::string_view text;
  std::string_view answer;
  const bool option = ReadOption(line, letter, text);
  const bool answer_line = ReadAnswerLine(line, answer);
  switch (state_) {
    case State::kIdle:
      if (option || answer_line) {
        diags_.Error(n, Why(std::string(option ? "an option" : "'ANSWER:'") +
                                " before any question text: a question starts with its text",
                            option ? "aiken_option_before_question"
                                   : "aiken_answer_before_question"));
      } else {
        Start(line, n);
      }
      break;
    case State::kText:
      if (option) {
        state_ = State::kOptions;
        AddOption(letter, text, n);
      } else if (answer_line) {
        diags_.Error(n, Why("'ANSWER:' before any option: list the options 'A. ...', 'B. ...' "
                            "first",
                            "aiken_answer_before_options"));
        state_ = State::kIdle;
      } else {
        text_ += "\n" + std::string(line);
      }
      break;
    case State::kOptions:
      if (option) {
        AddOption(letter, text, n);
      } else if (answer_line) {
        Answer(answer, n);
      } else {
        MissingAnswer();
        Start(line, n);
      }
      break;
  }
}

void AikenReader::Start(std::string_view line, int n) {
  q_ = Question();
  q_.type = QuestionType::kSingle;
  q_.line = n;
  text_ = std::string(line);
  failed_ = false;
  state_ = State::kText;
}

void AikenReader::AddOption(char letter, std::string_view text, int n) {
  const char expected = static_cast<char>('A' + q_.choices.size());
  if (letter != expected) {
    diags_.Error(n, Why(std::string("options must be in order A, B, C...: expected '") +
                            expected + ".' here, found '" + letter + ".'",
                        "aiken_option_order")
                        .WithParam("expected", std::string(1, expected) + ".")
                        .WithParam("found", std::string(1, letter) + "."));
    failed_ = true;
  }
  Choice c;
  c.text = PlainTextToMarkdown(text, false);
  q_.choices.push_back(std::move(c));
}

void AikenReader::Answer(std::string_view letter, int n) {
  state_ = State::kIdle;
  const size_t count = q_.choices.size();
  const char last = static_cast<char>('A' + count - 1);
  char given = letter.size() == 1 ? letter[0] : '\0';
  if (given >= 'a' && given <= 'z') given = static_cast<char>(given - 'a' + 'A');
  if (count < 2) {
    diags_.Error(q_.line, Why("a question needs at least two options, found " +
                                  std::to_string(count),
                              "aiken_options_too_few")
                              .WithParam("count", count));
    failed_ = true;
  }
  if (given < 'A' || given > last) {
    diags_.Error(n, Why("'ANSWER: " + std::string(letter) +
                            "' names no option: write a letter from A to " + std::string(1, last),
                        "aiken_answer_unknown")
                        .WithParam("value", std::string(letter))
                        .WithParam("last", std::string(1, last)));
    failed_ = true;
  } else {
    q_.choices[static_cast<size_t>(given - 'A')].correct = true;
  }
  q_.stem_markdown = PlainTextToMarkdown(text_, true);
  if (failed_) return;
  Question check = q_;
  check.id = "q";  // ids are given once all questions are read
  if (CheckStorable(check, q_.line, diags_)) out_.questions.push_back(std::move(q_));
}

void AikenReader::MissingAnswer() {
  diags_.Error(q_.line, Why("question has no 'ANSWER: X' line after its options (each option is "
                            "one line 'A. text'; leave a blank line between questions)",
                            "aiken_answer_missing"));
  state_ = State::kIdle;
}

void AikenReader::Finish() {
  if (state_ != State::kIdle) MissingAnswer();
}

}  // namespace

std::optional<ImportedQuestions> ParseAiken(std::string_view text, FileDiagnostics& diags) {
  const int errors_before = diags.sink()->ErrorCount();
  ImportedQuestions out;
  AikenReader reader(out, diags);
  ForEachUtf8Line(text, diags, [&](std::string_view line, int n) { reader.Line(line, n); });
  reader.Finish();
  if (diags.sink()->ErrorCount() == errors_before && out.questions.empty()) {
    diags.Error(0, Why("no questions found: an Aiken question is its text, options 'A. ...', "
                       "'B. ...', then 'ANSWER: A'",
                       "aiken_no_questions"));
  }
  if (diags.sink()->ErrorCount() > errors_before) return std::nullopt;
  AssignUniqueIds(out.questions);
  return out;
}

}  // namespace lophoc::assessments
