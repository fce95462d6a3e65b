#include "assessments/quiz_parser.h"

#include <charconv>
#include <limits>
#include <map>
#include <vector>

#include "assessments/question_parser.h"
#include "assessments/quiz_numbers.h"
#include "kernel/front_matter.h"
#include "kernel/text.h"

namespace lophoc::assessments {
namespace {

const std::vector<FrontMatterKey> kQuizKeys = {
    {"title", true, false},    {"pass_mark", false, false},  {"attempts", false, false},
    {"grading", false, false}, {"time_limit", false, false}, {"late", false, false},
    {"draw", false, false},    {"shuffle", false, false},
};

// A whole number >= 1 that fits in an int.
std::optional<int> ParsePositiveInt(std::string_view s) {
  int value = 0;
  const char* last = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), last, value);
  if (ec != std::errc() || ptr != last || value < 1) return std::nullopt;
  return value;
}

// Reads one setting; reports a value the format does not allow.
void ReadSetting(const FrontMatterEntry& e, QuizSettings& s, FileDiagnostics& diags) {
  const std::string& v = e.value;
  auto bad = [&](const std::string& rule, const char* reason) {
    diags.Error(e.line, Why("'" + e.key + "' " + rule, reason).WithParam("key", e.key));
  };
  if (e.key == "pass_mark") {
    auto mark = ParseDecimal(v);
    if (!mark || *mark < 0 || *mark > 100) {
      return bad("must be a number from 0 to 100", "quiz_pass_mark_invalid");
    }
    s.pass_mark = *mark;
  } else if (e.key == "attempts") {
    if (v == "unlimited") return;
    s.max_attempts = ParsePositiveInt(v);
    if (!s.max_attempts) {
      bad("must be a whole number of at least 1, or 'unlimited'", "quiz_attempts_invalid");
    }
  } else if (e.key == "grading") {
    auto grading = GradingMethodFromName(v);
    if (!grading) return bad("must be highest, last, first or average", "quiz_grading_invalid");
    s.grading = *grading;
  } else if (e.key == "time_limit") {
    s.time_limit_minutes = ParsePositiveInt(v);
    if (!s.time_limit_minutes) {
      bad("must be a whole number of minutes, at least 1", "quiz_time_limit_invalid");
    }
  } else if (e.key == "late") {
    auto late = LatePolicyFromName(v);
    if (!late) return bad("must be reject or mark", "quiz_late_invalid");
    s.late = *late;
  } else if (e.key == "draw") {
    s.draw = ParsePositiveInt(v);
    if (!s.draw) bad("must be a whole number of at least 1", "quiz_draw_invalid");
  } else if (e.key == "shuffle") {
    if (v != "true" && v != "false") return bad("must be true or false", "quiz_shuffle_invalid");
    s.shuffle = v == "true";
  }
}

void ReadSettings(const FrontMatter& fm, QuizSettings& s, FileDiagnostics& diags) {
  CheckFrontMatterKeys(fm, kQuizKeys, diags);
  s.title = FrontMatterString(fm, "title");
  for (const auto& e : fm.entries) {
    if (!e.is_list) ReadSetting(e, s, diags);  // lists were reported above
  }
}

// Reads the introduction and the questions; returns the number of question headings.
int ReadBody(const FrontMatter& fm, Quiz& quiz, FileDiagnostics& diags) {
  const std::vector<std::string_view> lines = SplitLines(fm.body);
  std::vector<size_t> headings;
  std::string fence;
  size_t fence_start = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (TrackCodeFence(lines[i], fence)) {
      fence_start = i;
    } else if (fence.empty() && IsQuestionHeading(lines[i])) {
      headings.push_back(i);
    }
  }
  if (!fence.empty()) {
    diags.Error(fm.body_first_line + static_cast<int>(fence_start),
                Why("code block is not closed: add a line '" + fence + "' after it",
                    "quiz_code_block_unclosed")
                    .WithParam("fence", fence));
  } else if (headings.empty()) {
    diags.Error(0, Why("quiz has no questions: start one with a line '## question-id [type]'",
                       "quiz_no_questions"));
  }
  headings.push_back(lines.size());
  // The introduction, without the blank lines around it.
  size_t first = 0;
  size_t end = headings.front();
  while (first < end && Trim(lines[first]).empty()) ++first;
  while (end > first && Trim(lines[end - 1]).empty()) --end;
  for (size_t i = first; i < end; ++i) {
    if (i > first) quiz.intro_markdown += '\n';
    quiz.intro_markdown.append(lines[i]);
  }
  std::map<std::string, int> id_lines;
  for (size_t h = 0; h + 1 < headings.size(); ++h) {
    const std::vector<std::string_view> slice(lines.begin() + headings[h],
                                              lines.begin() + headings[h + 1]);
    const int line = fm.body_first_line + static_cast<int>(headings[h]);
    auto q = ParseQuestion(slice, line, diags);
    if (!q) continue;
    auto [it, added] = id_lines.emplace(q->id, line);
    if (!added) {
      diags.Error(line, Why("duplicate question id '" + q->id + "' (first used on line " +
                                std::to_string(it->second) + ")",
                            "question_id_twice")
                            .WithParam("id", q->id)
                            .WithParam("first_line", it->second));
    }
    quiz.questions.push_back(std::move(*q));
  }
  return static_cast<int>(headings.size()) - 1;
}

}  // namespace

std::optional<Quiz> ParseQuiz(std::string_view text, FileDiagnostics& diags) {
  const int errors_before = diags.sink()->ErrorCount();
  const std::vector<std::string_view> all_lines = SplitLines(text);
  for (size_t i = 0; i < all_lines.size(); ++i) {
    if (!IsValidUtf8(all_lines[i])) {
      diags.Error(static_cast<int>(i) + 1,
                  Why("line is not valid UTF-8: save the file as UTF-8", "file_not_utf8"));
    }
  }
  auto fm = ParseFrontMatter(text, diags);
  if (!fm) return std::nullopt;
  Quiz quiz;
  ReadSettings(*fm, quiz.settings, diags);
  const int questions = ReadBody(*fm, quiz, diags);
  const FrontMatterEntry* draw = fm->Find("draw");
  if (draw != nullptr && quiz.settings.draw && questions > 0 && *quiz.settings.draw > questions) {
    diags.Error(draw->line, Why("'draw' is " + std::to_string(*quiz.settings.draw) +
                                    " but the quiz has only " + std::to_string(questions) +
                                    " questions",
                                "quiz_draw_too_many")
                                .WithParam("draw", *quiz.settings.draw)
                                .WithParam("count", questions));
  }
  if (diags.sink()->ErrorCount() > errors_before) return std::nullopt;
  return quiz;
}

}  // namespace lophoc::assessments
