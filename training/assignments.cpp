#include "training/assignments.h"

#include <algorithm>

namespace lophoc::training {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// A person without a site matches a programme for some site types: their
// category is what they were hired for (docs/retraining.md).
bool Matches(const Audience& a, const Placement& p) {
  if (p.staff_category.empty() || !Contains(a.staff_categories, p.staff_category)) return false;
  return a.site_types.empty() || p.site_type.empty() || Contains(a.site_types, p.site_type);
}

bool Holds(const AssignmentSpan& s, LocalDate day) {
  return !(day < s.from) && (!s.until || !(*s.until < day));
}

}  // namespace

std::string_view AssignmentKindName(AssignmentSpan::Kind kind) {
  return kind == AssignmentSpan::Kind::kIndividual ? "individual" : "automatic";
}

std::vector<AssignmentSpan> AssignmentSpans(const Audience& audience,
                                            const std::vector<Placement>& placements,
                                            const std::vector<IndividualAssignment>& individual) {
  std::vector<AssignmentSpan> out;
  std::optional<AssignmentSpan> open;
  for (const Placement& p : placements) {
    const bool match = Matches(audience, p);
    if (match && !open) {
      open = AssignmentSpan{};
      open->from = p.from;
      open->staff_category = p.staff_category;
      open->site_type = p.site_type;
    } else if (match && open) {
      // Still assigned: the span says why by the latest placement.
      open->staff_category = p.staff_category;
      open->site_type = p.site_type;
    } else if (!match && open) {
      // Changed on p.from: the last assigned day is the day before, unless
      // the change came on the span's first day (it never applied).
      if (open->from < p.from) {
        open->until = AddDays(p.from, -1);
        out.push_back(*open);
      }
      open.reset();
    }
  }
  if (open) out.push_back(*open);
  for (const IndividualAssignment& a : individual) {
    AssignmentSpan s;
    s.kind = AssignmentSpan::Kind::kIndividual;
    s.from = a.from;
    s.until = a.until;
    s.assignment_id = a.id;
    s.reason = a.reason;
    s.by = a.by;
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const AssignmentSpan& x, const AssignmentSpan& y) {
    return x.from < y.from;
  });
  return out;
}

std::optional<AssignmentSpan> AssignmentOn(const std::vector<AssignmentSpan>& spans,
                                           LocalDate day) {
  const AssignmentSpan* holding = nullptr;
  const AssignmentSpan* before = nullptr;
  for (const AssignmentSpan& s : spans) {
    if (Holds(s, day)) {
      // Automatic first; among equals the one that started first.
      if (holding == nullptr || (holding->kind == AssignmentSpan::Kind::kIndividual &&
                                 s.kind == AssignmentSpan::Kind::kAutomatic)) {
        holding = &s;
      }
    } else if (s.until && *s.until < day && (before == nullptr || *before->until < *s.until)) {
      before = &s;
    }
  }
  if (holding != nullptr) return *holding;
  if (before != nullptr) return *before;
  return std::nullopt;
}

}  // namespace lophoc::training
