// The table of refusals (server/http/refusals.cpp) against the real
// catalogues and the sources: every reason is said in Vietnamese and in
// English, and every reason written in code has an entry.
#include "server/http/refusals.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "assessments/aiken_parser.h"
#include "assessments/gift_parser.h"
#include "assessments/quiz_parser.h"
#include "server/http/i18n.h"

namespace lophoc::http {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = LOPHOC_SOURCE_DIR;

const Catalogues& RealCatalogues() {
  static const std::unique_ptr<Catalogues> catalogues = [] {
    auto loaded = Catalogues::Load(kSource / "static/i18n");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *catalogues;
}

// A value for every parameter a refusal may carry. A message naming any other
// {placeholder} would show it to people as it is.
const std::map<std::string, std::string> kParams = {
    {"line", "12"},         {"first_line", "3"},    {"column", "org"},  {"columns", "code,name"},
    {"position", "4"},      {"value", "HN-01"},     {"limit", "200"},   {"count", "2"},
    {"expected", "3"},      {"kind", "users"},      {"org", "HN"},      {"cycle", "A → B → A"},
    {"attribute", "points"}, {"draw", "5"},         {"entry", "a/b.md"}, {"fence", "```quiz"},
    {"field", "title"},     {"file", "01-bai.md"},  {"html", "<script>"}, {"id", "q3"},
    {"key", "audience"},    {"limit_kib", "64"},    {"limit_mib", "3"}, {"max", "10"},
    {"min", "1"},           {"number", "7"},        {"path", "media/a.png"}, {"slug", "tin-hoc"},
    {"target", "bai-2"},    {"type", "match"},      {"names", "an, binh"},
    {"item", "Hà Nội"},     {"brace", "{"},         {"format", "rtf"},  {"found", "C."},
    {"total", "80%"},       {"last", "D"},
    {"date", "14/03/2026"}, {"completed", "14/03/2026"}, {"starts_on", "01/01/2027"},
    {"ends_on", "31/03/2027"}, {"deadline", "31/12/2027"},
};

Status WithAllParams(const std::string& reason) {
  Status s = Status::InvalidArgument("test").WithReason(reason);
  for (const auto& [name, value] : kParams) s = std::move(s).WithParam(name, value);
  return s;
}

// The reason a Why(message, "reason") call names: its last argument, when
// that is a string literal. `open` is the index just past "Why(".
std::optional<std::string> WhyReason(const std::string& s, size_t open) {
  int depth = 1;
  std::string last_literal;
  bool literal_last = false;
  for (size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"') {
      std::string literal;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\') ++i;
        literal += s[i];
      }
      if (depth == 1) last_literal = literal;
      literal_last = depth == 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return literal_last ? std::optional(last_literal) : std::nullopt;
      literal_last = false;
    } else if (c == ',' && depth == 1) {
      literal_last = false;
    } else if (c != ' ' && c != '\n' && depth == 1) {
      literal_last = false;
    }
  }
  return std::nullopt;
}

