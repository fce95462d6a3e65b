#include "assessments/attempt_plan.h"

#include <algorithm>
#include <numeric>

#include "assessments/grader.h"

namespace lophoc::assessments {
namespace {

// splitmix64: small, fast and the same on every platform, unlike the
// distributions of <random>, whose output the standard leaves open.
class Sequence {
 public:
  explicit Sequence(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for n far below 2^64.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

template <typename T>
void Shuffle(std::vector<T>& v, Sequence& seq) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[seq.Below(i)]);
}

uint64_t Mix(uint64_t seed, const std::string& salt) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a of the question id
  for (unsigned char c : salt) h = (h ^ c) * 1099511628211ULL;
  return seed ^ h;
}

bool IsChoice(QuestionType t) {
  return t == QuestionType::kSingle || t == QuestionType::kMultiple ||
         t == QuestionType::kTrueFalse;
}

}  // namespace

std::vector<std::string> DrawQuestions(const Quiz& quiz, uint64_t seed) {
  const size_t n = quiz.questions.size();
  std::vector<size_t> chosen(n);
  std::iota(chosen.begin(), chosen.end(), 0);
  if (quiz.settings.draw && static_cast<size_t>(*quiz.settings.draw) < n) {
    Sequence seq(seed);
    Shuffle(chosen, seq);
    chosen.resize(static_cast<size_t>(*quiz.settings.draw));
    std::sort(chosen.begin(), chosen.end());
  }
  std::vector<std::string> ids;
  ids.reserve(chosen.size());
  for (size_t i : chosen) ids.push_back(quiz.questions[i].id);
  return ids;
}

std::vector<int> OptionOrder(const Question& q, bool shuffle, uint64_t seed) {
  if (!IsChoice(q.type)) return {};
  std::vector<int> order(q.choices.size());
  std::iota(order.begin(), order.end(), 0);
  if (shuffle && q.type != QuestionType::kTrueFalse) {
    Sequence seq(Mix(seed, q.id));
    Shuffle(order, seq);
  }
  return order;
}

PublicQuestion ToPublic(const Question& q, bool shuffle, uint64_t seed) {
  PublicQuestion p;
  p.id = q.id;
  p.type = q.type;
  p.points = q.points;
  p.stem_markdown = q.stem_markdown;
  for (int i : OptionOrder(q, shuffle, seed)) {
    p.options.push_back({i, q.choices[static_cast<size_t>(i)].text});
  }
  if (q.type == QuestionType::kMatching) {
    p.left_items = MatchingLeftItems(q);
    const std::vector<std::string> rights = MatchingRightItems(q);
    std::vector<int> order(rights.size());
    std::iota(order.begin(), order.end(), 0);
    Sequence seq(Mix(seed, q.id + "/right"));
    Shuffle(order, seq);  // file order stays as likely as any other: no fixed relation to learn
    for (int i : order) p.right_items.push_back({i, rights[static_cast<size_t>(i)]});
  }
  return p;
}

Result<std::vector<Question>> SelectQuestions(const Quiz& quiz, const std::vector<std::string>& ids) {
  std::vector<Question> out;
  out.reserve(ids.size());
  for (const std::string& id : ids) {
    auto it = std::find_if(quiz.questions.begin(), quiz.questions.end(),
                           [&id](const Question& q) { return q.id == id; });
    if (it == quiz.questions.end()) return Status::NotFound("the quiz has no question '" + id + "'");
    out.push_back(*it);
  }
  return out;
}

}  // namespace lophoc::assessments
