#include "server/app/content_service.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "assessments/quiz_parser.h"
#include "kernel/front_matter.h"
#include "courses/markdown.h"
#include "kernel/text.h"
#include "server/app/crypto.h"

namespace lophoc::app {
namespace fs = std::filesystem;
namespace {

void AddField(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += '\0';
  out += std::to_string(value.size());
  out += '\0';
  out += value;
  out += '\0';
}

FrontMatterEntry Entry(std::string key, std::string value) {
  FrontMatterEntry e;
  e.key = std::move(key);
  e.value = std::move(value);
  return e;
}

}  // namespace

std::string CourseFileText(const courses::CoursePackage& p) {
  std::vector<FrontMatterEntry> fm = {Entry("slug", p.slug), Entry("title", p.title)};
  if (!p.title_en.empty()) fm.push_back(Entry("title_en", p.title_en));
  fm.push_back(Entry("summary", p.summary));
  if (!p.summary_en.empty()) fm.push_back(Entry("summary_en", p.summary_en));
  fm.push_back(Entry("audience", courses::AudienceName(p.audience)));
  fm.push_back(Entry("language", p.language));
  if (p.minutes > 0) fm.push_back(Entry("minutes", std::to_string(p.minutes)));
  if (!p.tags.empty()) {
    FrontMatterEntry tags = Entry("tags", "");
    tags.is_list = true;
    tags.items = p.tags;
    fm.push_back(tags);
  }
  if (p.completion != "lessons_and_quiz") fm.push_back(Entry("completion", p.completion));
  if (p.lesson_done != "button") fm.push_back(Entry("lesson_done", p.lesson_done));
  if (!p.cover.empty()) fm.push_back(Entry("cover", p.cover));
  return WriteFrontMatter(fm) + p.intro_markdown;
}

std::string LessonFileText(const courses::Lesson& l) {
  std::vector<FrontMatterEntry> fm = {Entry("title", l.title)};
  if (!l.title_en.empty()) fm.push_back(Entry("title_en", l.title_en));
  if (l.minutes > 0) fm.push_back(Entry("minutes", std::to_string(l.minutes)));
  return WriteFrontMatter(fm) + l.markdown;
}

std::string LessonFileName(const courses::Lesson& l) {
  std::string n = std::to_string(l.number);
  if (n.size() < 2) n = "0" + n;
  return n + "-" + l.slug + ".md";
}

bool IsLocalEdit(const std::string& source) { return source == "editor" || source == "upload"; }

courses::RevisionChanges DiffPackages(const courses::StoredCourse* before,
                                      const courses::CoursePackage& after) {
  courses::RevisionChanges c;
  if (before == nullptr) {
    c.created = true;
    return c;
  }
  const courses::CoursePackage& b = before->package;
  courses::CoursePackage b_settings = b, a_settings = after;
  for (auto* p : {&b_settings, &a_settings}) {
    p->lessons.clear();
    p->files.clear();
    p->quiz.reset();
  }
  c.settings = PackageContentHash(b_settings) != PackageContentHash(a_settings);
  c.quiz = b.quiz != after.quiz;
  for (const auto& l : after.lessons) {
    const courses::Lesson* old = b.FindLesson(l.slug);
    if (old == nullptr) {
      c.lessons_added.push_back(l.slug);
    } else if (old->number != l.number || old->title != l.title || old->title_en != l.title_en ||
               old->minutes != l.minutes || old->markdown != l.markdown) {
      c.lessons_changed.push_back(l.slug);
    }
  }
  for (const auto& l : b.lessons) {
    if (after.FindLesson(l.slug) == nullptr) c.lessons_removed.push_back(l.slug);
  }
  for (const auto& f : after.files) {
    auto it = std::find_if(b.files.begin(), b.files.end(),
                           [&](const courses::PackageFile& o) { return o.path == f.path; });
    if (it == b.files.end()) {
      c.files_added.push_back(f.path);
    } else {
      const size_t i = static_cast<size_t>(it - b.files.begin());
      const std::string old_hash =
          i < before->file_hashes.size() ? before->file_hashes[i] : Sha256Hex(it->bytes);
      if (old_hash != Sha256Hex(f.bytes)) c.files_changed.push_back(f.path);
    }
  }
  for (const auto& f : b.files) {
    if (after.FindFile(f.path) == nullptr) c.files_removed.push_back(f.path);
  }
  return c;
}

courses::LoadedContent CheckContent(const fs::path& path, Diagnostics& diags) {
  courses::LoadedContent content = courses::LoadContent(path, diags);
  courses::LoadedContent valid;
  for (size_t i = 0; i < content.courses.size(); ++i) {
    const auto& pkg = content.courses[i];
    if (pkg.quiz) {
      FileDiagnostics d(&diags, content.course_dirs[i] + "/quiz.md");
      if (!assessments::ParseQuiz(*pkg.quiz, d)) continue;
    }
    valid.courses.push_back(pkg);
    valid.course_dirs.push_back(content.course_dirs[i]);
  }
  valid.programmes = std::move(content.programmes);
  valid.packages_found = content.packages_found;
  return valid;
}

std::string PackageContentHash(const courses::CoursePackage& p) {
  std::string canon;
  AddField(canon, "slug", p.slug);
  AddField(canon, "title", p.title);
  AddField(canon, "title_en", p.title_en);
  AddField(canon, "summary", p.summary);
  AddField(canon, "summary_en", p.summary_en);
  AddField(canon, "audience", courses::AudienceName(p.audience));
  AddField(canon, "language", p.language);
  AddField(canon, "minutes", std::to_string(p.minutes));
  for (const auto& t : p.tags) AddField(canon, "tag", t);
  AddField(canon, "completion", p.completion);
  if (p.lesson_done != "button") AddField(canon, "lesson_done", p.lesson_done);
  if (!p.cover.empty()) AddField(canon, "cover", p.cover);
  AddField(canon, "intro", p.intro_markdown);
  AddField(canon, "quiz", p.quiz.value_or(std::string("\x01no quiz")));
  for (const auto& l : p.lessons) {
    AddField(canon, "lesson", l.slug);
    AddField(canon, "number", std::to_string(l.number));
    AddField(canon, "title", l.title);
    AddField(canon, "title_en", l.title_en);
    AddField(canon, "minutes", std::to_string(l.minutes));
    AddField(canon, "markdown", l.markdown);
  }
  for (const auto& f : p.files) {
    AddField(canon, "file", f.path);
    AddField(canon, "sha256", Sha256Hex(f.bytes));
  }
  return Sha256Hex(canon);
}

std::vector<courses::SearchDocument> SearchDocumentsFor(const courses::CoursePackage& p) {
  std::vector<courses::SearchDocument> docs;
  std::string tags;
  for (const auto& t : p.tags) tags += t + " ";
  docs.push_back({"", FoldForSearch(p.title + " " + p.title_en),
                  FoldForSearch(p.summary + " " + p.summary_en + " " + tags + " " +
                                courses::RenderMarkdown(p.intro_markdown).plain_text)});
  for (const auto& l : p.lessons) {
    docs.push_back({l.slug, FoldForSearch(l.title + " " + l.title_en),
                    FoldForSearch(courses::RenderMarkdown(l.markdown).plain_text)});
  }
  return docs;
}

Result<ImportedCourse> ContentService::Save(const courses::CoursePackage& pkg,
                                            const std::string& source) {
  SaveOptions options;
  options.source = source;
  return Save(pkg, options);
}

Result<ImportedCourse> ContentService::Save(const courses::CoursePackage& pkg,
                                            const SaveOptions& options) {
  std::vector<std::string> file_hashes;
  for (const auto& f : pkg.files) file_hashes.push_back(Sha256Hex(f.bytes));
  const std::string hash = PackageContentHash(pkg);
  std::optional<courses::StoredCourse> before;
  auto current = store_->LoadCourseWithFiles(pkg.slug);
  if (current.ok()) {
    if (current->content_hash == hash && !options.expected_revision) {
      return ImportedCourse{pkg.slug, courses::SaveOutcome::kUnchanged,
                            current->revision_number};
    }
    before = std::move(*current);
  } else if (current.status().code() != StatusCode::kNotFound) {
    return current.status();
  }
  courses::RevisionMeta meta;
  meta.source = options.source;
  meta.created_by = options.created_by;
  meta.now = FormatIso8601(clock_->Now());
  meta.changes = DiffPackages(before ? &*before : nullptr, pkg);
  meta.publish_new = options.publish_new;
  meta.expected_revision = options.expected_revision;
  meta.owner_org_id = options.owner_org_id;
  if (!options.audit_action.empty()) {
    meta.audit.actor_user_id = options.actor_user_id;
    meta.audit.actor = options.created_by.empty() ? "cli" : options.created_by;
    meta.audit.action = options.audit_action;
    nlohmann::json details = {{"source", options.source}};
    meta.audit.details_json = details.dump();
  }
  auto saved = store_->SaveRevision(pkg, hash, file_hashes, SearchDocumentsFor(pkg), meta);
  if (!saved.ok()) return saved.status();
  return ImportedCourse{pkg.slug, saved->outcome, saved->revision_number};
}

Result<ImportReport> ContentService::Import(const fs::path& path, const std::string& source,
                                            Diagnostics& diags) {
  courses::LoadedContent valid = CheckContent(path, diags);
  ImportReport report;
  report.refused = valid.packages_found - static_cast<int>(valid.courses.size());
  std::map<std::string, std::string> current_source;
  if (source == "bundled") {
    auto all = store_->ListAllCourses();
    if (!all.ok()) return all.status();
    for (const auto& c : *all) current_source[c.slug] = c.source;
  }
  for (const auto& pkg : valid.courses) {
    auto it = current_source.find(pkg.slug);
    if (it != current_source.end() && IsLocalEdit(it->second)) {
      report.kept.push_back(pkg.slug);
      continue;
    }
    auto r = Save(pkg, source);
    if (!r.ok()) return r.status();
    report.imported.push_back(*r);
  }
  if (programmes_ != nullptr) {
    LOPHOC_ASSIGN_OR_RETURN(report.programmes, programmes_->Save(valid.programmes, source));
  }
  return report;
}

Status ContentService::Export(const std::string& slug, const fs::path& dir) {
  auto course = store_->LoadCourseWithFiles(slug);
  if (!course.ok()) return course.status();
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return Status::AlreadyExists("'" + dir.string() + "' exists and is not empty");
  }
  return WritePackage(course->package, dir);
}

Status WriteFile(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Status::IOError("cannot write " + path.string());
  return Status::Ok();
}

Status WritePackage(const courses::CoursePackage& p, const fs::path& dir) {
  Status s = WriteFile(dir / "course.md", CourseFileText(p));
  for (const auto& l : p.lessons) {
    if (s.ok()) s = WriteFile(dir / LessonFileName(l), LessonFileText(l));
  }
  if (s.ok() && p.quiz) s = WriteFile(dir / "quiz.md", *p.quiz);
  for (const auto& f : p.files) {
    if (s.ok()) s = WriteFile(dir / fs::path(f.path), f.bytes);
  }
  return s;
}

}  // namespace lophoc::app
