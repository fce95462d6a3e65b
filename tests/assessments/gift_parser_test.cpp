#include "assessments/gift_parser.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "assessments/grader.h"
#include "assessments/quiz_parser.h"
#include "assessments/quiz_writer.h"
#include "tests/assessments/import_test_support.h"

namespace lophoc::assessments {
namespace {

using testing::Parsed;
using testing::QuizMd;

Parsed Gift(const std::string& text) { return testing::ParseWith(ParseGift, "bank.gift", text); }

bool HasError(const Diagnostics& diags, int line, const std::string& part) {
  for (const auto& d : diags.items()) {
    if (d.severity == Severity::kError && d.line == line &&
        d.message.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

struct Case {
  std::string label;
  std::string gift;
  std::string quiz_md;  // the same questions written in quiz.md
};

// Each GIFT construct, and the quiz.md that says the same.
const std::vector<Case>& Constructs() {
  static const std::vector<Case> cases = {
      {"multiple choice is single", "::Thủ đô:: Thủ đô của Việt Nam? {=Hà Nội ~Huế ~Đà Nẵng}",
       "## thu-do [single]\nThủ đô của Việt Nam?\n- [x] Hà Nội\n- [ ] Huế\n- [ ] Đà Nẵng\n"},
      {"answers on their own lines, with feedback",
       "::mo:: Mở thư mục bằng cách nào? {\n  ~Nháy chuột phải # Mở trình đơn.\n"
       "  =Nháy đúp # Đúng.\n  ####Nháy đúp để mở.\n}",
       "## mo [single]\nMở thư mục bằng cách nào?\n- [ ] Nháy chuột phải\n  > Mở trình đơn.\n"
       "- [x] Nháy đúp\n  > Đúng.\n> Nháy đúp để mở.\n"},
      {"0% beside '=' is a wrong option", "Chọn {=a ~%0%b}",
       "## q1 [single]\nChọn\n- [x] a\n- [ ] b\n"},
      {"weights without '=' make multiple", "Chọn hai {~%50%a ~%50%b ~%-100%c}",
       "## q1 [multiple]\nChọn hai\n- [x] (50%) a\n- [x] (50%) b\n- [ ] (-100%) c\n"},
      {"unweighted '~' in multiple weighs 0", "Chọn {~%100%a ~b}",
       "## q1 [multiple]\nChọn\n- [x] (100%) a\n- [ ] (0%) b\n"},
      {"decimal weights", "Chọn {~%33.333%a ~%33.333%b ~%33.334%c ~d}",
       "## q1 [multiple]\nChọn\n- [x] (33.333%) a\n- [x] (33.333%) b\n- [x] (33.334%) c\n"
       "- [ ] (0%) d\n"},
      {"true", "Trái đất quay quanh Mặt trời. {T}",
       "## q1 [true-false]\nTrái đất quay quanh "
       "Mặt trời.\n- [x] Đúng\n- [ ] Sai\n"},
      {"TRUE with wrong then right feedback", "Đúng không? {TRUE#Sai rồi.#Chính xác.}",
       "## q1 [true-false]\nĐúng không?\n- [x] Đúng\n  > Chính xác.\n- [ ] Sai\n  > Sai rồi.\n"},
      {"F", "Mặt trời quay quanh Trái đất. {F}",
       "## q1 [true-false]\nMặt trời quay quanh Trái đất.\n- [ ] Đúng\n- [x] Sai\n"},
      {"FALSE with feedback and general feedback", "Sai không? {FALSE#Nhầm.#Đúng vậy.####Chung}",
       "## q1 [true-false]\nSai không?\n- [ ] Đúng\n  > Nhầm.\n- [x] Sai\n  > Đúng vậy.\n"
       "> Chung\n"},
      {"short answer, weighted", "Tên tiếng Việt? {=thư mục =folder =%50%thu muc#Thiếu dấu.}",
       "## q1 [short]\nTên tiếng Việt?\n- [x] thư mục\n- [x] folder\n- [x] (50%) thu muc\n"
       "  > Thiếu dấu.\n"},
      {"short answer without '='", "Thủ đô của Pháp? {Paris}",
       "## q1 [short]\nThủ đô của Pháp?\n- [x] Paris\n"},
      {"short answer, 0% lists a wrong answer", "Đơn vị? {=byte =%0%bit#Nhỏ hơn.}",
       "## q1 [short]\nĐơn vị?\n- [x] byte\n- [ ] bit\n  > Nhỏ hơn.\n"},
      {"numeric with tolerance", "Số pi? {#3.14:0.01}",
       "## q1 [numeric]\nSố pi?\n- [x] 3.14 ± 0.01\n"},
      {"numeric range", "Từ 1 đến 5? {#1..5}", "## q1 [numeric]\nTừ 1 đến 5?\n- [x] 1..5\n"},
      {"numeric exact", "Hai cộng một? {#3}", "## q1 [numeric]\nHai cộng một?\n- [x] 3\n"},
      {"numeric, several answers", "Bao nhiêu? {# =3:0 =%50%3:1 #Gần đúng.}",
       "## q1 [numeric]\nBao nhiêu?\n- [x] 3 ± 0\n- [x] (50%) 3 ± 1\n  > Gần đúng.\n"},
      {"numeric, 0% lists a wrong answer", "Một byte? {#=8 =%0%1#Đó là một bit.####Tám bit.}",
       "## q1 [numeric]\nMột byte?\n- [x] 8\n- [ ] 1\n  > Đó là một bit.\n> Tám bit.\n"},
      {"numeric, decimal comma", "Nửa? {#0,5:0,1}", "## q1 [numeric]\nNửa?\n- [x] 0,5 ± 0,1\n"},
      {"matching", "Ghép: {=Bàn phím -> Nhập =Màn hình -> Xuất}",
       "## q1 [matching]\nGhép:\n- Bàn phím -> Nhập\n- Màn hình -> Xuất\n"},
      {"matching with a distractor and general feedback",
       "Ghép {\n=Chuột -> Nhập\n=Loa -> Xuất\n= -> Mạng\n####Loa phát âm thanh.\n}",
       "## q1 [matching]\nGhép\n- Chuột -> Nhập\n- Loa -> Xuất\n- -> Mạng\n> Loa phát âm thanh.\n"},
      {"missing word", "Thư mục {=chứa ~xóa} các tệp.",
       "## q1 [single]\nThư mục _____ các tệp.\n- [x] chứa\n- [ ] xóa\n"},
      {"missing word at the start", "{=Chuột ~Loa} là thiết bị nhập.",
       "## q1 [single]\n_____ là thiết bị nhập.\n- [x] Chuột\n- [ ] Loa\n"},
      {"missing word before punctuation", "Màu của lá là {=xanh ~đỏ}.",
       "## q1 [single]\nMàu của lá là _____.\n- [x] xanh\n- [ ] đỏ\n"},
      {"escapes", "1 \\= 1\\: \\{đúng\\} \\#1 {=a\\~b ~c\\=d}",
       "## q1 [single]\n1 = 1: {đúng} #1\n- [x] a~b\n- [ ] c=d\n"},
      {"escaped line break and backslash", "Dòng một\\ndòng hai \\\\ {=a ~b}",
       "## q1 [single]\nDòng một\\\ndòng hai \\\\\n- [x] a\n- [ ] b\n"},
      {"comments, also inside a question",
       "// Ngân hàng câu hỏi\n// tác giả: thư viện\n::c::\n// ghi chú\nCâu? {=a ~b}",
       "## c [single]\nCâu?\n- [x] a\n- [ ] b\n"},
      {"multi-line question text keeps its line breaks", "Dòng một\ndòng hai {\n=a\n~b\n}",
       "## q1 [single]\nDòng một\\\ndòng hai\n- [x] a\n- [ ] b\n"},
      {"plain text is escaped as Markdown", "[plain]3 * 4 = 12_a_ <b> [x] {=a ~b}",
       "## q1 [single]\n3 \\* 4 = 12\\_a\\_ \\<b> \\[x\\]\n- [x] a\n- [ ] b\n"},
      {"moodle text starting a Markdown block is escaped", "[moodle]# không phải tiêu đề {=a ~b}",
       "## q1 [single]\n\\# không phải tiêu đề\n- [x] a\n- [ ] b\n"},
      {"text that looks like a list is escaped", "1. Một\n- Hai {=a ~b}",
       "## q1 [single]\n1\\. Một\\\n\\- Hai\n- [x] a\n- [ ] b\n"},
      {"markdown is kept", "[markdown]Chọn **một** `mã` {=a ~*b*}",
       "## q1 [single]\nChọn **một** `mã`\n- [x] a\n- [ ] *b*\n"},
      {"html without tags", "[html]A &amp; B &lt; C {=a ~b}",
       "## q1 [single]\nA \\& B \\< C\n- [x] a\n- [ ] b\n"},
      {"an option with its own format", "Chọn {=[markdown]**a** ~[plain]*b*}",
       "## q1 [single]\nChọn\n- [x] **a**\n- [ ] \\*b\\*\n"},
      {"an option starting like a weight", "Chọn {=(50%) số đông ~ít}",
       "## q1 [single]\nChọn\n- [x] \\(50%) số đông\n- [ ] ít\n"},
      {"[A] is text, not a format", "[A] hay [B]? {=[A] ~[B]}",
       "## q1 [single]\n\\[A\\] hay \\[B\\]?\n- [x] \\[A\\]\n- [ ] \\[B\\]\n"},
      {"html becomes Markdown",
       "[html]<p>Chọn <b>một</b> &amp; <em> chỉ </em>một</p><p>Đoạn <strong>hai</strong><br>"
       "dòng <u>ba</u></p> {=a ~b}",
       "## q1 [single]\nChọn **một** \\& *chỉ* một\n\nĐoạn **hai**\\\ndòng *ba*\n"
       "- [x] a\n- [ ] b\n"},
      {"html lists, links, code, sub and sup",
       "[html]Xem:<ul><li>H<sub>2</sub>O</li><li>x<sup>2</sup> và x<sub>ab</sub></li></ul>"
       "<ol><li>một</li><li>hai</li></ol><a href=\"https://example.org/a b\">trang</a> "
       "<code>a*b &lt; c</code> {=a ~b}",
       "## q1 [single]\nXem:\n\n* H₂O\n* x² và x\\_(ab)\n\n1. một\n2. hai\n\n"
       "[trang](https://example.org/a%20b) `a*b < c`\n- [x] a\n- [ ] b\n"},
      {"html numeric entities", "[html]Ng&#432;&#x1EDD;i d&ugrave;ng {=a ~b}",
       "## q1 [single]\nNgười d\\&ugrave;ng\n- [x] a\n- [ ] b\n"},
      {"html in an option and its feedback is one line",
       "[html]Chọn {=<b>Hà</b><br>Nội#<p>Đúng</p><p>rồi</p> ~Huế}",
       "## q1 [single]\nChọn\n- [x] **Hà** Nội\n  > Đúng\n  >\n  > rồi\n- [ ] Huế\n"},
      {"html in a short answer is its text", "[html]Tên? {=<b>Hà Nội</b> =Ha&nbsp;Noi}",
       "## q1 [short]\nTên?\n- [x] Hà Nội\n- [x] Ha Noi\n"},
      {"moodle text keeps its tags as Markdown", "Câu <i>nghiêng</i>\ndòng hai {=a ~b}",
       "## q1 [single]\nCâu *nghiêng*\\\ndòng hai\n- [x] a\n- [ ] b\n"},
      {"markdown text with tags", "[markdown]Câu<br>hỏi **đậm** &lt;b&gt; {=a ~b}",
       "## q1 [single]\nCâu\\\nhỏi **đậm** &lt;b&gt;\n- [x] a\n- [ ] b\n"},
      {"numeric feedback for every other answer", "Số? {#=3:0.5#Đúng. =%0%5#Gấp đôi. ~#Chưa đúng.}",
       "## q1 [numeric]\nSố?\n- [x] 3 ± 0.5\n  > Đúng.\n- [ ] 5\n  > Gấp đôi.\n- [ ] *\n"
       "  > Chưa đúng.\n"},
      {"numeric range with feedback for every other answer", "Số? {#1..5 ~#[html]<b>Sai</b>}",
       "## q1 [numeric]\nSố?\n- [x] 1..5\n- [ ] *\n  > **Sai**\n"},
      {"categories are skipped", "$CATEGORY: $course$/top/Tin học\n\nCâu? {=a ~b}",
       "## q1 [single]\nCâu?\n- [x] a\n- [ ] b\n"},
  };
  return cases;
}

}  // namespace

TEST_CASE("each GIFT construct becomes the quiz question that means the same",
          "[assessments][gift]") {
  const Case c = GENERATE(from_range(Constructs()));
  CAPTURE(c.label, c.gift);
  const Parsed p = Gift(c.gift);
  REQUIRE(p.questions);
  CHECK(p.diags.ErrorCount() == 0);
  CHECK(p.questions->questions == QuizMd(c.quiz_md));
}

TEST_CASE("imported questions survive WriteQuiz and ParseQuiz unchanged", "[assessments][gift]") {
  const Case c = GENERATE(from_range(Constructs()));
  CAPTURE(c.label);
  const auto [quiz, md, back] = testing::WriteAndReadBack(Gift(c.gift), "Nhập từ GIFT");
  CHECK(back->questions == quiz.questions);
  CHECK(WriteQuiz(*back) == md);
}

TEST_CASE("a whole GIFT file gives every question, with lines and categories",
          "[assessments][gift]") {
  const Parsed p = Gift(
      "// Ngân hàng câu hỏi tin học\n"                                // 1
      "$CATEGORY: $course$/top/Tin học cơ bản\n"                      // 2
      "\n"                                                            // 3
      "::Câu 1: Thư mục:: Thư mục là gì? {=Nơi chứa tệp ~Một tệp}\n"  // 4
      "\n\n"                                                          // 5, 6
      "::Câu 1: Thư mục:: Lặp tên? {T}\n"                             // 7
      "\n"                                                            // 8
      "Không tên? {#2}\n"                                             // 9
      "\n"                                                            // 10
      "$CATEGORY: Mạng\n"                                             // 11
      "::???:: Không chữ? {=có =yes}\n");                             // 12
  REQUIRE(p.questions);
  const auto& qs = p.questions->questions;
  REQUIRE(qs.size() == 4);
  CHECK(qs[0].id == "cau-1-thu-muc");
  CHECK(qs[1].id == "cau-1-thu-muc-2");
  CHECK(qs[2].id == "q3");
  CHECK(qs[3].id == "q4");
  CHECK(qs[0].line == 4);
  CHECK(qs[1].line == 7);
  CHECK(qs[2].line == 9);
  CHECK(qs[3].line == 12);
  CHECK(p.questions->categories == std::vector<std::string>{"$course$/top/Tin học cơ bản", "Mạng"});
}

TEST_CASE("ids come from names and are unique", "[assessments][gift]") {
  const auto [names, ids] = GENERATE(table<std::vector<std::string>, std::vector<std::string>>({
      {{"Câu 1: Thư mục"}, {"cau-1-thu-muc"}},
      {{"  Đăng ký   thẻ!  "}, {"dang-ky-the"}},
      {{"a", "a", "a"}, {"a", "a-2", "a-3"}},
      {{"q2", ""}, {"q2", "q2-2"}},
      {{"", "", "q1"}, {"q1", "q2", "q1-2"}},
      {{"漢字"}, {"q1"}},
  }));
  std::string gift;
  for (const std::string& name : names) {
    gift += (name.empty() ? "" : "::" + name + "::") + " Câu? {=a ~b}\n\n";
  }
  CAPTURE(gift);
  const Parsed p = Gift(gift);
  REQUIRE(p.questions);
  std::vector<std::string> got;
  for (const Question& q : p.questions->questions) got.push_back(q.id);
  CHECK(got == ids);
}

TEST_CASE("a long name gives an id of at most 48 characters", "[assessments][gift]") {
  const Parsed p =
      Gift("::Một câu hỏi có cái tên rất dài dài dài dài dài dài dài dài dài:: C? {T}");
  REQUIRE(p.questions);
  const std::string& id = p.questions->questions[0].id;
  CHECK(id.size() <= 48);
  CHECK(id.back() != '-');
  CHECK(id.rfind("mot-cau-hoi-co-cai-ten-rat-dai", 0) == 0);
}

struct ErrorCase {
  std::string label;
  std::string gift;
  int line;
  std::string message;  // a part of the message
};

TEST_CASE("what lophoc cannot represent is an error at its line", "[assessments][gift]") {
  const ErrorCase c = GENERATE(values<ErrorCase>({
      {"description", "Ok? {T}\n\n::d:: Chỉ là mô tả,\nkhông có câu trả lời.", 3, "description"},
      {"unclosed brace", "::u:: Câu\nhỏi {\n=a\n~b", 2, "'{' is not closed"},
      {"closing brace alone", "Câu\nhỏi =a ~b}", 2, "'}' without a '{'"},
      {"brace inside the answers", "Câu {\n=a {\n~b}", 2,
       "'{' inside the answer block opened on line 1"},
      {"a second answer block", "Câu {=a ~b}\nCâu khác {=c ~d}", 2, "one answer block"},
      {"no right answer", "Câu {\n~a\n~b\n}", 1, "no right answer"},
      {"only negative weights", "Câu {~%-50%a ~b}", 1, "no right answer"},
      {"weight above 100", "Câu {\n~%50%a\n~%150%b\n}", 3, "-100% to 100%, not 150%"},
      {"weight below -100", "Câu {~%50%a ~%-101%b}", 1, "not -101%"},
      {"short weight above 100", "Câu {=a\n=%120%b}", 2, "not 120%"},
      {"weight not a number", "Câu {~%abc%a ~b}", 1, "'%abc%' is not a number"},
      {"weight not closed", "Câu {=a ~%50 b}", 1, "weight is not closed"},
      {"unknown format", "[latex]Câu {=a ~b}", 1, "unknown text format [latex]"},
      {"unknown format of an option", "Câu {\n=a\n~[wiki]b\n}", 3, "unknown text format [wiki]"},
      {"two right options", "Câu {\n=a\n=b\n~c\n}", 3, "a second '=' option"},
      {"partial credit beside '='", "Câu {=a ~%50%b ~c}", 1, "cannot represent"},
      {"'=' with a weight", "Câu {=%50%a ~b}", 1, "takes no weight"},
      {"one option", "Câu {~%100%a}", 1, "at least two options"},
      {"empty option", "Câu {=a ~ }", 1, "answer text is empty"},
      {"text before the first option", "Câu {a ~b =c}", 1, "text before the first answer"},
      {"matching with one pair", "Ghép {=a -> b = -> c}", 1, "at least two pairs"},
      {"matching pair without arrow", "Ghép {\n=a -> b\n=c\n=d -> e\n}", 3, "'=left -> right'"},
      {"matching pair with feedback", "Ghép {=a -> b#hay =c -> d}", 1, "no feedback of their own"},
      {"matching left twice", "Ghép {=a -> b\n=a -> c =d -> e}", 2, "'a' is listed twice"},
      {"matching without right item", "Ghép {=a -> b =c -> =d -> e}", 1, "no right item"},
      {"numeric '~' without '#'", "Số? {#\n=3\n~Sai rồi\n}", 3, "write '~#'"},
      {"numeric '~#' twice", "Số? {#=3 ~#Sai ~#Sai nữa}", 1, "once, at the end"},
      {"numeric '~#' before an answer", "Số? {#~#Sai =3}", 1, "needs an answer"},
      {"numeric not a number", "Số? {#ba}", 1, "cannot read 'ba'"},
      {"numeric bad tolerance", "Số? {#\n=3:x\n}", 2, "cannot read '3:x'"},
      {"numeric negative tolerance", "Số? {#3:-1}", 1, "tolerance must not be negative"},
      {"numeric min above max", "Số? {#5..1}", 1, "minimum is greater than maximum"},
      {"numeric without answers", "Số? {#}", 1, "needs an answer"},
      {"numeric all weight 0", "Số? {#=%0%3}", 1, "no accepted answer"},
      {"short all weight 0", "Tên? {=%0%a =%0%b}", 1, "no accepted answer"},
      {"name not closed", "::tên Câu {=a ~b}", 1, "name is not closed"},
      {"empty question text", "::n::\n{=a ~b}", 2, "question text is empty"},
      {"markdown heading in the text", "[markdown]Đề\n## Phần 1 {=a ~b}", 1,
       "cannot be stored in quiz.md"},
      {"invalid UTF-8", "Câu {=a ~b}\n\nC\xe2u {=a ~b}", 3, "not valid UTF-8"},
      {"nothing but comments", "// chỉ có ghi chú\n$CATEGORY: x\n", 1, "no questions found"},
  }));
  CAPTURE(c.label, c.gift);
  const Parsed p = Gift(c.gift);
  CHECK_FALSE(p.questions);
  CHECK(HasError(p.diags, c.line, c.message));
}

TEST_CASE("every bad question is reported, not just the first", "[assessments][gift]") {
  const Parsed p = Gift("Một {~%abc%a ~b}\n\nHai {=a ~b}\n\nBa {~a ~b}\n\n\nBốn\n{~%200%a ~b}\n");
  CHECK_FALSE(p.questions);
  CHECK(p.diags.ErrorCount() == 3);
  CHECK(HasError(p.diags, 1, "'%abc%' is not a number"));
  CHECK(HasError(p.diags, 5, "no right answer"));
  CHECK(HasError(p.diags, 9, "not 200%"));
}

TEST_CASE("doubtful GIFT is imported with a warning", "[assessments][gift]") {
  const auto [gift, line, message] = GENERATE(table<std::string, int, std::string>({
      {"Đúng hay sai?\n{true}", 2, "read as a short answer"},
      {"Chọn {~%50%a ~%25%b ~c}", 1, "add up to 75%"},
  }));
  CAPTURE(gift);
  const Parsed p = Gift(gift);
  REQUIRE(p.questions);
  REQUIRE(p.diags.WarningCount() == 1);
  CHECK(p.diags.items()[0].line == line);
  CHECK(p.diags.items()[0].message.find(message) != std::string::npos);
}

TEST_CASE("html that lophoc does not keep is dropped with a warning at its line",
          "[assessments][gift]") {
  const Parsed p = Gift(
      "::h::\n"                                                                             // 1
      "[html]<p style=\"color:red\">Câu <span class=\"x\">hỏi</span><span>?</span>\n"       // 2
      "<script>alert('x')</script><style>p\\{\\}</style><img src=\"a.png\" alt=\"ảnh\">\n"  // 3
      "<a href=\"javascript:alert(1)\">bấm</a> <!-- ghi chú --></p> {\n"                    // 4
      "=a\n"                                                                                // 5
      "~<font color\\=red>b</font>\n"                                                       // 6
      "}\n");
  REQUIRE(p.questions);
  const Question& q = p.questions->questions.at(0);
  CHECK(q.stem_markdown == "Câu hỏi? bấm");
  CHECK(q.choices.at(1).text == "b");
  std::vector<std::pair<int, std::string>> warned;
  for (const auto& d : p.diags.items()) {
    CHECK(d.severity == Severity::kWarning);
    CHECK(d.reason == "gift_html");
    warned.push_back({d.line, d.params.count("html") ? d.params.at("html") : ""});
  }
  const std::vector<std::pair<int, std::string>> expected = {
      {2, "<span>"},
      {3, "<script>"},
      {3, "<style>"},
      {3, "<img>"},
      {4, "<a href=\"javascript:alert(1)\">"},
      {4, "<!-- -->"},
      {6, "<font>"}};
  CHECK(warned == expected);
}

TEST_CASE("a numeric answer no range holds gets the feedback for every other answer",
          "[assessments][gift]") {
  const Parsed p = Gift("Số? {#=3:0.5#Đúng. =%0%5#Gấp đôi. ~#Chưa đúng.}");
  REQUIRE(p.questions);
  const Question& q = p.questions->questions.at(0);
  const auto feedback = [&](double value) {
    auto g = GradeQuestion(q, Answer(value));
    REQUIRE(g.ok());
    return std::make_pair(g->score, g->answer_feedback);
  };
  CHECK(feedback(3.2) == std::make_pair(1.0, std::vector<std::string>{"Đúng."}));
  CHECK(feedback(5) == std::make_pair(0.0, std::vector<std::string>{"Gấp đôi."}));
  CHECK(feedback(9) == std::make_pair(0.0, std::vector<std::string>{"Chưa đúng."}));
}

TEST_CASE("every form of Moodle's GIFT in one file imports", "[assessments][gift]") {
  std::ifstream in(std::string(LOPHOC_TEST_FIXTURES) + "/gift/moodle-forms.gift");
  REQUIRE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Parsed p = Gift(text);
  REQUIRE(p.questions);
  CHECK(p.diags.items().empty());
  std::vector<std::string> types;
  for (const Question& q : p.questions->questions) types.push_back(QuestionTypeName(q.type));
  CHECK(types == std::vector<std::string>{"single", "single", "multiple", "true-false",
                                          "true-false", "short", "matching", "numeric", "numeric",
                                          "numeric", "single", "single", "single", "single",
                                          "single", "single"});
  CHECK(p.questions->categories == std::vector<std::string>{"$course$/top/Tin học cơ bản"});
  const testing::RoundTrip r = testing::WriteAndReadBack(p, "Moodle");
  REQUIRE(r.back);
  CHECK(r.back->questions == p.questions->questions);
  const Question& html = p.questions->questions.at(12);
  CHECK(html.stem_markdown ==
        "Chọn **một** \\& *chỉ một*:\n\n* H₂O\n* x²\n\n"
        "[Nước](https://vi.wikipedia.org/wiki/N%C6%B0%E1%BB%9Bc), `ls -l`\\\nxong");
  CHECK(html.choices.at(0).text == "**Nước**");
  CHECK(html.choices.at(1).text == "Muối ăn");
  CHECK(html.choices.at(1).feedback == "*Không* phải.");
  const Question& numbers = p.questions->questions.at(9);
  REQUIRE(numbers.numeric_answers.size() == 4);
  CHECK(numbers.numeric_answers.back().other);
  CHECK(numbers.numeric_answers.back().feedback == "Chưa đúng, hãy xem lại bài.");
}

TEST_CASE("short answers ignore case, as Moodle's do by default", "[assessments][gift]") {
  const Parsed p = Gift("Tên? {=Hà Nội}");
  REQUIRE(p.questions);
  CHECK(p.questions->questions[0].short_match == ShortMatch::kCase);
}

}  // namespace lophoc::assessments
