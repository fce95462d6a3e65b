// AuthoringService's use cases (authoring_service.h). Over 450 lines because
// every edit (course.md, lessons, quiz, imports, pictures, zip uploads)
// shares the reach rules and the draft-check-commit path kept here, and each
// refusal is spelled out with its reason; the draft folder is in
// authoring_draft.cpp, zips in package_zip.cpp.
#include "server/app/authoring_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "assessments/aiken_parser.h"
#include "assessments/gift_parser.h"
#include "assessments/quiz_parser.h"
#include "kernel/front_matter.h"
#include "courses/package_loader.h"
#include "kernel/text.h"
#include "server/app/authoring_draft.h"
#include "server/app/package_zip.h"

namespace lophoc::app {
namespace {

using people::Actor;
using courses::StoredCourse;

// OK when `actor` may author at all (trainers and admins).
Status CheckMayAuthor(const Actor& actor) {
  if (AuthoringService::MayAuthor(actor)) return Status::Ok();
  return Status::PermissionDenied("only trainers and admins edit courses")
      .WithReason("author_role_needed");
}

Status CheckBase(const StoredCourse& c, int base_revision) {
  if (c.revision_number == base_revision) return Status::Ok();
  return Status::Conflict("course '" + c.package.slug + "' was saved as revision " +
                          std::to_string(c.revision_number) + " since you opened revision " +
                          std::to_string(base_revision))
      .WithReason("course_changed")
      .WithParam("revision", c.revision_number)
      .WithParam("base", base_revision);
}

// The store's Conflict when another revision was saved meanwhile, as the
// editor's refusal.
Status SavedMeanwhile(const Status& s) {
  if (s.code() != StatusCode::kConflict || !s.reason().empty()) return s;
  return Status::Conflict(s.message()).WithReason("course_changed");
}

Status OutOfReach(const std::string& slug) { return CourseNotFound(slug); }

Status NoLesson(const std::string& lesson_slug) {
  return Status::NotFound("no lesson '" + lesson_slug + "'")
      .WithReason("lesson_not_found")
      .WithParam("lesson", lesson_slug);
}

Status TrainerWithoutUnit() {
  return Status::PermissionDenied(
             "a trainer needs an org unit to create courses (the course belongs to it)")
      .WithReason("author_needs_unit");
}

// A slug or title typed in a form, refused.
Status BadSlug(const std::string& field) {
  return Status::InvalidArgument("slug must be 2-64 lower-case ASCII letters, digits and hyphens")
      .WithReason("slug_invalid")
      .WithField(field);
}
Status BadTitle(const std::string& field) {
  return Status::InvalidArgument("title must be one line of 1-200 characters")
      .WithReason("title_invalid")
      .WithField(field)
      .WithParam("limit", 200);
}

bool InReach(const Actor& actor, const courses::CourseAuthoring& a) {
  return people::MayAuthorCourse(actor, a.owner_path, a.author_ids);
}

SaveOptions EditorSave(const Actor& actor, const std::string& source, const std::string& action,
                       int expected_revision) {
  SaveOptions o;
  o.owner_org_id = actor.org_unit_id;
  o.source = source;
  o.created_by = actor.username;
  o.actor_user_id = actor.user_id;
  o.audit_action = action;
  o.publish_new = false;  // a course made here waits until a trainer publishes it
  o.expected_revision = expected_revision;
  return o;
}

// Preview pictures and lesson links stay inside the editor, which also
// serves unpublished courses.
courses::UrlResolver DraftUrlResolver(const std::string& slug) {
  courses::UrlResolver published = PackageUrlResolver(slug);
  return [slug, published](std::string_view url, bool is_image) -> std::optional<std::string> {
    std::optional<std::string> to = published(url, is_image);
    const std::string course = "/courses/" + slug + "/";
    if (!to || to->rfind(course, 0) != 0) return to;
    const std::string rest = to->substr(course.size());
    if (rest.rfind("media/", 0) == 0) return "/author/courses/" + slug + "/" + rest;
    return "/author/courses/" + slug + "/lessons/" + rest;
  };
}

const courses::Lesson* FindLesson(const StoredCourse& c, const std::string& lesson_slug) {
  return c.package.FindLesson(lesson_slug);
}

std::string FirstLessonText() {
  courses::Lesson l;
  l.title = "Bài 1";
  l.markdown = "Viết nội dung bài học ở đây.\n";
  return LessonFileText(l);
}

}  // namespace

AuthoringProblem AuthoringProblem::From(std::string file, int line, const Status& why) {
  return {std::move(file), line, false, why.message(), why.reason(), why.field(), why.params()};
}

bool EditResult::HasErrors() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const AuthoringProblem& p) { return !p.warning; });
}

