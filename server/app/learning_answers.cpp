// Answers as JSON: what the API takes and what attempt_answers keeps.
#include <algorithm>
#include <cmath>
#include <limits>

#include "server/app/learning_service.h"

namespace lophoc::app {
namespace {

using assessments::Answer;
using assessments::Question;
using assessments::QuestionType;
using nlohmann::json;

// A refused answer, on the field "answers.<question id>". `reason` says what
// was expected; `expected` says it for developers.
Status Wrong(const Question& q, const char* reason, const std::string& expected) {
  return Status::InvalidArgument("answer to question '" + q.id + "' (" +
                                 assessments::QuestionTypeName(q.type) + ") must be " + expected)
      .WithReason(reason)
      .WithField("answers." + q.id)
      .WithParam("question", q.id);
}

// JSON numbers that are whole and fit an int; strings are not accepted here,
// since forms are turned into JSON with numbers before they reach this.
std::optional<int> AsIndex(const json& v) {
  if (v.is_number_integer()) {
    const auto n = v.get<int64_t>();
    if (n >= 0 && n <= std::numeric_limits<int>::max()) return static_cast<int>(n);
    return std::nullopt;
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d >= 0 && d <= 1e6 && std::floor(d) == d) return static_cast<int>(d);
  }
  return std::nullopt;
}

Result<Answer> Decode(const Question& q, const json& v) {
  if (v.is_null()) return Answer(std::monostate{});
  switch (q.type) {
    case QuestionType::kSingle:
    case QuestionType::kTrueFalse: {
      auto i = AsIndex(v);
      if (!i) return Wrong(q, "answer_not_option", "an option number (0, 1, ...)");
      return Answer(*i);
    }
    case QuestionType::kMultiple: {
      if (!v.is_array()) return Wrong(q, "answer_not_options", "a list of option numbers");
      std::vector<int> chosen;
      for (const json& item : v) {
        auto i = AsIndex(item);
        if (!i) return Wrong(q, "answer_not_options", "a list of option numbers");
        chosen.push_back(*i);
      }
      return Answer(std::move(chosen));
    }
    case QuestionType::kShort:
      if (!v.is_string()) return Wrong(q, "answer_not_text", "a text");
      if (v.get_ref<const std::string&>().size() > 1000) {
        return Wrong(q, "answer_too_long", "at most 1000 bytes").WithParam("limit", 1000);
      }
      return Answer(v.get<std::string>());
    case QuestionType::kEssay: {
      if (!v.is_string()) return Wrong(q, "answer_not_text", "a text");
      const auto& text = v.get_ref<const std::string&>();
      const size_t chars = static_cast<size_t>(
          std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
      if (chars > assessments::kEssayMaxChars) {
        return Wrong(q, "essay_answer_too_long", "at most 10000 characters")
            .WithParam("limit", static_cast<int64_t>(assessments::kEssayMaxChars));
      }
      return Answer(text);
    }
    case QuestionType::kNumeric:
      if (v.is_number()) return Answer(v.get<double>());
      if (v.is_string() && v.get_ref<const std::string&>().size() <= 100) {
        return Answer(v.get<std::string>());
      }
      return Wrong(q, "answer_not_number", "a number");
    case QuestionType::kMatching: {
      if (!v.is_object()) {
        return Wrong(q, "answer_not_pairs", "an object of left item number -> right item number");
      }
      std::map<int, int> pairs;
      for (const auto& [key, right] : v.items()) {
        if (key.empty() || key.size() > 6 || key.find_first_not_of("0123456789") != std::string::npos) {
          return Wrong(q, "answer_not_pairs", "an object whose keys are left item numbers");
        }
        auto r = AsIndex(right);
        if (!r) {
          return Wrong(q, "answer_not_pairs", "an object of left item number -> right item number");
        }
        pairs[std::stoi(key)] = *r;
      }
      return Answer(std::move(pairs));
    }
  }
  return Wrong(q, "answer_not_option", "an answer");
}

}  // namespace

Result<assessments::AnswerSheet> AnswersFromJson(const json& answers,
                                                 const std::vector<Question>& questions) {
  if (!answers.is_object()) {
    return Status::InvalidArgument("answers must be an object of question id -> answer")
        .WithReason("answers_not_object")
        .WithField("answers");
  }
  assessments::AnswerSheet sheet;
  for (const auto& [id, value] : answers.items()) {
    const Question* q = nullptr;
    for (const Question& candidate : questions) {
      if (candidate.id == id) q = &candidate;
    }
    if (q == nullptr) {
      return Status::InvalidArgument("answer for unknown question '" + id.substr(0, 64) +
                                     "': it is not in this attempt")
          .WithReason("answer_unknown_question")
          .WithField("answers")
          .WithParam("question", id.substr(0, 64));
    }
    auto a = Decode(*q, value);
    if (!a.ok()) return a.status();
    sheet[id] = std::move(*a);
  }
  return sheet;
}

json AnswerToJson(const Answer& answer) {
  struct Visit {
    json operator()(std::monostate) const { return nullptr; }
    json operator()(int i) const { return i; }
    json operator()(const std::vector<int>& v) const { return v; }
    json operator()(const std::string& s) const { return s; }
    json operator()(double d) const { return d; }
    json operator()(const std::map<int, int>& m) const {
      json o = json::object();
      for (const auto& [l, r] : m) o[std::to_string(l)] = r;
      return o;
    }
  };
  return std::visit(Visit{}, answer);
}

}  // namespace lophoc::app