// The reasons named in code: every WithReason("...") in the sources, and
// every Why(message, "reason") (kernel/diagnostics.h).
std::map<std::string, std::string> ReasonsInSources() {
  const std::regex with_reason(R"re(WithReason\(\s*"([^"]*)"\s*\))re");
  const std::regex why(R"re(\bWhy\()re");
  std::map<std::string, std::string> found;  // reason -> first file naming it
  for (const char* dir : {"kernel", "people", "courses", "assessments", "server"}) {
    for (const auto& entry : fs::recursive_directory_iterator(kSource / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      const std::string file = fs::relative(entry.path(), kSource).string();
      for (std::sregex_iterator it(s.begin(), s.end(), with_reason), end; it != end; ++it) {
        found.emplace((*it)[1].str(), file);
      }
      for (std::sregex_iterator it(s.begin(), s.end(), why), end; it != end; ++it) {
        const auto at = static_cast<size_t>(it->position() + it->length());
        if (auto reason = WhyReason(s, at)) found.emplace(*reason, file);
      }
    }
  }
  return found;
}

}  // namespace

TEST_CASE("every refusal is said in Vietnamese and English from the real catalogues",
          "[refusals][i18n]") {
  const Catalogues& i18n = RealCatalogues();
  const std::regex placeholder(R"(\{[a-z_]+\})");
  std::set<std::string> reasons;
  for (const RefusalEntry& e : RefusalTable()) {
    CAPTURE(e.reason, e.message_key);
    CHECK(reasons.insert(e.reason).second);  // each reason once
    CHECK(std::regex_match(e.reason, std::regex("[a-z][a-z0-9_]*")));
    CHECK(e.http_status >= 400);
    CHECK(e.http_status <= 599);
    const Status s = WithAllParams(e.reason);
    CHECK(std::string(RefusalFor(s).reason) == e.reason);
    std::map<std::string, std::string> said;
    for (const char* lang : kLanguages) {
      CAPTURE(lang);
      CHECK(i18n.For(lang).contains(e.message_key));
      const std::string text = SayRefusal(i18n, lang, s);
      CAPTURE(text);
      CHECK_FALSE(text.empty());
      CHECK(text != e.message_key);
      CHECK_FALSE(std::regex_search(text, placeholder));  // every {param} was filled
      said[lang] = text;
    }
    CHECK(said["vi"] != said["en"]);
  }
}

TEST_CASE("a refusal's parameters fill its message in the reader's language", "[refusals]") {
  const Catalogues& i18n = RealCatalogues();
  const Status dup = Status::AlreadyExists("code 'a1' already appears on line 2")
                         .WithReason("csv_duplicate")
                         .WithParam("first_line", 2);
  CHECK(SayRefusal(i18n, "vi", dup) == "Đã có ở dòng 2 của tệp này.");
  CHECK(SayRefusal(i18n, "en", dup) == "Appears already on line 2 of this file.");
  // Without a reason of its own, a Status is said as its code.
  CHECK(SayRefusal(i18n, "en", Status::NotFound("x")) == i18n.Text("en", "error_404_text"));
}

TEST_CASE("every reason written in the sources has an entry in the table", "[refusals]") {
  std::set<std::string> table;
  for (const RefusalEntry& e : RefusalTable()) table.insert(e.reason);
  const auto in_sources = ReasonsInSources();
  // The scan finds the reasons (a scan that finds nothing proves nothing).
  REQUIRE(in_sources.count("code_taken") == 1);
  REQUIRE(in_sources.count("csv_not_utf8") == 1);
  REQUIRE(in_sources.count("gift_brace_nested") == 1);     // Why("...", "reason") over lines
  REQUIRE(in_sources.count("question_heading_form") == 1);  // Why(...) in a helper
  for (const auto& [reason, file] : in_sources) {
    CAPTURE(reason, file);
    CHECK(table.count(reason) == 1);
  }
}

// One broken text per problem of the quiz parsers: each is reported with its
// reason, and no parser problem is left without a reason in the table.
TEST_CASE("every problem of quiz.md, GIFT and Aiken has a reason in the table",
          "[refusals][quiz]") {
  enum Format { kQuiz, kGift, kAiken };
  struct Case {
    Format format;
    std::string body;  // for kQuiz: what follows the front matter
    std::string reason;
  };
  const std::vector<Case> cases = {
      {kQuiz, "## q [single]\nText\n  > fb\n- [x] a\n- [ ] b\n", "question_feedback_misplaced"},
      {kQuiz, "## q [single]\nText\n- [x] a\n- [ ] b\n> g\n- [ ] c\n",
       "question_answer_after_feedback"},
      {kQuiz, "## q [matching]\nT\n- a -> 1\n  > fb\n- b -> 2\n", "question_pair_feedback"},
      {kQuiz, "## q [single]\nT\n- [x] a\n- [ ] b\nloose text\n", "question_text_after_answers"},
      {kQuiz, "## q [matching]\nT\n- a -> 1\n- b -> 2\nloose text\n", "question_text_after_pairs"},
      {kQuiz, "## q [essay]\nT\n  > guide\nloose text\n", "question_text_after_guidance"},
      {kQuiz, "## q [single]\nT\n- [x] (50%) a\n- [ ] b\n", "question_weight_not_allowed"},
      {kQuiz, "## q [short]\nT\n- [x] a\n- [ ] (50%) b\n", "question_weight_on_wrong"},
      {kQuiz, "## q [multiple]\nT\n- [x] (150%) a\n- [ ] b\n", "weight_out_of_range"},
      {kQuiz, "## q [single]\nT\n- [x] \n- [ ] b\n", "answer_text_empty"},
      {kQuiz, "## q [numeric]\nT\n- [x] (50%) 3 (50%)\n", "question_weight_twice"},
      {kQuiz, "## q [numeric]\nT\n- [x] ba\n", "numeric_unreadable"},
      {kQuiz, "## q [numeric]\nT\n- [x] 3 ± -1\n", "numeric_tolerance_negative"},
      {kQuiz, "## q [numeric]\nT\n- [x] 5..3\n", "numeric_min_over_max"},
      {kQuiz, "## q [numeric]\nT\n- [x] 3\n- [x] *\n", "numeric_other_checked"},
      {kQuiz, "## q [numeric]\nT\n- [x] 3\n- [ ] *\n- [ ] *\n", "numeric_other_twice"},
      {kQuiz, "## q [matching]\nT\n- a -> 1\n- b ->\n", "pair_right_missing"},
      {kQuiz, "## q [matching]\nT\n- a -> 1\n- a -> 2\n- b -> 3\n", "pair_left_twice"},
      {kQuiz, "## q [single]\n- [x] a\n- [ ] b\n", "question_text_empty"},
      {kQuiz, "## q [matching]\nT\n- a -> 1\n", "question_pairs_too_few"},
      {kQuiz, "## q [single]\nT\n", "question_no_answers"},
      {kQuiz, "## q [multiple]\nT\n- [x] a\n", "question_options_too_few"},
      {kQuiz, "## q [single]\nT\n- [x] a\n- [x] b\n", "question_single_correct_count"},
      {kQuiz, "## q [multiple]\nT\n- [ ] a\n- [ ] b\n", "question_multiple_no_correct"},
      {kQuiz, "## q [true-false]\nT\n- [x] a\n- [ ] b\n- [ ] c\n", "question_true_false_options"},
      {kQuiz, "## q [short]\nT\n- [ ] a\n", "question_no_accepted_answer"},
      {kQuiz, "## q [single]\nT\n- [x] a\n- [ ] b\n", "question_no_feedback"},  // a warning
      {kGift, "::name T {=a ~b}\n", "gift_name_unclosed"},
      {kGift, "Only a description.\n", "gift_no_answer_block"},
      {kGift, "T } {=a ~b}\n", "gift_brace_unopened"},
      {kGift, "T {=a ~b\n", "gift_brace_unclosed"},
      {kGift, "T {=a {~b}\n", "gift_brace_nested"},
      {kGift, "T {=a ~b} more {\n", "gift_brace_after_answers"},
      {kGift, "[rich] T {=a ~b}\n", "gift_format_unknown"},
      {kGift, "T <span>x</span> {=a ~b}\n", "gift_html"},  // a warning
      {kGift, "{=a ~b}\n", "question_text_empty"},
      {kGift, "T {true}\n", "gift_true_false_spelling"},  // a warning
      {kGift, "T {=a 1 =b -> 2 =c -> 3}\n", "gift_pair_form"},
      {kGift, "T {x =a -> 1 =b -> 2}\n", "gift_text_before_pairs"},
      {kGift, "T {x ~a =b}\n", "gift_text_before_choices"},
      {kGift, "T {~%50 a ~b}\n", "gift_weight_unclosed"},
      {kGift, "T {~%x% a ~b}\n", "gift_weight_not_number"},
      {kGift, "T {~%150% a ~b}\n", "weight_out_of_range"},
      {kGift, "T {= ~b}\n", "answer_text_empty"},
      {kGift, "// only a comment\n", "gift_no_questions"},
      {kGift, "T {~a}\n", "gift_options_too_few"},
      {kGift, "T {=%50%a ~b}\n", "gift_right_with_weight"},
      {kGift, "T {=a =b ~c}\n", "gift_second_right"},
      {kGift, "T {=a ~%50%b}\n", "gift_partial_beside_right"},
      {kGift, "T {~a ~b}\n", "gift_no_right_answer"},
      {kGift, "T {~%50%a ~b}\n", "gift_weights_under_full"},  // a warning
      {kGift, "T {=%0%a}\n", "gift_no_accepted_answer"},
      {kGift, "T {#=3 ~other}\n", "gift_other_feedback"},
      {kGift, "T {#}\n", "gift_numeric_empty"},
      {kGift, "T {#ba}\n", "gift_numeric_unreadable"},
      {kGift, "T {#5..3}\n", "numeric_min_over_max"},
      {kGift, "T {=a -> 1#fb =b -> 2}\n", "gift_pair_feedback"},
      {kGift, "T {=a -> 1 =b -> }\n", "pair_right_missing"},
      {kGift, "T {=a -> 1 =a -> 2 =b -> 3}\n", "pair_left_twice"},
      {kGift, "T {=a -> 1}\n", "gift_pairs_too_few"},
      {kGift, "T {=(50%) a}\n", "question_not_storable"},
      {kGift, "[markdown]T\n## heading {=a ~b}\n", "question_no_answers"},  // quiz.md's
      {kAiken, "A. a\n", "aiken_option_before_question"},
      {kAiken, "ANSWER: A\n", "aiken_answer_before_question"},
      {kAiken, "T\nANSWER: A\n", "aiken_answer_before_options"},
      {kAiken, "T\nA. a\nC. c\nANSWER: A\n", "aiken_option_order"},
      {kAiken, "T\nA. a\nANSWER: A\n", "aiken_options_too_few"},
      {kAiken, "T\nA. a\nB. b\nANSWER: E\n", "aiken_answer_unknown"},
      {kAiken, "T\nA. a\nB. b\n", "aiken_answer_missing"},
      {kAiken, "\n\n", "aiken_no_questions"},
      {kAiken, "T \xff\nA. a\nB. b\nANSWER: A\n", "file_not_utf8"},
  };
  const Catalogues& i18n = RealCatalogues();
  std::set<std::string> table;
  for (const RefusalEntry& e : RefusalTable()) table.insert(e.reason);
  for (const Case& c : cases) {
    CAPTURE(c.body, c.reason);
    Diagnostics all;
    FileDiagnostics diags(&all, "x");
    if (c.format == kQuiz) {
      assessments::ParseQuiz("---\ntitle: T\n---\n" + c.body, diags);
    } else if (c.format == kGift) {
      assessments::ParseGift(c.body, diags);
    } else {
      assessments::ParseAiken(c.body, diags);
    }
    REQUIRE_FALSE(all.items().empty());
    bool found = false;
    for (const Diagnostic& d : all.items()) {
      CAPTURE(d.ToString(), d.reason);
      CHECK(table.count(d.reason) == 1);  // no problem without a reason
      found = found || d.reason == c.reason;
    }
    CHECK(found);
    Status s = Status::InvalidArgument("x").WithReason(c.reason);
    for (const Diagnostic& d : all.items()) {
      if (d.reason != c.reason) continue;
      for (const auto& [name, value] : d.params) s = std::move(s).WithParam(name, value);
    }
    for (const char* lang : kLanguages) {  // the problem's own values fill its message
      const std::string text = SayRefusal(i18n, lang, s);
      CAPTURE(text);
      for (const auto& [name, value] : kParams) {
        CHECK(text.find("{" + name + "}") == std::string::npos);
      }
    }
  }
}

}  // namespace lophoc::http