bool AuthoringService::MayAuthor(const Actor& actor) {
  return actor.Has(people::Role::kTrainer) || actor.Has(people::Role::kAdmin);
}

Result<StoredCourse> AuthoringService::Load(const Actor& actor, const std::string& slug) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto c = store_->LoadCourseWithFiles(slug);
  if (c.ok() && !InReach(actor, c->authoring)) return OutOfReach(slug);
  return c;
}

Status AuthoringService::CheckReach(const Actor& actor, const std::string& slug) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto a = store_->LoadCourseAuthoring(slug);
  if (!a.ok()) return a.status();
  return InReach(actor, *a) ? Status::Ok() : OutOfReach(slug);
}

people::AuditEntry AuthoringService::Audit(const Actor& actor, const std::string& action,
                                            const std::string& details_json) const {
  people::AuditEntry a;
  a.at = FormatIso8601(clock_->Now());
  a.actor_user_id = actor.user_id;
  a.actor = actor.username;
  a.action = action;
  a.details_json = details_json;
  return a;
}

Result<std::vector<courses::CourseListing>> AuthoringService::ListCourses(const Actor& actor) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto all = store_->ListAllCourses();
  if (!all.ok()) return all;
  all->erase(std::remove_if(all->begin(), all->end(),
                            [&](const courses::CourseListing& c) {
                              return !InReach(actor, c.authoring);
                            }),
             all->end());
  return all;
}

Result<courses::CourseAuthoring> AuthoringService::Authoring(const Actor& actor,
                                                             const std::string& slug) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto a = store_->LoadCourseAuthoring(slug);
  if (a.ok() && !InReach(actor, *a)) return OutOfReach(slug);
  return a;
}

Status AuthoringService::SetOwner(const Actor& actor, const std::string& slug,
                                  const std::string& owner_code) {
  if (Status s = CheckReach(actor, slug); !s.ok()) return s;
  if (!actor.Has(people::Role::kAdmin)) {
    return Status::PermissionDenied("only admins give a course to another owner")
        .WithReason("course_owner_admin_only");
  }
  if (!owner_code.empty()) {
    if (Status s = people::ValidateCode("owner", owner_code); !s.ok()) return s;
  }
  const nlohmann::json d = {{"owner", owner_code.empty() ? nlohmann::json() : nlohmann::json(owner_code)}};
  return store_->SetCourseOwner(slug, owner_code, Audit(actor, "course.owner", d.dump()));
}

Status AuthoringService::SetAuthors(const Actor& actor, const std::string& slug,
                                    const std::vector<int64_t>& user_ids) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto a = store_->LoadCourseAuthoring(slug);
  if (!a.ok()) return a.status();
  if (!InReach(actor, *a)) return OutOfReach(slug);
  // Named authors cannot name others: only the owner's own trainers (and admins).
  const bool owners = actor.Has(people::Role::kAdmin) ||
                      people::MayAuthorCourse(actor, a->owner_path, {});
  if (!owners) {
    return Status::PermissionDenied("only admins and the owner's trainers name a course's authors")
        .WithReason("course_authors_owner_only");
  }
  if (user_ids.size() > kMaxNamedAuthors) {
    return Status::InvalidArgument("a course names at most " + std::to_string(kMaxNamedAuthors) +
                                   " authors")
        .WithReason("course_too_many_authors")
        .WithField("authors")
        .WithParam("limit", static_cast<int64_t>(kMaxNamedAuthors));
  }
  std::vector<int64_t> ids = user_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const nlohmann::json d = {{"authors", ids}};
  return store_->SetCourseAuthors(slug, ids, Audit(actor, "course.authors", d.dump()));
}

Result<StoredCourse> AuthoringService::GetCourse(const Actor& actor, const std::string& slug) {
  return Load(actor, slug);
}

Result<std::vector<courses::RevisionInfo>> AuthoringService::History(const Actor& actor,
                                                                     const std::string& slug) {
  if (Status s = CheckReach(actor, slug); !s.ok()) return s;
  return store_->ListRevisions(slug);
}

Result<courses::StoredFile> AuthoringService::DraftFile(const Actor& actor,
                                                        const std::string& slug,
                                                        const std::string& path) {
  if (Status s = CheckReach(actor, slug); !s.ok()) return s;
  return store_->LoadDraftFile(slug, path);
}

