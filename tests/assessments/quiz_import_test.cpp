#include "assessments/quiz_import.h"

#include <catch2/catch.hpp>

#include "assessments/quiz_parser.h"
#include "courses/markdown.h"

namespace lophoc::assessments {
namespace {

const char kExisting[] =
    "---\ntitle: Kiểm tra cuối khóa\npass_mark: 70\nattempts: 3\nshuffle: true\n---\n\n"
    "Giới thiệu bài kiểm tra.\n\n"
    "## q1 [true-false]\nCũ một?\n- [x] Đúng\n- [ ] Sai\n> g\n"
    "## mo-thu-muc [single]\nCũ hai?\n- [x] a\n- [ ] b\n> g\n";

Question Imported(const std::string& id, const std::string& stem) {
  Question q;
  q.id = id;
  q.type = QuestionType::kSingle;
  q.stem_markdown = stem;
  q.choices = {{"có", true, 0, false, "đúng"}, {"không", false, 0, false, ""}};
  q.line = 7;  // a line of the import file, not of quiz.md
  return q;
}

Quiz Parse(const std::string& text) {
  Diagnostics all;
  FileDiagnostics diags(&all, "quiz.md");
  auto quiz = ParseQuiz(text, diags);
  for (const auto& d : all.items()) UNSCOPED_INFO(d.ToString());
  REQUIRE(quiz);
  return *quiz;
}

std::vector<std::string> Ids(const Quiz& quiz) {
  std::vector<std::string> ids;
  for (const Question& q : quiz.questions) ids.push_back(q.id);
  return ids;
}

// What cmark makes of one paragraph of plain text.
std::string HtmlParagraph(const std::string& text) {
  std::string out = "<p>";
  for (char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out + "</p>\n";
}

}  // namespace

TEST_CASE("imported questions replace or follow the existing ones", "[assessments][import]") {
  ImportedQuestions imported;
  imported.questions = {Imported("mo-thu-muc", "Mới một?"), Imported("q1", "Mới hai?"),
                        Imported("moi", "Mới ba?")};
  const auto [mode, ids] = GENERATE(table<ImportMode, std::vector<std::string>>({
      {ImportMode::kReplace, {"mo-thu-muc", "q1", "moi"}},
      {ImportMode::kAppend, {"q1", "mo-thu-muc", "mo-thu-muc-2", "q1-2", "moi"}},
  }));
  CAPTURE(static_cast<int>(mode));
  auto text = ImportIntoQuiz(std::string(kExisting), imported, mode, "không dùng");
  REQUIRE(text.ok());
  const Quiz quiz = Parse(*text);
  const Quiz existing = Parse(kExisting);
  CHECK(quiz.settings == existing.settings);
  CHECK(quiz.intro_markdown == "Giới thiệu bài kiểm tra.");
  CHECK(Ids(quiz) == ids);
  const size_t first_new = mode == ImportMode::kAppend ? 2 : 0;
  if (mode == ImportMode::kAppend) {
    CHECK(quiz.questions[0] == existing.questions[0]);
    CHECK(quiz.questions[1] == existing.questions[1]);
  }
  CHECK(quiz.questions[first_new].stem_markdown == "Mới một?");
  CHECK(quiz.questions[first_new].choices == imported.questions[0].choices);
}

TEST_CASE("a course without a quiz gets one with a default title", "[assessments][import]") {
  ImportedQuestions imported;
  imported.questions = {Imported("", "Một?"), Imported("", "Hai?")};
  const ImportMode mode = GENERATE(ImportMode::kReplace, ImportMode::kAppend);
  auto text = ImportIntoQuiz(std::nullopt, imported, mode, "Kiểm tra: Tin học");
  REQUIRE(text.ok());
  const Quiz quiz = Parse(*text);
  QuizSettings defaults;
  defaults.title = "Kiểm tra: Tin học";
  CHECK(quiz.settings == defaults);
  CHECK(quiz.intro_markdown.empty());
  CHECK(Ids(quiz) == std::vector<std::string>{"q1", "q2"});
}

TEST_CASE("an import that cannot make a valid quiz is refused", "[assessments][import]") {
  ImportedQuestions two;
  two.questions = {Imported("a", "A?"), Imported("b", "B?")};
  const auto [label, existing, imported, mode, message] = GENERATE_REF(
      table<std::string, std::optional<std::string>, ImportedQuestions, ImportMode, std::string>({
          {"existing quiz.md with errors", std::string("---\ntitle: x\n---\n## a [single]\nA?\n"),
           two, ImportMode::kAppend, "the course's quiz.md has errors: line 4"},
          {"nothing to import", std::nullopt, ImportedQuestions(), ImportMode::kReplace,
           "quiz has no questions"},
          {"draw larger than the questions left",
           std::string("---\ntitle: x\ndraw: 3\n---\n## a [true-false]\nA?\n- [x] Đúng\n- [ ] "
                       "Sai\n## b [true-false]\nB?\n- [x] Đúng\n- [ ] Sai\n## c [true-false]\n"
                       "C?\n- [x] Đúng\n- [ ] Sai\n"),
           two, ImportMode::kReplace, "'draw' is 3"},
          {"no title", std::nullopt, two, ImportMode::kReplace, "title"},
      }));
  CAPTURE(label);
  auto text = ImportIntoQuiz(existing, imported, mode, label == "no title" ? "" : "Kiểm tra");
  REQUIRE_FALSE(text.ok());
  CHECK(text.status().code() == StatusCode::kInvalidArgument);
  CAPTURE(text.status().message());
  CHECK(text.status().message().find(message) != std::string::npos);
}

TEST_CASE("appending the same draw-limited quiz keeps draw valid", "[assessments][import]") {
  const std::string existing =
      "---\ntitle: x\ndraw: 2\n---\n## a [true-false]\nA?\n- [x] Đúng\n- [ ] Sai\n"
      "## b [true-false]\nB?\n- [x] Đúng\n- [ ] Sai\n";
  ImportedQuestions one;
  one.questions = {Imported("a", "A mới?")};
  auto text = ImportIntoQuiz(existing, one, ImportMode::kAppend, "");
  REQUIRE(text.ok());
  const Quiz quiz = Parse(*text);
  CHECK(quiz.settings.draw == 2);
  CHECK(Ids(quiz) == std::vector<std::string>{"a", "b", "a-2"});
}

TEST_CASE("question ids are made from names", "[assessments][import]") {
  const auto [name, id] = GENERATE(table<std::string, std::string>({
      {"Câu 1: Thư mục", "cau-1-thu-muc"},
      {"ĐĂNG KÝ thẻ thư viện", "dang-ky-the-thu-vien"},
      {"--a--b--", "a-b"},
      {"Mục 2.3 (phần A)", "muc-2-3-phan-a"},
      {"???", ""},
      {"", ""},
      {std::string(60, 'x'), std::string(48, 'x')},
      {"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk",
       "aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh-iiii"},
  }));
  CAPTURE(name);
  CHECK(QuestionIdFromName(name) == id);
  CHECK(QuestionIdFromName(name).size() <= 48);
}

TEST_CASE("ids are made unique in order, never touching taken ones", "[assessments][import]") {
  const auto [ids, taken, expected] =
      GENERATE(table<std::vector<std::string>, std::set<std::string>, std::vector<std::string>>({
          {{"a", "b"}, {}, {"a", "b"}},
          {{"a", "a", "a"}, {}, {"a", "a-2", "a-3"}},
          {{"a", "a"}, {"a", "a-2"}, {"a-3", "a-4"}},
          {{"", "q1", ""}, {}, {"q1", "q1-2", "q3"}},
          {{"a-2", "a", "a"}, {}, {"a-2", "a", "a-3"}},
      }));
  std::vector<Question> questions(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) questions[i].id = ids[i];
  AssignUniqueIds(questions, taken);
  std::vector<std::string> got;
  for (const Question& q : questions) got.push_back(q.id);
  CHECK(got == expected);
}

TEST_CASE("plain text as Markdown shows the same characters", "[assessments][import]") {
  const std::string text =
      GENERATE(as<std::string>{}, "3 * 4 = 12", "a_b_c", "`mã` [liên kết](x)", "<b>đậm</b> & &amp;",
               "# không phải tiêu đề", "- không phải danh sách", "+ cũng không", "1. không đánh số",
               "12) cũng không", "> không trích dẫn", "=== không gạch", "~~~ không mã",
               "\\ gạch chéo \\", "(50%) không phải trọng số", "![ảnh](x.png)", "---", "***");
  CAPTURE(text);
  const std::string md = PlainTextToMarkdown(text, true);
  CAPTURE(md);
  CHECK(courses::RenderMarkdown(md).html == HtmlParagraph(text));
}

TEST_CASE("plain text line breaks", "[assessments][import]") {
  const auto [text, keep, md] = GENERATE(table<std::string, bool, std::string>({
      {"một\nhai", true, "một\\\nhai"},
      {"một\nhai", false, "một\nhai"},
      {"  một  \n\n\n   hai", true, "một\n\nhai"},
      {"\n\nmột\n\n", true, "một"},
      {"    mã thụt lề", true, "mã thụt lề"},
  }));
  CAPTURE(text, keep);
  CHECK(PlainTextToMarkdown(text, keep) == md);
}

TEST_CASE("a question that quiz.md cannot hold is reported", "[assessments][import]") {
  Question ok = Imported("a", "Câu?");
  const auto [label, stem, storable] = GENERATE(table<std::string, std::string, bool>({
      {"plain", "Câu?", true},
      {"a heading inside", "Câu?\n## phần hai", false},
      {"an answer line inside", "Câu?\n- [x] lạc vào", false},
      {"empty", "", false},
  }));
  CAPTURE(label);
  Question q = ok;
  q.stem_markdown = stem;
  Diagnostics all;
  FileDiagnostics diags(&all, "bank.gift");
  CHECK(CheckStorable(q, 12, diags) == storable);
  CHECK(all.ErrorCount() == (storable ? 0 : 1));
  if (!storable) CHECK(all.items()[0].line == 12);
}

}  // namespace lophoc::assessments
