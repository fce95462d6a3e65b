// Tests of the web editor's use cases (server/app/authoring_service.h) over
// the real site's SQLite store: every change is checked as a whole package,
// stored as a revision naming who made it, or refused storing nothing.
#include "server/app/authoring_service.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "server/app/package_zip.h"
#include "tests/support/test_site.h"

namespace lophoc::app {
namespace {

using people::Actor;
using people::Role;
using testing::TestSite;

constexpr const char* kCourse = "tin-hoc-co-ban";

// The root of the tree, a unit of level nation: the fixture content is
// imported as national courses, which the trainers placed here author.
void AddNationRoot(TestSite& t) {
  auto vn = t.people().CreateOrgUnit(Actor::CommandLine(), {"VN", "Việt Nam", "nation", ""});
  INFO(vn.status().ToString());
  REQUIRE(vn.ok());
  REQUIRE(vn->path == "/1/");
}

// A trainer of the root unit made by AddNationRoot.
Actor Trainer() {
  Actor a;
  a.user_id = std::nullopt;
  a.username = "co.lan";
  a.roles = {Role::kTrainer};
  a.org_unit_id = 1;
  a.org_path = "/1/";
  return a;
}

Actor Learner() {
  Actor a;
  a.username = "hoc.vien";
  a.roles = {Role::kLearner};
  return a;
}

template <typename T>
T Must(Result<T> r) {
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(*r);
}

std::string Problems(const EditResult& r) {
  std::string out;
  for (const auto& p : r.problems) {
    out += p.file + ":" + std::to_string(p.line) + ": " + p.message + "\n";
  }
  return out;
}

int Revision(TestSite& t, const std::string& slug = kCourse) {
  return Must(t.course_store().LoadCourseWithFiles(slug)).revision_number;
}

int64_t AuditCount(TestSite& t, const std::string& action) {
  auto conn = t.db().Acquire();
  auto st = conn->Prepare("SELECT COUNT(*) FROM audit_log WHERE action = ?");
  REQUIRE(st.ok());
  st->Bind(1, action);
  REQUIRE(st->Step().ok());
  return st->ColumnInt(0);
}

// A zip with stored (uncompressed) entries, names as given: lets tests build
// archives no honest packer writes ("../x").
uint32_t Crc32(const std::string& s) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) {
    c ^= ch;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

void Put16(std::string& o, uint32_t v) {
  o += static_cast<char>(v & 0xFF);
  o += static_cast<char>((v >> 8) & 0xFF);
}
void Put32(std::string& o, uint32_t v) {
  Put16(o, v & 0xFFFF);
  Put16(o, v >> 16);
}

std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, central;
  for (const auto& [name, data] : entries) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    const uint32_t crc = Crc32(data);
    const auto size = static_cast<uint32_t>(data.size());
    Put32(out, 0x04034b50);
    Put16(out, 20), Put16(out, 0x0800), Put16(out, 0), Put16(out, 0), Put16(out, 0);
    Put32(out, crc), Put32(out, size), Put32(out, size);
    Put16(out, static_cast<uint32_t>(name.size())), Put16(out, 0);
    out += name + data;
    Put32(central, 0x02014b50);
    Put16(central, 20), Put16(central, 20), Put16(central, 0x0800), Put16(central, 0);
    Put16(central, 0), Put16(central, 0);
    Put32(central, crc), Put32(central, size), Put32(central, size);
    Put16(central, static_cast<uint32_t>(name.size()));
    Put16(central, 0), Put16(central, 0), Put16(central, 0), Put16(central, 0);
    Put32(central, 0), Put32(central, offset);
    central += name;
  }
  const uint32_t central_at = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0), Put16(out, 0);
  Put16(out, static_cast<uint32_t>(entries.size())), Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(central.size())), Put32(out, central_at);
  Put16(out, 0);
  return out;
}

const std::string kCourseMd =
    "---\nslug: zip-khoa\ntitle: Khóa từ zip\nsummary: Tải lên.\naudience: all\n---\nGiới thiệu.\n";
const std::string kLessonMd = "---\ntitle: Bài một\n---\nNội dung bài một.\n";