Result<std::string> AuthoringService::CourseSource(const Actor& actor, const std::string& slug) {
  auto c = Load(actor, slug);
  if (!c.ok()) return c.status();
  return CourseFileText(c->package);
}

Result<LessonSource> AuthoringService::GetLessonSource(const Actor& actor,
                                                       const std::string& slug,
                                                       const std::string& lesson_slug) {
  auto c = Load(actor, slug);
  if (!c.ok()) return c.status();
  const courses::Lesson* l = FindLesson(*c, lesson_slug);
  if (l == nullptr) return NoLesson(lesson_slug);
  return LessonSource{l->slug, LessonFileName(*l), LessonFileText(*l), l->title};
}

// Checks the draft as a whole and stores it as the course's next revision.
static Result<EditResult> Commit(ContentService* content, const PackageDraft& draft,
                                 const std::string& slug, const std::string& focus,
                                 SaveOptions options, EditResult r) {
  std::optional<courses::CoursePackage> pkg = CheckPackageFolder(draft.dir(), focus, r.problems);
  if (!pkg) return r;
  if (!slug.empty() && pkg->slug != slug) {
    r.problems.push_back(AuthoringProblem::From(
        "course.md", pkg->slug_line,
        Status::InvalidArgument("the slug must stay '" + slug + "' (a new slug makes a new course)")
            .WithReason("course_slug_must_stay")
            .WithParam("slug", slug)));
    return r;
  }
  auto saved = content->Save(*pkg, options);
  if (!saved.ok()) return SavedMeanwhile(saved.status());
  r.saved = true;
  r.changed = saved->outcome != courses::SaveOutcome::kUnchanged;
  r.revision = saved->revision;
  r.slug = pkg->slug;
  return r;
}

Result<EditResult> AuthoringService::CreateCourse(const Actor& actor, const std::string& slug,
                                                  const std::string& title) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  if (!actor.org_unit_id && !actor.Has(people::Role::kAdmin)) {
    return TrainerWithoutUnit();
  }
  EditResult r;
  if (!IsValidSlug(slug)) r.problems.push_back(AuthoringProblem::From("", 0, BadSlug("slug")));
  const std::string t(Trim(title));
  if (t.empty() || t.find_first_of("\r\n") != std::string::npos || Utf8Length(t) > 200) {
    r.problems.push_back(AuthoringProblem::From("", 0, BadTitle("title")));
  }
  if (r.HasErrors()) return r;
  auto existing = store_->LoadCourseWithFiles(slug);
  if (existing.ok()) {
    return Status::AlreadyExists("a course with slug '" + slug + "' exists")
        .WithReason("course_slug_taken")
        .WithField("slug")
        .WithParam("slug", slug);
  }
  if (existing.status().code() != StatusCode::kNotFound) return existing.status();
  courses::CoursePackage pkg;
  pkg.slug = slug;
  pkg.title = t;
  pkg.summary = t;
  pkg.intro_markdown = "Giới thiệu khóa học.\n";
  auto draft = PackageDraft::Create();
  if (!draft.ok()) return draft.status();
  Status s = draft->Write("course.md", CourseFileText(pkg));
  if (s.ok()) s = draft->Write("01-bai-1.md", FirstLessonText());
  if (!s.ok()) return s;
  return Commit(content_, *draft, slug, "", EditorSave(actor, "editor", "course.create", 0), r);
}

// The common shape of an edit: the current revision into a draft, the
// change applied there by `apply`, then Commit.
template <typename Apply>
static Result<EditResult> Edit(ContentService* content,
                               courses::CourseStore* store, const Actor& actor,
                               const std::string& slug, int base_revision,
                               const std::string& focus, Apply apply) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  auto course = store->LoadCourseWithFiles(slug);
  if (!course.ok()) return course.status();
  if (!InReach(actor, course->authoring)) return OutOfReach(slug);
  if (Status s = CheckBase(*course, base_revision); !s.ok()) return s;
  auto draft = PackageDraft::FromPackage(course->package);
  if (!draft.ok()) return draft.status();
  EditResult r;
  std::string file = focus;
  if (Status s = apply(*course, *draft, r, file); !s.ok()) return s;
  if (r.HasErrors()) return r;
  return Commit(content, *draft, slug, file,
                EditorSave(actor, "editor", "course.update", base_revision), std::move(r));
}

