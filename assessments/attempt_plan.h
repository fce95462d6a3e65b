// Attempt plans: which questions an attempt shows and in which option order,
// and the quiz as a learner may see it — without any answer, weight or
// feedback. Deterministic for a given seed, so an attempt can be shown again
// exactly as it was. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "assessments/quiz.h"
#include "kernel/status.h"

namespace lophoc::assessments {

// The ids of the questions an attempt shows. All of them in file order, or,
// with `draw: N`, N of them chosen at random from `seed`, kept in file order
// (authors order questions from easy to hard).
std::vector<std::string> DrawQuestions(const Quiz& quiz, uint64_t seed);

// The display order of a choice question's options: indexes into
// q.choices. File order unless `shuffle`; true-false questions are never
// shuffled (Đúng stays before Sai). Empty for other types.
std::vector<int> OptionOrder(const Question& q, bool shuffle, uint64_t seed);

struct PublicOption {
  int index = 0;  // the number to answer with (file order)
  std::string text_markdown;
};

// A question as sent to the learner: no `[x]`, weight, accepted text or feedback.
struct PublicQuestion {
  std::string id;
  QuestionType type = QuestionType::kSingle;
  double points = 1;
  std::string stem_markdown;
  std::vector<PublicOption> options;      // single, multiple, true-false, in display order
  std::vector<std::string> left_items;    // matching, in file order
  // Matching: the choices for every left item, always shuffled (in file order
  // they would give the pairs away); `index` is the number to answer with.
  std::vector<PublicOption> right_items;
};

// `shuffle` orders the options of choice questions; the right items of a
// matching question are shuffled whatever it says.
PublicQuestion ToPublic(const Question& q, bool shuffle, uint64_t seed);

// The questions named by `ids`, in that order. NotFound names an id the quiz
// does not have (a revision removed it).
Result<std::vector<Question>> SelectQuestions(const Quiz& quiz, const std::vector<std::string>& ids);

}  // namespace lophoc::assessments
