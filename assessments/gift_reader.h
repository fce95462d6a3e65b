// Inside the GIFT reader (assessments/gift_parser.cpp): a question's text
// with its escapes resolved and the line of every byte, and the reader that
// turns one such block into a Question. Split over gift_parser.cpp (the
// question), gift_answers.cpp (the answer kinds) and gift_text.cpp (the
// text). Not for use elsewhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessments/question_problems.h"
#include "assessments/quiz.h"
#include "kernel/diagnostics.h"

namespace lophoc::assessments::gift {

inline constexpr char kBlank[] = "_____";
inline constexpr char kTrue[] = "Đúng";
inline constexpr char kFalse[] = "Sai";

enum class TextFormat { kMoodle, kPlain, kMarkdown, kHtml };
// What a piece of GIFT text becomes: Markdown (question text, feedback), a
// one-line Markdown option, or a one-line plain string (accepted short
// answers and matching items, which are compared, not rendered).
enum class TextKind { kMarkdown, kOptionMarkdown, kPlain };

struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin >= end; }
};

// The text of one question (the lines between blank lines, comment lines
// left out), with GIFT's backslash escapes resolved and, for every byte,
// whether it was escaped and the file line it came from.
class Block {
 public:
  void AddLine(std::string_view line, int n);
  bool empty() const { return text_.empty(); }
  size_t size() const { return text_.size(); }
  int first_line() const { return lines_.empty() ? 0 : lines_.front(); }
  int LineAt(size_t i) const { return lines_[std::min(i, lines_.size() - 1)]; }
  char At(size_t i) const { return text_[i]; }
  // The first (or last) unescaped `token` starting in [s.begin, s.end), or npos.
  size_t Find(std::string_view token, Span s) const;
  size_t FindLast(std::string_view token, Span s) const;
  bool StartsWith(std::string_view token, Span s) const { return Find(token, s) == s.begin; }
  Span Trim(Span s) const;
  std::string Text(Span s) const { return text_.substr(s.begin, s.end - s.begin); }

 private:
  bool IsToken(std::string_view token, size_t at) const;

  std::string text_;
  std::vector<char> escaped_;
  std::vector<int> lines_;
};

// HTML entities Moodle writes (&amp;, &lt;, &nbsp;, &#233;, &#x1EA1;, ...) back
// to their characters; an unknown or malformed entity stays as written.
std::string DecodeEntities(const std::string& s);

// A tag (or comment, or link) HtmlToMarkdown dropped: where it starts in its
// input and how a trainer would recognise it ("<span>", "<script>").
struct HtmlDropped {
  size_t offset = 0;
  std::string what;
};

// HTML text as Markdown of `kind` (gift_html.cpp): <b> <strong> <i> <em> <u>
// <br> <p> <ul> <ol> <li> <a href="http(s)://..."> <code> <sub> <sup> become
// Markdown (underline becomes emphasis; sub- and superscripts Unicode
// characters when they have one); every other tag is dropped with its text
// kept, except <script> and <style>, dropped with their content; each drop is
// listed once in `dropped`. With `html_spacing`, runs of white space (line
// breaks included) are one space, as in HTML; otherwise a line break stays
// one ([moodle]). With `escape`, text is escaped as Markdown (it was HTML or
// Moodle text) and entities decoded; without, it is Markdown already and
// entities are left for Markdown to read. For TextKind::kPlain the result is
// the text alone, without markup.
std::string HtmlToMarkdown(std::string_view html, TextKind kind, bool html_spacing, bool escape,
                           std::vector<HtmlDropped>& dropped);

// One weighted answer: its marker ('=' or '~', 0 when it had none), where it
// starts, its weight if written `%N%`, and its text and feedback spans.
struct Piece {
  char marker = 0;
  size_t at = 0;
  std::optional<double> weight;
  Span text;
  std::optional<Span> feedback;
};

// Reads one question block; every problem goes to `diags` at its line.
class GiftQuestionReader {
 public:
  GiftQuestionReader(const Block& b, FileDiagnostics& diags) : b_(b), diags_(diags) {}
  // The question, or nullopt after reporting why it cannot be imported.
  std::optional<Question> Read();

 private:
  bool Error(size_t at, const Status& why) {
    diags_.Error(b_.LineAt(at), why);
    return false;
  }
  bool ReadName(Span& rest);
  bool FindAnswers(Span rest, size_t& open, size_t& close);
  bool ReadStem(Span rest, size_t open, size_t close);
  bool ReadAnswers(size_t open, Span answers);
  bool TakeFormat(Span& s, TextFormat& format);
  std::optional<std::string> ReadText(Span s, TextKind kind, bool allow_prefix = true);
  bool SplitPieces(Span s, std::string_view markers, bool allow_unmarked, std::vector<Piece>& out);
  bool ReadWeightAndFeedback(Piece& p);
  bool ReadFeedback(const Piece& p, std::string& out);
  bool AddChoice(const Piece& p, bool correct, std::optional<double> weight);
  bool ReadChoices(size_t open, Span s);
  bool ReadSingle(const std::vector<Piece>& pieces);
  bool ReadMultiple(size_t open, const std::vector<Piece>& pieces);
  bool ReadTrueFalse(Span s, bool value);
  bool ReadShort(size_t open, Span s);
  bool ReadNumeric(size_t open, Span s);
  bool ReadNumericAnswer(const Piece& p);
  bool ReadMatching(size_t open, Span s);

  const Block& b_;
  FileDiagnostics& diags_;
  Question q_;
  TextFormat format_ = TextFormat::kMoodle;
};

}  // namespace lophoc::assessments::gift