Result<EditResult> AuthoringService::SaveCourseFile(const Actor& actor, const std::string& slug,
                                                    const std::string& text,
                                                    int base_revision) {
  return Edit(content_, store_, actor, slug, base_revision, "course.md",
              [&](const StoredCourse&, const PackageDraft& d, EditResult&, std::string&) {
                return d.Write("course.md", text);
              });
}

Result<EditResult> AuthoringService::SaveLesson(const Actor& actor, const std::string& slug,
                                                const std::string& lesson_slug,
                                                const std::string& text, int base_revision) {
  return Edit(content_, store_, actor, slug, base_revision, "",
              [&](const StoredCourse& c, const PackageDraft& d, EditResult&, std::string& file) {
                const courses::Lesson* l = FindLesson(c, lesson_slug);
                if (l == nullptr) return NoLesson(lesson_slug);
                file = LessonFileName(*l);
                return d.Write(file, text);
              });
}

Result<EditResult> AuthoringService::AddLesson(const Actor& actor, const std::string& slug,
                                               const std::string& lesson_slug,
                                               const std::string& title, int base_revision) {
  return Edit(
      content_, store_, actor, slug, base_revision, "",
      [&](const StoredCourse& c, const PackageDraft& d, EditResult& r, std::string& file) {
        if (!IsValidSlug(lesson_slug)) {
          r.problems.push_back(AuthoringProblem::From("", 0, BadSlug("lesson_slug")));
        } else if (FindLesson(c, lesson_slug) != nullptr) {
          r.problems.push_back(AuthoringProblem::From(
              "", 0,
              Status::AlreadyExists("lesson slug '" + lesson_slug + "' is already used")
                  .WithReason("lesson_slug_taken")
                  .WithField("lesson_slug")
                  .WithParam("slug", lesson_slug)));
        }
        const std::string t(Trim(title));
        if (t.empty() || t.find_first_of("\r\n") != std::string::npos || Utf8Length(t) > 200) {
          r.problems.push_back(AuthoringProblem::From("", 0, BadTitle("lesson_title")));
        }
        if (r.HasErrors()) return Status::Ok();
        courses::Lesson l;
        l.number = 1;
        for (const auto& o : c.package.lessons) l.number = std::max(l.number, o.number + 1);
        l.slug = lesson_slug;
        l.title = t;
        l.markdown = "Viết nội dung bài học ở đây.\n";
        file = LessonFileName(l);
        return d.Write(file, LessonFileText(l));
      });
}

Result<EditResult> AuthoringService::RemoveLesson(const Actor& actor, const std::string& slug,
                                                  const std::string& lesson_slug,
                                                  int base_revision) {
  return Edit(content_, store_, actor, slug, base_revision, "",
              [&](const StoredCourse& c, const PackageDraft& d, EditResult&, std::string&) {
                const courses::Lesson* l = FindLesson(c, lesson_slug);
                if (l == nullptr) return NoLesson(lesson_slug);
                return d.Remove(LessonFileName(*l));
              });
}

Result<LessonPreview> AuthoringService::PreviewLesson(const Actor& actor,
                                                      const std::string& slug,
                                                      const std::string& lesson_slug,
                                                      const std::string& text) {
  auto c = Load(actor, slug);
  if (!c.ok()) return c.status();
  const courses::Lesson* l = FindLesson(*c, lesson_slug);
  if (l == nullptr) return NoLesson(lesson_slug);
  const std::string file = LessonFileName(*l);
  auto draft = PackageDraft::FromPackage(c->package);
  if (!draft.ok()) return draft.status();
  if (Status s = draft->Write(file, text); !s.ok()) return s;
  LessonPreview p;
  auto pkg = CheckPackageFolder(draft->dir(), file, p.problems);
  std::string body = ToNfc(NormalizeNewlines(text));
  p.title = l->title;
  if (pkg) {
    const courses::Lesson* checked = pkg->FindLesson(lesson_slug);
    if (checked != nullptr) {
      body = checked->markdown;
      p.title = checked->title;
    }
  } else {
    // Show what can be shown even when the text has errors.
    Diagnostics ignored;
    FileDiagnostics d(&ignored, file);
    if (auto fm = ParseFrontMatter(body, d)) {
      body = fm->body;
      p.title = FrontMatterString(*fm, "title", l->title);
    }
  }
  p.rendered = courses::RenderMarkdown(body, DraftUrlResolver(slug));
  return p;
}

