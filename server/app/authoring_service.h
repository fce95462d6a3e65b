// AuthoringService: trainers create and edit courses, lessons and quizzes in
// the browser (docs/authoring.md). Every save goes through the package loader
// and quiz parser, so the editor accepts exactly what `lophoc check` accepts,
// and becomes a new course revision recording who made it.
//
// Each change is made on a copy of the course's current revision written out
// as a package folder (a private temporary folder), checked there as a whole
// and stored only when it has no error: nothing is ever half-written. Line
// numbers in problems are lines of the files the trainer edited.
//
// Who (people/people.h MayAuthorCourse): admins every course; trainers the
// courses owned by a unit of their subtree and those naming them. A course
// outside the actor's reach is NotFound, like one that does not exist;
// accounts without the trainer or admin role get PermissionDenied. A course
// made here belongs to its maker's org unit (national when the maker, an
// admin, has none). Saves carry the revision the trainer started
// from; when someone else saved in between the save is refused (Conflict)
// instead of silently undoing their work.
//
// Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "assessments/quiz.h"
#include "assessments/quiz_import.h"
#include "courses/course_store.h"
#include "courses/markdown.h"
#include "people/people.h"
#include "kernel/clock.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"

namespace lophoc::app {

// A problem with what was submitted. `file` is the package file it is in
// ("01-bai.md", "quiz.md", "images/a.png"); `line` is 1-based, 0 when it is
// about the whole file. `message` is English (for `lophoc check` and
// developers); pages say the problem from its `reason` and `params` (a
// reason listed in server/http/refusals.cpp), and mark `field`, the form
// field it is about ("slug", "lesson_title"), if any. A problem without a
// reason (a parser's that has none yet) is shown by its message.
struct AuthoringProblem {
  std::string file;
  int line = 0;
  bool warning = false;
  std::string message;
  std::string reason;
  std::string field;
  std::map<std::string, std::string> params;

  // An error about `file` (and `line`) saying `why`: its message, reason,
  // field and parameters.
  static AuthoringProblem From(std::string file, int line, const Status& why);
};

// The answer to a save: either stored (`saved`, with the course's revision
// now current; `changed` false when the text was the same as before) or
// refused with at least one error among `problems`. Warnings come either way.
struct EditResult {
  std::vector<AuthoringProblem> problems;
  bool saved = false;
  bool changed = false;
  int revision = 0;
  std::string path;  // AddPicture: where the picture was put ("images/x.png")
  std::string slug;  // CreateCourse, UploadPackage: the course
  bool HasErrors() const;
};

// A lesson as the editor shows it: the whole file text, front matter included.
struct LessonSource {
  std::string slug;
  std::string file_name;
  std::string text;
  std::string title;
};

struct LessonPreview {
  std::vector<AuthoringProblem> problems;
  std::string title;
  courses::RenderedMarkdown rendered;  // safe HTML; pictures point at DraftFile URLs
};

struct QuizPreview {
  std::vector<AuthoringProblem> problems;
  std::optional<assessments::Quiz> quiz;  // when it parses
};

enum class QuestionFormat { kGift, kAiken };

// Limits of what the editor takes.
inline constexpr size_t kMaxPictureNameBytes = 80;
inline constexpr size_t kMaxNamedAuthors = 50;

class AuthoringService {
 public:
  AuthoringService(courses::CourseStore* store, ContentService* content, CourseService* courses,
                   const Clock* clock)
      : store_(store), content_(content), courses_(courses), clock_(clock) {}

  // Trainers and admins (which courses: MayAuthorCourse).
  static bool MayAuthor(const people::Actor& actor);

  // Every course the actor may author, published or not.
  Result<std::vector<courses::CourseListing>> ListCourses(const people::Actor& actor);
  // The current revision of a course, file bytes included. NotFound.
  Result<courses::StoredCourse> GetCourse(const people::Actor& actor, const std::string& slug);
  Result<std::vector<courses::RevisionInfo>> History(const people::Actor& actor,
                                                     const std::string& slug);
  // A file of the current revision, published or not (preview pictures).
  Result<courses::StoredFile> DraftFile(const people::Actor& actor, const std::string& slug,
                                        const std::string& path);

  // The course.md text and one lesson's file text, as `lophoc export` writes them.
  Result<std::string> CourseSource(const people::Actor& actor, const std::string& slug);
  Result<LessonSource> GetLessonSource(const people::Actor& actor, const std::string& slug,
                                       const std::string& lesson_slug);