const std::string kGoodQuiz =
    "---\ntitle: Kiểm tra\n---\n\n## cau-1 [single]\nHai cộng hai?\n\n- [ ] Ba\n- [x] Bốn\n";

}  // namespace

TEST_CASE("saving a lesson makes a revision that names the trainer", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  LessonSource src = Must(a.GetLessonSource(Trainer(), kCourse, "chuot"));
  CHECK(src.file_name == "02-chuot.md");
  CHECK(src.text.rfind("---\ntitle: ", 0) == 0);
  const int base = Revision(t);
  EditResult r =
      Must(a.SaveLesson(Trainer(), kCourse, "chuot", src.text + "\nCâu mới của cô Lan.\n", base));
  INFO(Problems(r));
  REQUIRE(r.saved);
  CHECK(r.changed);
  CHECK(r.revision == base + 1);
  courses::StoredCourse c = Must(t.course_store().LoadCourseWithFiles(kCourse));
  CHECK(c.created_by == "co.lan");
  CHECK(c.source == "editor");
  auto lesson = Must(t.courses().GetLesson(kCourse, "chuot"));
  CHECK(lesson.rendered->html.find("Câu mới của cô Lan.") != std::string::npos);
  CHECK(AuditCount(t, "course.update") == 1);
  // The same text again stores nothing new.
  EditResult same = Must(a.SaveLesson(Trainer(), kCourse, "chuot",
                                      Must(a.GetLessonSource(Trainer(), kCourse, "chuot")).text,
                                      r.revision));
  CHECK(same.saved);
  CHECK_FALSE(same.changed);
  CHECK(Revision(t) == r.revision);
}

TEST_CASE("a lesson with errors is refused with its lines and nothing is stored",
          "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  const int base = Revision(t);
  // Line 5 is raw HTML; line 7 a picture that is not in the package.
  const std::string text =
      "---\ntitle: Chuột\n---\n\n<script>alert(1)</script>\n\n![Hình](images/khong-co.png)\n";
  EditResult r = Must(t.authoring().SaveLesson(Trainer(), kCourse, "chuot", text, base));
  INFO(Problems(r));
  CHECK_FALSE(r.saved);
  REQUIRE(r.HasErrors());
  std::vector<int> lines;
  for (const auto& p : r.problems) {
    CHECK(p.file == "02-chuot.md");
    lines.push_back(p.line);
  }
  CHECK(std::find(lines.begin(), lines.end(), 5) != lines.end());
  CHECK(std::find(lines.begin(), lines.end(), 7) != lines.end());
  CHECK(Revision(t) == base);
  // A broken front matter too.
  EditResult fm = Must(t.authoring().SaveLesson(Trainer(), kCourse, "chuot",
                                                "---\ntitle: A\ncolour: red\n---\nx\n", base));
  REQUIRE(fm.HasErrors());
  CHECK(fm.problems[0].line == 3);
  CHECK(Revision(t) == base);
}

TEST_CASE("only trainers and admins author, and a stale form is refused", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  CHECK(a.ListCourses(Learner()).status().code() == StatusCode::kPermissionDenied);
  CHECK(a.SaveLesson(Learner(), kCourse, "chuot", "x", 1).status().code() ==
        StatusCode::kPermissionDenied);
  CHECK(a.SetPublished(Learner(), kCourse, false).code() == StatusCode::kPermissionDenied);
  Actor admin = Learner();
  admin.roles = {Role::kAdmin};
  CHECK(a.ListCourses(admin).ok());
  CHECK(a.GetCourse(Trainer(), "khong-co").status().code() == StatusCode::kNotFound);
  const int base = Revision(t);
  const std::string text = Must(a.GetLessonSource(Trainer(), kCourse, "chuot")).text;
  REQUIRE(Must(a.SaveLesson(Trainer(), kCourse, "chuot", text + "\nMột.\n", base)).saved);
  // A second trainer who opened the same revision does not undo the first's work.
  auto stale = a.SaveLesson(Trainer(), kCourse, "chuot", text + "\nHai.\n", base);
  CHECK(stale.status().code() == StatusCode::kConflict);
  CHECK(Revision(t) == base + 1);
}