Result<EditResult> AuthoringService::SaveQuiz(const Actor& actor, const std::string& slug,
                                              const std::string& text, int base_revision) {
  return Edit(content_, store_, actor, slug, base_revision, "quiz.md",
              [&](const StoredCourse& c, const PackageDraft& d, EditResult&, std::string&) {
                if (text.find_first_not_of(" \t\r\n") != std::string::npos) {
                  return d.Write("quiz.md", text);
                }
                return c.package.quiz ? d.Remove("quiz.md") : Status::Ok();
              });
}

Result<QuizPreview> AuthoringService::PreviewQuiz(const Actor& actor, const std::string& slug,
                                                  const std::string& text) {
  auto c = Load(actor, slug);
  if (!c.ok()) return c.status();
  QuizPreview p;
  Diagnostics diags;
  FileDiagnostics d(&diags, "quiz.md");
  std::string normalized = ToNfc(NormalizeNewlines(text));
  if (normalized.rfind("\xEF\xBB\xBF", 0) == 0) normalized.erase(0, 3);
  p.quiz = assessments::ParseQuiz(normalized, d);
  AddProblems(diags, "", p.problems);
  return p;
}

Result<EditResult> AuthoringService::ImportQuestions(const Actor& actor, const std::string& slug,
                                                     const std::string& file_name,
                                                     const std::string& bytes,
                                                     QuestionFormat format,
                                                     assessments::ImportMode mode,
                                                     int base_revision) {
  return Edit(
      content_, store_, actor, slug, base_revision, "quiz.md",
      [&](const StoredCourse& c, const PackageDraft& d, EditResult& r, std::string&) {
        if (!IsValidUtf8(bytes)) {
          r.problems.push_back(AuthoringProblem::From(
              file_name, 0,
              Status::InvalidArgument("the file is not UTF-8 text").WithReason("file_not_utf8")));
          return Status::Ok();
        }
        std::string text = ToNfc(NormalizeNewlines(bytes));
        if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
        Diagnostics diags;
        FileDiagnostics fd(&diags, file_name);
        auto questions = format == QuestionFormat::kGift ? assessments::ParseGift(text, fd)
                                                         : assessments::ParseAiken(text, fd);
        AddProblems(diags, "", r.problems);
        if (!questions) {
          if (!r.HasErrors()) {
            r.problems.push_back(AuthoringProblem::From(
                file_name, 0,
                Status::InvalidArgument("no questions read").WithReason("import_no_questions")));
          }
          return Status::Ok();
        }
        auto quiz = assessments::ImportIntoQuiz(c.package.quiz, *questions, mode,
                                                c.package.title);
        if (!quiz.ok()) {
          r.problems.push_back(AuthoringProblem::From("quiz.md", 0, quiz.status()));
          return Status::Ok();
        }
        return d.Write("quiz.md", *quiz);
      });
}

Result<EditResult> AuthoringService::AddPicture(const Actor& actor, const std::string& slug,
                                                const std::string& file_name,
                                                const std::string& bytes, int base_revision) {
  return Edit(
      content_, store_, actor, slug, base_revision, "",
      [&](const StoredCourse&, const PackageDraft& d, EditResult& r, std::string& file) {
        std::optional<std::string> name = SafePictureName(file_name);
        auto refuse = [&](const std::string& message, const char* reason) {
          r.problems.push_back(AuthoringProblem::From(
              file_name, 0, Status::InvalidArgument(message).WithReason(reason)));
        };
        if (!name) {
          refuse("a picture must be .svg, .png, .jpg, .jpeg, .gif or .webp", "picture_type");
        } else if (bytes.empty()) {
          refuse("the file is empty", "file_empty");
        } else if (bytes.size() > courses::kMaxPackageFileBytes) {
          refuse("file is larger than 2 MiB", "picture_too_large");
        } else if (!LooksLikePicture(courses::PackageFileContentType(*name), bytes)) {
          refuse("the file's content is not a picture of its type", "picture_content");
        }
        if (r.HasErrors()) return Status::Ok();
        r.path = "images/" + *name;
        file = r.path;
        return d.Write(r.path, bytes);
      });
}

Result<EditResult> AuthoringService::RemovePicture(const Actor& actor, const std::string& slug,
                                                   const std::string& path, int base_revision) {
  return Edit(content_, store_, actor, slug, base_revision, "",
              [&](const StoredCourse& c, const PackageDraft& d, EditResult&, std::string&) {
                if (c.package.FindFile(path) == nullptr) {
                  return Status::NotFound("no picture '" + path + "'")
                      .WithReason("picture_not_found")
                      .WithParam("path", path);
                }
                return d.Remove(path);
              });
}