  // A new unpublished course with course.md and one first lesson, owned by
  // the actor's org unit (PermissionDenied for a trainer without one).
  // Problems name the field ("slug", "title") in `file`. AlreadyExists for a
  // taken slug.
  Result<EditResult> CreateCourse(const people::Actor& actor, const std::string& slug,
                                  const std::string& title);
  // Replaces course.md (the slug cannot change here).
  Result<EditResult> SaveCourseFile(const people::Actor& actor, const std::string& slug,
                                    const std::string& text, int base_revision);
  // Replaces one lesson's file; the file name (number and slug) stays.
  Result<EditResult> SaveLesson(const people::Actor& actor, const std::string& slug,
                                const std::string& lesson_slug, const std::string& text,
                                int base_revision);
  // Adds a lesson after the last one, titled `title`.
  Result<EditResult> AddLesson(const people::Actor& actor, const std::string& slug,
                               const std::string& lesson_slug, const std::string& title,
                               int base_revision);
  // Removes a lesson (a course keeps at least one).
  Result<EditResult> RemoveLesson(const people::Actor& actor, const std::string& slug,
                                  const std::string& lesson_slug, int base_revision);
  // Checks a lesson text as SaveLesson would, stores nothing, and renders it.
  Result<LessonPreview> PreviewLesson(const people::Actor& actor, const std::string& slug,
                                      const std::string& lesson_slug, const std::string& text);
  // Replaces quiz.md; an empty (blank) text removes the quiz.
  Result<EditResult> SaveQuiz(const people::Actor& actor, const std::string& slug,
                              const std::string& text, int base_revision);
  Result<QuizPreview> PreviewQuiz(const people::Actor& actor, const std::string& slug,
                                  const std::string& text);
  // Converts a GIFT or Aiken file into the course's quiz.md (ImportIntoQuiz)
  // and saves it; problems are lines of the uploaded file (`file` is its name).
  Result<EditResult> ImportQuestions(const people::Actor& actor, const std::string& slug,
                                     const std::string& file_name, const std::string& bytes,
                                     QuestionFormat format, assessments::ImportMode mode,
                                     int base_revision);
  // Puts a picture under images/ with a safe name made from `file_name`
  // (replacing one of the same name). Only the types PackageFileContentType
  // allows, at most kMaxPackageFileBytes, content matching the type.
  Result<EditResult> AddPicture(const people::Actor& actor, const std::string& slug,
                                const std::string& file_name, const std::string& bytes,
                                int base_revision);
  // Removes a picture; refused (with the lines) while a lesson still shows it.
  Result<EditResult> RemovePicture(const people::Actor& actor, const std::string& slug,
                                   const std::string& path, int base_revision);

  // Shows or hides the course in the catalogue (audit 'course.publish' /
  // 'course.unpublish'). NotFound.
  Status SetPublished(const people::Actor& actor, const std::string& slug, bool published);

  // Who authors the course. NotFound outside the actor's reach.
  Result<courses::CourseAuthoring> Authoring(const people::Actor& actor, const std::string& slug);
  // Gives the course to another owner: `owner_code` an org unit code, empty
  // for national. Admins only (PermissionDenied); audit 'course.owner'.
  Status SetOwner(const people::Actor& actor, const std::string& slug,
                  const std::string& owner_code);
  // Replaces the accounts named as authors. Admins, and trainers of the
  // owner's subtree (not those only named: PermissionDenied); audit
  // 'course.authors'. NotFound for an unknown account id.
  Status SetAuthors(const people::Actor& actor, const std::string& slug,
                    const std::vector<int64_t>& user_ids);

  // The current revision as a zip of its package folder.
  Result<std::string> PackageZip(const people::Actor& actor, const std::string& slug);
  // A zipped package as a new course, or a new revision of `expected_slug`
  // when that is non-empty (the zip's slug must then be the same). Problems
  // name the zip's files; nothing is stored when there is any error.
  Result<EditResult> UploadPackage(const people::Actor& actor, const std::string& zip_bytes,
                                   const std::string& expected_slug);

 private:
  Result<courses::StoredCourse> Load(const people::Actor& actor, const std::string& slug);
  // OK when the actor may author `slug`; NotFound otherwise (or unknown).
  Status CheckReach(const people::Actor& actor, const std::string& slug);
  people::AuditEntry Audit(const people::Actor& actor, const std::string& action,
                            const std::string& details_json) const;

  courses::CourseStore* store_;
  ContentService* content_;
  CourseService* courses_;
  const Clock* clock_;
};

// A picture's name in a package made from an uploaded file's name: lower-case
// ASCII letters, digits and '-' (Vietnamese letters lose their marks), with
// its extension; nullopt when nothing is left or the type is not allowed.
std::optional<std::string> SafePictureName(const std::string& file_name);

// Whether `bytes` look like a picture of `content_type` (magic numbers; for
// SVG an <svg element in UTF-8 text).
bool LooksLikePicture(const std::string& content_type, const std::string& bytes);

}  // namespace lophoc::app