TEST_CASE("a quiz without a correct answer or with duplicate ids is refused by line",
          "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  const int base = Revision(t);
  const std::string no_correct =
      "---\ntitle: Kiểm tra\n---\n\n## cau-1 [single]\nHai cộng hai?\n\n- [ ] Ba\n- [ ] Năm\n";
  const std::string duplicate = kGoodQuiz + "\n## cau-1 [single]\nMột cộng một?\n\n- [x] Hai\n- [ ] Ba\n";
  for (const auto& [text, line] : {std::pair<std::string, int>{no_correct, 5}, {duplicate, 11}}) {
    CAPTURE(text);
    EditResult r = Must(a.SaveQuiz(Trainer(), kCourse, text, base));
    INFO(Problems(r));
    CHECK_FALSE(r.saved);
    REQUIRE(r.HasErrors());
    bool at_line = false;
    for (const auto& p : r.problems) at_line = at_line || (p.file == "quiz.md" && p.line == line);
    CHECK(at_line);
    QuizPreview preview = Must(a.PreviewQuiz(Trainer(), kCourse, text));
    CHECK_FALSE(preview.quiz);
    CHECK_FALSE(preview.problems.empty());
  }
  CHECK(Revision(t) == base);
  CHECK_FALSE(Must(t.course_store().LoadCourseWithFiles(kCourse)).package.quiz);
  EditResult ok = Must(a.SaveQuiz(Trainer(), kCourse, kGoodQuiz, base));
  INFO(Problems(ok));
  CHECK(ok.saved);
  CHECK(Must(t.course_store().LoadCourseWithFiles(kCourse)).package.quiz == kGoodQuiz);
  // An empty text removes the quiz.
  CHECK(Must(a.SaveQuiz(Trainer(), kCourse, "  \n", ok.revision)).saved);
  CHECK_FALSE(Must(t.course_store().LoadCourseWithFiles(kCourse)).package.quiz);
}

TEST_CASE("GIFT questions become the quiz, a broken GIFT file stores nothing", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  const int base = Revision(t);
  const std::string broken = "::q1:: Thủ đô của Việt Nam? {\n=Hà Nội\n~Huế\n\n::q2:: Hai? {=2}\n";
  EditResult bad = Must(a.ImportQuestions(Trainer(), kCourse, "cau-hoi.txt", broken,
                                          QuestionFormat::kGift,
                                          assessments::ImportMode::kReplace, base));
  INFO(Problems(bad));
  CHECK_FALSE(bad.saved);
  REQUIRE(bad.HasErrors());
  CHECK(bad.problems[0].file == "cau-hoi.txt");
  CHECK(bad.problems[0].line >= 1);
  CHECK(Revision(t) == base);
  const std::string good = "::thu-do:: Thủ đô của Việt Nam? {=Hà Nội ~Huế ~Đà Nẵng}\n";
  EditResult r = Must(a.ImportQuestions(Trainer(), kCourse, "cau-hoi.txt", good,
                                        QuestionFormat::kGift, assessments::ImportMode::kReplace,
                                        base));
  INFO(Problems(r));
  REQUIRE(r.saved);
  auto quiz = Must(t.course_store().LoadCourseWithFiles(kCourse)).package.quiz;
  REQUIRE(quiz);
  CHECK(quiz->find("Hà Nội") != std::string::npos);
}

TEST_CASE("publish and unpublish move a course in and out of the catalogue", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  REQUIRE(a.SetPublished(Trainer(), kCourse, false).ok());
  CHECK(t.courses().GetCourse(kCourse).status().code() == StatusCode::kNotFound);
  CHECK(Must(a.GetCourse(Trainer(), kCourse)).published == false);  // still editable
  CHECK(AuditCount(t, "course.unpublish") == 1);
  REQUIRE(a.SetPublished(Trainer(), kCourse, false).ok());  // no change, no audit row
  CHECK(AuditCount(t, "course.unpublish") == 1);
  REQUIRE(a.SetPublished(Trainer(), kCourse, true).ok());
  CHECK(t.courses().GetCourse(kCourse).ok());
  CHECK(AuditCount(t, "course.publish") == 1);
  CHECK(a.SetPublished(Trainer(), "khong-co", true).code() == StatusCode::kNotFound);
}

