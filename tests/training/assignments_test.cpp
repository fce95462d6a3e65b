#include "training/assignments.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/training/dates.h"

namespace lophoc::training {
namespace {

const Audience kLibraries = {{"commune_librarian", "provincial_librarian"},
                             {"commune_library", "provincial_library"}};

std::string Span(const std::optional<AssignmentSpan>& s) {
  if (!s) return "none";
  return std::string(AssignmentKindName(s->kind)) + " " + Show(s->from) + "-" + Show(s->until);
}

}  // namespace

TEST_CASE("a change of category or site moves the assignment on its day",
          "[training][assignments]") {
  const std::vector<Placement> placements = {
      {d(10, 1, 2025), "commune_librarian", "commune_library"},             // assigned
      {d(1, 7, 2025), "provincial_librarian", "provincial_library"},        // still (one span)
      {d(15, 3, 2026), "post_office_staff", "post_office_cultural_point"},  // out
      {d(1, 9, 2026), "commune_librarian", ""},                             // back, without a site
  };
  const auto spans = AssignmentSpans(kLibraries, placements, {});
  REQUIRE(spans.size() == 2);
  CHECK(Span(spans[0]) == "automatic 10/01/2025-14/03/2026");
  CHECK(spans[0].staff_category == "provincial_librarian");  // why, by the latest placement
  CHECK(Span(spans[1]) == "automatic 01/09/2026-never");

  CHECK(Span(AssignmentOn(spans, d(9, 1, 2025))) == "none");  // before the first day
  CHECK(Span(AssignmentOn(spans, d(10, 1, 2025))) == "automatic 10/01/2025-14/03/2026");
  CHECK(Span(AssignmentOn(spans, d(14, 3, 2026))) == "automatic 10/01/2025-14/03/2026");
  // Not assigned from the day of the change: the span that ended says since when.
  CHECK(Span(AssignmentOn(spans, d(15, 3, 2026))) == "automatic 10/01/2025-14/03/2026");
  CHECK(Span(AssignmentOn(spans, d(31, 8, 2026))) == "automatic 10/01/2025-14/03/2026");
  CHECK(Span(AssignmentOn(spans, d(1, 9, 2026))) == "automatic 01/09/2026-never");
}

TEST_CASE("a change on the day a span began leaves no span", "[training][assignments]") {
  const auto spans =
      AssignmentSpans(kLibraries,
                      {{d(1, 2, 2026), "commune_librarian", "commune_library"},
                       {d(1, 2, 2026), "post_office_staff", "post_office_cultural_point"}},
                      {});
  CHECK(spans.empty());
  CHECK(AssignmentSpans(kLibraries, {{d(1, 2, 2026), "", ""}}, {}).empty());  // a citizen
}

TEST_CASE("individual assignments stand beside automatic ones", "[training][assignments]") {
  const std::vector<Placement> placements = {
      {d(1, 1, 2026), "post_office_staff", "post_office_cultural_point"}};
  const std::vector<IndividualAssignment> given = {
      {7, d(1, 3, 2026), d(31, 5, 2026), "cover for the library", "Trần Thị Bình"},
      {9, d(1, 10, 2026), std::nullopt, "transferred", "Trần Thị Bình"}};
  const auto spans = AssignmentSpans(kLibraries, placements, given);
  REQUIRE(spans.size() == 2);
  CHECK(Span(AssignmentOn(spans, d(28, 2, 2026))) == "none");
  const auto march = AssignmentOn(spans, d(1, 3, 2026));
  CHECK(Span(march) == "individual 01/03/2026-31/05/2026");
  CHECK(march->assignment_id == 7);
  CHECK(march->reason == "cover for the library");
  CHECK(Span(AssignmentOn(spans, d(31, 5, 2026))) == "individual 01/03/2026-31/05/2026");
  CHECK(Span(AssignmentOn(spans, d(1, 6, 2026))) == "individual 01/03/2026-31/05/2026");
  CHECK(Span(AssignmentOn(spans, d(1, 10, 2026))) == "individual 01/10/2026-never");

  // Both on the same day: the automatic one explains it.
  const auto both =
      AssignmentSpans(kLibraries, {{d(1, 1, 2026), "commune_librarian", "commune_library"}}, given);
  CHECK(Span(AssignmentOn(both, d(1, 4, 2026))) == "automatic 01/01/2026-never");
}

}  // namespace lophoc::training
