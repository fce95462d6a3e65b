// The language of what pages show (issue 15): on an English page a course,
// lesson or programme shows its English title when it has one; a text left in
// Vietnamese (or, on a Vietnamese page, in English) carries lang= on its
// element (WCAG 3.1.2). And a certificate as an A4 PDF made on the server.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <regex>

#include "server/app/pdf_render.h"
#include "tests/support/test_world.h"

namespace lophoc::http {
namespace {

using people::Role;
using testing::Browser;
using testing::Contains;
using testing::FixturePath;
using testing::TestSite;

constexpr auto& Field = testing::FieldValue;

Browser Learner(TestSite& t, const std::string& username) {
  testing::MakeAccount(t.people(), {username, {Role::kLearner}, "", "", "", "Trần Văn Bình"});
  return testing::SignedIn(t.site(), username, "/me");
}

// may-tinh done and its quiz passed: the certificate's code.
std::string Certified(Browser& b) {
  REQUIRE(b.Post("/courses/may-tinh/enrol", {}).status == 303);
  REQUIRE(b.Post("/courses/may-tinh/bat-may/done", {}).status == 303);
  REQUIRE(b.Post("/courses/may-tinh/tat-may/done", {}).status == 303);
  const std::string quiz = b.Get("/courses/may-tinh/quiz").body;
  auto sent = b.Post("/courses/may-tinh/quiz", {{"quiz_id", Field(quiz, "quiz_id")},
                                                {"submission_id", Field(quiz, "submission_id")},
                                                {"q.bat-may", "1"},
                                                {"q.bo-phan-nhap", "0"},
                                                {"q.bo-phan-nhap", "1"},
                                                {"q.tat-dung-cach", "1"},
                                                {"q.thu-muc", "thu muc"},
                                                {"q.so-phim", "104,5"},
                                                {"q.ghep-thiet-bi.0", "0"},
                                                {"q.ghep-thiet-bi.1", "1"}});
  REQUIRE(sent.status == 303);
  const std::string result = b.Get(sent.HeaderValue("Location")).body;
  std::smatch m;
  REQUIRE(std::regex_search(result, m, std::regex("/certificates/([A-Z0-9-]{14})")));
  return m[1].str();
}

// may-tinh has an English title ("Meeting the computer"), its lessons and
// quiz do not; tre-han has none.
TEST_CASE("English pages show English titles and mark Vietnamese ones lang=vi", "[lang]") {
  TestSite t{FixturePath("content-learning")};
  Browser b = Learner(t, "binh.tran");
  REQUIRE(b.Post("/courses/may-tinh/enrol", {}).status == 303);
  REQUIRE(b.Post("/courses/tre-han/enrol", {}).status == 303);

  SECTION("my learning") {
    const std::string en = b.Get("/me?lang=en").body;
    CHECK(Contains(en, "<html lang=\"en\">"));
    CHECK(Contains(en, "<a href=\"/courses/may-tinh\">Meeting the computer</a>"));
    CHECK_FALSE(Contains(en, "Làm quen máy tính"));
    CHECK(Contains(en, "<a href=\"/courses/tre-han\" lang=\"vi\">Nộp muộn vẫn được chấm</a>"));
    const std::string vi = b.Get("/me?lang=vi").body;
    CHECK(Contains(vi, "<a href=\"/courses/may-tinh\">Làm quen máy tính</a>"));
    CHECK(Contains(vi, "<a href=\"/courses/tre-han\">Nộp muộn vẫn được chấm</a>"));
    CHECK_FALSE(Contains(vi, "Meeting the computer"));
  }
  SECTION("the quiz breadcrumb") {
    const std::string en = b.Get("/courses/may-tinh/quiz?lang=en").body;
    CHECK(Contains(en,
                   "<a href=\"/courses/may-tinh\">Meeting the computer</a> › "
                   "<span aria-current=\"page\" lang=\"vi\">Kiểm tra làm quen máy tính</span>"));
    CHECK(Contains(en, "<h1 lang=\"vi\">Kiểm tra làm quen máy tính</h1>"));
    CHECK(Contains(en, "<div class=\"choice\" lang=\"vi\">"));
    const std::string untitled = b.Get("/courses/tre-han/quiz?lang=en").body;
    CHECK(
        Contains(untitled, "<a href=\"/courses/tre-han\" lang=\"vi\">Nộp muộn vẫn được chấm</a>"));
    const std::string vi = b.Get("/courses/may-tinh/quiz?lang=vi").body;
    CHECK(Contains(vi,
                   "<a href=\"/courses/may-tinh\">Làm quen máy tính</a> › "
                   "<span aria-current=\"page\">Kiểm tra làm quen máy tính</span>"));
    // Nothing foreign on a Vietnamese quiz page.
    CHECK(Contains(vi, "<h1>Kiểm tra làm quen máy tính</h1>"));
    CHECK(Contains(vi, "<div class=\"choice\">"));
  }
  SECTION("the course, lesson, catalogue and search pages") {
    const std::string course = b.Get("/courses/may-tinh?lang=en").body;
    CHECK(Contains(course, "<h1>Meeting the computer</h1>"));
    CHECK(
        Contains(course, "<p class=\"lead\" lang=\"vi\">Bật, tắt máy tính"));  // no English summary
    CHECK(Contains(course, "<a href=\"/courses/may-tinh/bat-may\" lang=\"vi\">Bật máy</a>"));
    const std::string untitled = b.Get("/courses/tre-han?lang=en").body;
    CHECK(Contains(untitled, "<h1 lang=\"vi\">Nộp muộn vẫn được chấm</h1>"));
    const std::string lesson = b.Get("/courses/may-tinh/bat-may?lang=en").body;
    CHECK(Contains(lesson,
                   "<a href=\"/courses/may-tinh\">Meeting the computer</a> › "
                   "<span aria-current=\"page\" lang=\"vi\">Bật máy</span>"));
    CHECK(Contains(lesson, "<h1 lang=\"vi\">Bật máy</h1>"));
    const std::string catalogue = b.Get("/?lang=en").body;
    CHECK(Contains(catalogue, "<a href=\"/courses/may-tinh\">Meeting the computer</a>"));
    CHECK(
        Contains(catalogue, "<a href=\"/courses/tre-han\" lang=\"vi\">Nộp muộn vẫn được chấm</a>"));
    const std::string found = b.Get("/search?q=may+tinh&lang=en").body;
    CHECK(Contains(found, ">Meeting the computer<"));
    CHECK_FALSE(Contains(found, ">Làm quen máy tính<"));
    const std::string vi = b.Get("/courses/may-tinh?lang=vi").body;
    CHECK(Contains(vi, "<h1>Làm quen máy tính</h1>"));
    CHECK(Contains(vi, "<a href=\"/courses/may-tinh/bat-may\">Bật máy</a>"));
  }
}

TEST_CASE("a certificate shows its course's English title on an English page", "[lang]") {
  TestSite t{FixturePath("content-learning")};
  Browser b = Learner(t, "binh.tran");
  const std::string code = Certified(b);
  const std::string page = b.Get("/certificates/" + code + "?lang=en").body;
  CHECK(Contains(page, "<p class=\"certificate-course\">Meeting the computer</p>"));
  CHECK(Contains(b.Get("/certificates/" + code + "?lang=vi").body,
                 "<p class=\"certificate-course\">Làm quen máy tính</p>"));
  CHECK(Contains(b.Get("/me?lang=en").body,
                 "<a href=\"/certificates/" + code + "\">Meeting the computer</a>"));
  // Renamed since it was issued: the certificate keeps the title it was
  // issued for, in Vietnamese, marked as such.
  {
    auto conn = t.db().Acquire();  // given back before the next page asks for one
    conn->Exec("UPDATE certificates SET course_title = 'Làm quen máy tính (bản cũ)'");
  }
  CHECK(Contains(b.Get("/certificates/" + code + "?lang=en").body,
                 "<p class=\"certificate-course\" lang=\"vi\">Làm quen máy tính (bản cũ)</p>"));
}

TEST_CASE("a certificate downloads as an A4 PDF made on the server", "[lang][pdf]") {
  TestSite t{FixturePath("content-learning")};
  Browser b = Learner(t, "binh.tran");
  const std::string code = Certified(b);
  if (!app::PdfRenderer().Available()) {
    WARN("weasyprint is not installed (scripts/install-deps --test installs it): PDF not tested");
    return;
  }
  const std::string page = b.Get("/certificates/" + code).body;
  CHECK(Contains(page, "<a href=\"/certificates/" + code + ".pdf\" download>Tải PDF</a>"));
  auto pdf = b.Get("/certificates/" + code + ".pdf");
  INFO(pdf.body.substr(0, 300));
  REQUIRE(pdf.status == 200);
  CHECK(pdf.content_type == "application/pdf");
  CHECK(pdf.body.compare(0, 5, "%PDF-") == 0);
  CHECK(Contains(pdf.HeaderValue("Content-Disposition"), "chung-nhan-" + code + ".pdf"));
  // One A4 page (595 x 842 points, either way up).
  CHECK(std::regex_search(
      pdf.body,
      std::regex("/MediaBox \\[\\s*0 0 (595\\.2\\d*\\s+841\\.8|841\\.8\\d*\\s+595\\.2)")));
  CHECK(Contains(pdf.body, "/Count 1\n"));
  // The same access as the page: whoever has the code (it is the certificate's
  // public proof); an unknown code is not found.
  Browser guest(t);
  CHECK(guest.Get("/certificates/" + code + ".pdf").status == 200);
  CHECK(guest.Get("/certificates/ZZZZ-ZZZZ-ZZZZ.pdf").status == 404);
}

// PATH without weasyprint for the scope (the site runs in this thread).
class PathWithoutTools {
 public:
  PathWithoutTools() : saved_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    setenv("PATH", "/nonexistent", 1);
  }
  ~PathWithoutTools() { setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

TEST_CASE("without the PDF tool the certificate has no PDF link and its PDF says why",
          "[lang][pdf]") {
  TestSite t{FixturePath("content-learning")};
  Browser b = Learner(t, "binh.tran");
  const std::string code = Certified(b);
  PathWithoutTools no_weasyprint;
  REQUIRE_FALSE(app::PdfRenderer().Available());
  const std::string page = b.Get("/certificates/" + code).body;
  CHECK(Contains(page, "certificate-course"));
  CHECK_FALSE(Contains(page, ".pdf"));
  auto pdf = b.Get("/certificates/" + code + ".pdf");
  CHECK(pdf.status == 503);
  CHECK(Contains(pdf.body, "weasyprint"));
}

}  // namespace
}  // namespace lophoc::http