TEST_CASE("a new course starts unpublished, the history says who changed what",
          "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  EditResult bad = Must(a.CreateCourse(Trainer(), "Sai Slug", ""));
  CHECK(bad.problems.size() == 2);
  EditResult made = Must(a.CreateCourse(Trainer(), "tra-cuu", "Tra cứu sách"));
  INFO(Problems(made));
  REQUIRE(made.saved);
  CHECK(a.CreateCourse(Trainer(), "tra-cuu", "Lại").status().code() ==
        StatusCode::kAlreadyExists);
  CHECK(t.courses().GetCourse("tra-cuu").status().code() == StatusCode::kNotFound);
  CHECK(AuditCount(t, "course.create") == 1);
  EditResult added = Must(a.AddLesson(Trainer(), "tra-cuu", "muc-luc", "Mục lục", 1));
  INFO(Problems(added));
  REQUIRE(added.saved);
  EditResult removed = Must(a.RemoveLesson(Trainer(), "tra-cuu", "bai-1", 2));
  REQUIRE(removed.saved);
  // The last lesson cannot go.
  CHECK(Must(a.RemoveLesson(Trainer(), "tra-cuu", "muc-luc", 3)).HasErrors());
  const std::string course_md = Must(a.CourseSource(Trainer(), "tra-cuu"));
  REQUIRE(Must(a.SaveCourseFile(Trainer(), "tra-cuu", course_md + "\nThêm lời giới thiệu.\n", 3))
              .saved);
  auto history = Must(a.History(Trainer(), "tra-cuu"));
  REQUIRE(history.size() == 4);
  CHECK(history[0].number == 4);
  CHECK(history[0].current);
  CHECK(history[0].created_by == "co.lan");
  CHECK(history[0].source == "editor");
  CHECK(history[0].changes.settings);
  CHECK(history[1].changes.lessons_removed == std::vector<std::string>{"bai-1"});
  CHECK(history[2].changes.lessons_added == std::vector<std::string>{"muc-luc"});
  CHECK(history[3].changes.created);
  // The slug stays: a changed slug is refused at its line.
  std::string renamed = course_md;
  renamed.replace(renamed.find("tra-cuu"), 7, "tra-cuu-2");
  EditResult slug = Must(a.SaveCourseFile(Trainer(), "tra-cuu", renamed, 4));
  REQUIRE(slug.HasErrors());
  CHECK(slug.problems[0].line == 2);
}

TEST_CASE("the bundled import leaves courses edited on the server alone", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  const std::string text = Must(t.authoring().GetLessonSource(Trainer(), kCourse, "chuot")).text;
  REQUIRE(Must(t.authoring().SaveLesson(Trainer(), kCourse, "chuot", text + "\nSửa.\n", 1)).saved);
  Diagnostics diags;
  ImportReport report = Must(t.content().Import(testing::FixturePath("content-good"), "bundled",
                                                diags));
  CHECK(report.kept == std::vector<std::string>{kCourse});
  CHECK(Revision(t) == 2);
  CHECK(Must(t.course_store().LoadCourseWithFiles(kCourse)).source == "editor");
  // The command-line import, asked for by an operator, does replace it.
  ImportReport cli = Must(t.content().Import(testing::FixturePath("content-good"), "import", diags));
  CHECK(cli.kept.empty());
  CHECK(Revision(t) == 3);
}