Status AuthoringService::SetPublished(const Actor& actor, const std::string& slug,
                                      bool published) {
  if (Status s = CheckReach(actor, slug); !s.ok()) return s;
  return store_->SetPublished(slug, published,
                              Audit(actor, published ? "course.publish" : "course.unpublish", "{}"));
}

Result<std::string> AuthoringService::PackageZip(const Actor& actor, const std::string& slug) {
  auto c = Load(actor, slug);
  if (!c.ok()) return c.status();
  auto draft = PackageDraft::FromPackage(c->package);
  if (!draft.ok()) return draft.status();
  return PackPackageZip(draft->dir());
}

Result<EditResult> AuthoringService::UploadPackage(const Actor& actor,
                                                   const std::string& zip_bytes,
                                                   const std::string& expected_slug) {
  LOPHOC_RETURN_IF_ERROR(CheckMayAuthor(actor));
  if (!expected_slug.empty()) {
    if (Status s = CheckReach(actor, expected_slug); !s.ok()) return s;
  } else if (!actor.org_unit_id && !actor.Has(people::Role::kAdmin)) {
    return TrainerWithoutUnit();
  }
  auto draft = PackageDraft::Create();
  if (!draft.ok()) return draft.status();
  EditResult r;
  Status unpacked = UnpackPackageZip(zip_bytes, draft->dir());
  if (!unpacked.ok()) {
    if (unpacked.code() != StatusCode::kInvalidArgument) return unpacked;
    r.problems.push_back(AuthoringProblem::From("", 0, unpacked));
    return r;
  }
  std::optional<courses::CoursePackage> pkg = CheckPackageFolder(draft->dir(), "", r.problems);
  if (!pkg) return r;
  int expected = 0;
  auto existing = store_->LoadCourseWithFiles(pkg->slug);
  if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  if (!expected_slug.empty()) {
    if (pkg->slug != expected_slug) {
      r.problems.push_back(AuthoringProblem::From(
          "course.md", pkg->slug_line,
          Status::InvalidArgument("this package is course '" + pkg->slug + "', not '" +
                                  expected_slug + "'")
              .WithReason("package_other_course")
              .WithParam("slug", pkg->slug)
              .WithParam("expected", expected_slug)));
      return r;
    }
    if (!existing.ok()) return existing.status();
    expected = existing->revision_number;
  } else if (existing.ok()) {
    r.problems.push_back(AuthoringProblem::From(
        "course.md", pkg->slug_line,
        Status::AlreadyExists("a course '" + pkg->slug +
                              "' exists already: upload the package on its page to replace it")
            .WithReason("package_course_exists")
            .WithParam("slug", pkg->slug)));
    return r;
  }
  const std::string action = expected_slug.empty() ? "course.create" : "course.upload";
  auto saved = content_->Save(*pkg, EditorSave(actor, "upload", action, expected));
  if (!saved.ok()) return SavedMeanwhile(saved.status());
  r.saved = true;
  r.changed = saved->outcome != courses::SaveOutcome::kUnchanged;
  r.revision = saved->revision;
  r.slug = pkg->slug;
  return r;
}

std::optional<std::string> SafePictureName(const std::string& file_name) {
  std::string base = file_name;
  const size_t slash = base.find_last_of("/\\");
  if (slash != std::string::npos) base = base.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  std::string ext = FoldCase(base.substr(dot + 1));
  if (courses::PackageFileContentType("x." + ext).empty()) return std::nullopt;
  const std::string folded = FoldForSearch(base.substr(0, dot));
  std::string stem;
  for (char ch : folded) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (keep) {
      stem += ch;
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  const size_t max_stem = kMaxPictureNameBytes - ext.size() - 1;
  if (stem.size() > max_stem) stem.resize(max_stem);
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  if (stem.empty()) stem = "hinh";
  return stem + "." + ext;
}

bool LooksLikePicture(const std::string& type, const std::string& b) {
  auto starts = [&b](std::string_view magic) { return b.compare(0, magic.size(), magic) == 0; };
  if (type == "image/png") return starts("\x89PNG\r\n\x1a\n");
  if (type == "image/jpeg") return starts("\xFF\xD8\xFF");
  if (type == "image/gif") return starts("GIF87a") || starts("GIF89a");
  if (type == "image/webp") return starts("RIFF") && b.size() >= 12 && b.compare(8, 4, "WEBP") == 0;
  if (type == "image/svg+xml") return IsValidUtf8(b) && b.find("<svg") != std::string::npos;
  return false;
}

}  // namespace lophoc::app