TEST_CASE("pictures: safe names, allowed types and sizes only", "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  CHECK(SafePictureName("Ảnh Đẹp (1).PNG") == std::optional<std::string>("anh-dep-1.png"));
  CHECK(SafePictureName("../../etc/passwd.svg") == std::optional<std::string>("passwd.svg"));
  CHECK(SafePictureName("C:\\a\\b.jpg") == std::optional<std::string>("b.jpg"));
  CHECK_FALSE(SafePictureName("script.js"));
  CHECK_FALSE(SafePictureName("noext"));
  CHECK(SafePictureName("...png") == std::optional<std::string>("hinh.png"));
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "rest";
  const int base = Revision(t);
  struct Case {
    std::string name, bytes;
  };
  for (const Case& c : {Case{"a.exe", png}, Case{"a.png", "not a png"},
                        Case{"a.png", std::string(courses::kMaxPackageFileBytes + 1, 'x')},
                        Case{"a.png", ""}}) {
    CAPTURE(c.name, c.bytes.size());
    EditResult r = Must(a.AddPicture(Trainer(), kCourse, c.name, c.bytes, base));
    CHECK(r.HasErrors());
  }
  CHECK(Revision(t) == base);
  EditResult ok = Must(a.AddPicture(Trainer(), kCourse, "../Sơ đồ.png", png, base));
  INFO(Problems(ok));
  REQUIRE(ok.saved);
  CHECK(ok.path == "images/so-do.png");
  CHECK(Must(a.DraftFile(Trainer(), kCourse, "images/so-do.png")).bytes == png);
  // A picture a lesson shows cannot be removed; an unused one can.
  CHECK(Must(a.RemovePicture(Trainer(), kCourse, "images/man-hinh.svg", ok.revision)).HasErrors());
  CHECK(Must(a.RemovePicture(Trainer(), kCourse, "images/so-do.png", ok.revision)).saved);
  auto history = Must(a.History(Trainer(), kCourse));
  CHECK(history[1].changes.files_added == std::vector<std::string>{"images/so-do.png"});
  CHECK(history[0].changes.files_removed == std::vector<std::string>{"images/so-do.png"});
}

TEST_CASE("zip packages: download, upload as new or next revision, bad zips store nothing",
          "[authoring]") {
  TestSite t;
  AddNationRoot(t);
  AuthoringService& a = t.authoring();
  const std::string zip = Must(a.PackageZip(Trainer(), kCourse));
  CHECK(zip.rfind("PK", 0) == 0);
  // The downloaded package uploads back unchanged.
  EditResult same = Must(a.UploadPackage(Trainer(), zip, kCourse));
  INFO(Problems(same));
  CHECK(same.saved);
  CHECK_FALSE(same.changed);
  // Its slug is taken: not as a new course, and not as another course.
  CHECK(Must(a.UploadPackage(Trainer(), zip, "")).HasErrors());
  CHECK(Must(a.UploadPackage(Trainer(), zip, "dang-ky-tai-khoan")).HasErrors());

  const std::string fresh = StoredZip({{"course.md", kCourseMd}, {"01-bai-mot.md", kLessonMd}});
  EditResult made = Must(a.UploadPackage(Trainer(), fresh, ""));
  INFO(Problems(made));
  REQUIRE(made.saved);
  CHECK(made.slug == "zip-khoa");
  auto stored = Must(t.course_store().LoadCourseWithFiles("zip-khoa"));
  CHECK(stored.source == "upload");
  CHECK_FALSE(stored.published);
  CHECK(AuditCount(t, "course.create") == 1);

  const auto count_before = Must(a.ListCourses(Trainer())).size();
  for (const std::string& bad :
       {StoredZip({{"course.md", kCourseMd}, {"../01-bai-mot.md", kLessonMd}}),
        StoredZip({{"course.md", "---\nslug: zip-hai\n---\n"}, {"01-bai-mot.md", kLessonMd}}),
        std::string("not a zip at all")}) {
    EditResult r = Must(a.UploadPackage(Trainer(), bad, ""));
    INFO(Problems(r));
    CHECK_FALSE(r.saved);
    CHECK(r.HasErrors());
  }
  std::vector<std::pair<std::string, std::string>> many = {{"course.md", kCourseMd},
                                                           {"01-bai-mot.md", kLessonMd}};
  for (int i = 0; i < 400; ++i) many.push_back({"images/h" + std::to_string(i) + ".svg", "<svg/>"});
  CHECK(Must(a.UploadPackage(Trainer(), StoredZip(many), "")).HasErrors());
  CHECK(Must(a.ListCourses(Trainer())).size() == count_before);
}

}  // namespace lophoc::app
