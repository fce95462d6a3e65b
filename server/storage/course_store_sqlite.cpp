#include "server/storage/course_store_sqlite.h"

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"

namespace lophoc::storage {
namespace {

using courses::CoursePackage;
using courses::StoredCourse;

// Returns the first non-OK status among a chain of steps.

constexpr const char* kRevisionColumns =
    "c.id, r.id, r.number, r.content_hash, r.created_at, r.source, c.published, c.slug, "
    "r.title, r.title_en, r.summary, r.summary_en, r.audience, r.language, r.minutes, r.tags, "
    "r.completion, r.intro_markdown, r.quiz_source, COALESCE(r.created_by, ''), r.lesson_done";

StoredCourse ReadRevision(const Statement& st) {
  StoredCourse c;
  c.course_id = st.ColumnInt(0);
  c.revision_id = st.ColumnInt(1);
  c.revision_number = static_cast<int>(st.ColumnInt(2));
  c.content_hash = st.ColumnText(3);
  c.created_at = st.ColumnText(4);
  c.source = st.ColumnText(5);
  c.published = st.ColumnInt(6) != 0;
  CoursePackage& p = c.package;
  p.slug = st.ColumnText(7);
  p.title = st.ColumnText(8);
  p.title_en = st.ColumnText(9);
  p.summary = st.ColumnText(10);
  p.summary_en = st.ColumnText(11);
  p.audience = courses::ParseAudience(st.ColumnText(12)).value_or(courses::Audience::kAll);
  p.language = st.ColumnText(13);
  p.minutes = static_cast<int>(st.ColumnInt(14));
  p.tags = nlohmann::json::parse(st.ColumnText(15), nullptr, false).get<std::vector<std::string>>();
  p.completion = st.ColumnText(16);
  p.intro_markdown = st.ColumnText(17);
  if (!st.ColumnIsNull(18)) p.quiz = st.ColumnText(18);
  c.created_by = st.ColumnText(19);
  p.lesson_done = st.ColumnText(20);
  return c;
}

Status LoadLessonsAndFiles(Connection& conn, StoredCourse& c, bool with_bytes) {
  auto ls = conn.Prepare(
      "SELECT number, slug, title, title_en, minutes, markdown FROM lessons "
      "WHERE revision_id = ? ORDER BY position");
  if (!ls.ok()) return ls.status();
  ls->Bind(1, c.revision_id);
  for (;;) {
    auto row = ls->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    courses::Lesson l;
    l.number = static_cast<int>(ls->ColumnInt(0));
    l.slug = ls->ColumnText(1);
    l.title = ls->ColumnText(2);
    l.title_en = ls->ColumnText(3);
    l.minutes = static_cast<int>(ls->ColumnInt(4));
    l.markdown = ls->ColumnText(5);
    c.package.lessons.push_back(std::move(l));
  }
  auto fs = conn.Prepare(with_bytes ? "SELECT path, content_type, sha256, bytes FROM package_files "
                                      "WHERE revision_id = ? ORDER BY path"
                                    : "SELECT path, content_type, sha256 FROM package_files "
                                      "WHERE revision_id = ? ORDER BY path");
  if (!fs.ok()) return fs.status();
  fs->Bind(1, c.revision_id);
  for (;;) {
    auto row = fs->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    courses::PackageFile f{fs->ColumnText(0), fs->ColumnText(1),
                           with_bytes ? fs->ColumnBlob(3) : std::string()};
    c.package.files.push_back(std::move(f));
    c.file_hashes.push_back(fs->ColumnText(2));
  }
  return Status::Ok();
}

Status InsertRevisionBody(Connection& conn, int64_t revision_id, const CoursePackage& pkg,
                          const std::vector<std::string>& file_hashes) {
  int position = 0;
  for (const auto& l : pkg.lessons) {
    auto st = conn.Prepare(
        "INSERT INTO lessons (revision_id, position, number, slug, title, title_en, minutes, "
        "markdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(1, revision_id).Bind(2, ++position).Bind(3, l.number).Bind(4, l.slug);
    st->Bind(5, l.title).Bind(6, l.title_en).Bind(7, l.minutes).Bind(8, l.markdown);
    LOPHOC_RETURN_IF_ERROR(st->Run());
  }
  for (size_t i = 0; i < pkg.files.size(); ++i) {
    const auto& f = pkg.files[i];
    auto st = conn.Prepare(
        "INSERT INTO package_files (revision_id, path, content_type, sha256, bytes) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(1, revision_id).Bind(2, f.path).Bind(3, f.content_type).Bind(4, file_hashes.at(i));
    st->BindBlob(5, f.bytes);
    LOPHOC_RETURN_IF_ERROR(st->Run());
  }
  return Status::Ok();
}

Status ReplaceSearchDocs(Connection& conn, const std::string& slug,
                         const std::vector<courses::SearchDocument>& docs) {
  auto del = conn.Prepare("DELETE FROM search_index WHERE course_slug = ?");
  if (!del.ok()) return del.status();
  del->Bind(1, slug);
  LOPHOC_RETURN_IF_ERROR(del->Run());
  for (const auto& d : docs) {
    auto st = conn.Prepare(
        "INSERT INTO search_index (course_slug, lesson_slug, title_folded, body_folded) "
        "VALUES (?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(1, slug).Bind(2, d.lesson_slug).Bind(3, d.title_folded).Bind(4, d.body_folded);
    LOPHOC_RETURN_IF_ERROR(st->Run());
  }
  return Status::Ok();
}

}  // namespace

Result<courses::SaveResult> SqliteCourseStore::SaveRevision(
    const CoursePackage& pkg, const std::string& content_hash,
    const std::vector<std::string>& file_hashes,
    const std::vector<courses::SearchDocument>& search_docs, const courses::RevisionMeta& meta) {
  const std::string& now = meta.now;
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  if (!tx.status().ok()) return tx.status();
  int64_t course_id = 0;
  int last_number = 0;
  std::string current_hash;
  {
    auto st = conn->Prepare(
        "SELECT c.id, r.number, r.content_hash FROM courses c "
        "LEFT JOIN course_revisions r ON r.id = c.current_revision_id WHERE c.slug = ?");
    if (!st.ok()) return st.status();
    st->Bind(1, pkg.slug);
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      course_id = st->ColumnInt(0);
      last_number = static_cast<int>(st->ColumnInt(1));
      current_hash = st->ColumnText(2);
    }
  }
  if (meta.expected_revision && *meta.expected_revision != last_number) {
    return Status::Conflict("course '" + pkg.slug + "' is at revision " +
                            std::to_string(last_number) + ", not " +
                            std::to_string(*meta.expected_revision));
  }
  if (course_id != 0 && current_hash == content_hash) {
    return courses::SaveResult{courses::SaveOutcome::kUnchanged, last_number};
  }
  const bool created = course_id == 0;
  if (created) {
    auto st = conn->Prepare(
        "INSERT INTO courses (slug, published, created_at, owner_org_id) VALUES (?, ?, ?, ?)");
    if (!st.ok()) return st.status();
    st->Bind(1, pkg.slug).Bind(2, meta.publish_new ? 1 : 0).Bind(3, now).Bind(4, meta.owner_org_id);
    LOPHOC_RETURN_IF_ERROR(st->Run());
    course_id = conn->LastInsertId();
  }
  auto st = conn->Prepare(
      "INSERT INTO course_revisions (course_id, number, content_hash, title, title_en, summary, "
      "summary_en, audience, language, minutes, tags, completion, intro_markdown, quiz_source, "
      "source, created_at, created_by, changes, lesson_done) VALUES (?, (SELECT COALESCE(MAX(number), "
      "0) + 1 FROM course_revisions WHERE course_id = ?1), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)");
  if (!st.ok()) return st.status();
  st->Bind(1, course_id).Bind(2, content_hash).Bind(3, pkg.title).Bind(4, pkg.title_en);
  st->Bind(5, pkg.summary).Bind(6, pkg.summary_en).Bind(7, courses::AudienceName(pkg.audience));
  st->Bind(8, pkg.language).Bind(9, pkg.minutes).Bind(10, nlohmann::json(pkg.tags).dump());
  st->Bind(11, pkg.completion).Bind(12, pkg.intro_markdown).Bind(13, pkg.quiz);
  st->Bind(14, meta.source).Bind(15, now);
  if (meta.created_by.empty()) {
    st->BindNull(16);
  } else {
    st->Bind(16, meta.created_by);
  }
  st->Bind(17, RevisionChangesJson(meta.changes)).Bind(18, pkg.lesson_done);
  LOPHOC_RETURN_IF_ERROR(st->Run());
  const int64_t revision_id = conn->LastInsertId();
  LOPHOC_RETURN_IF_ERROR(InsertRevisionBody(*conn, revision_id, pkg, file_hashes));
  auto up = conn->Prepare("UPDATE courses SET current_revision_id = ? WHERE id = ?");
  if (!up.ok()) return up.status();
  up->Bind(1, revision_id).Bind(2, course_id);
  LOPHOC_RETURN_IF_ERROR(up->Run());
  LOPHOC_RETURN_IF_ERROR(ReplaceSearchDocs(*conn, pkg.slug, search_docs));
  LOPHOC_RETURN_IF_ERROR(
      conn->Exec("UPDATE meta SET value = value + 1 WHERE key = 'content_generation'"));
  auto num = conn->Prepare("SELECT number FROM course_revisions WHERE id = ?");
  if (!num.ok()) return num.status();
  num->Bind(1, revision_id);
  if (auto r = num->Step(); !r.ok()) return r.status();
  const int number = static_cast<int>(num->ColumnInt(0));
  if (!meta.audit.action.empty()) {
    people::AuditEntry a = meta.audit;
    a.at = now;
    a.object_type = "course";
    a.object_key = pkg.slug;
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(*conn, a));
  }
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return courses::SaveResult{created ? courses::SaveOutcome::kCreated
                                     : courses::SaveOutcome::kUpdated,
                             number};
}

Result<std::vector<StoredCourse>> SqliteCourseStore::LoadCurrentCourses() {
  auto conn = db_->Acquire();
  auto st = conn->Prepare(std::string("SELECT ") + kRevisionColumns +
                          " FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id"
                          " WHERE c.published = 1 ORDER BY c.slug");
  if (!st.ok()) return st.status();
  std::vector<StoredCourse> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadRevision(*st));
  }
  for (auto& c : out) LOPHOC_RETURN_IF_ERROR(LoadLessonsAndFiles(*conn, c, false));
  return out;
}

Result<StoredCourse> SqliteCourseStore::LoadCourseWithFiles(const std::string& slug) {
  auto conn = db_->Acquire();
  auto st = conn->Prepare(std::string("SELECT ") + kRevisionColumns +
                          " FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id"
                          " WHERE c.slug = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, slug);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no course '" + slug + "'");
  StoredCourse c = ReadRevision(*st);
  LOPHOC_RETURN_IF_ERROR(LoadLessonsAndFiles(*conn, c, true));
  auto authoring = CourseAuthoringOf(*conn, slug);
  if (!authoring.ok()) return authoring.status();
  c.authoring = std::move(*authoring);
  return c;
}

// A file of a course's current revision; only of published courses unless
// `drafts` (the editor's preview).
static Result<courses::StoredFile> CurrentFile(Database* db, const std::string& slug,
                                               const std::string& path, bool drafts) {
  auto conn = db->Acquire();
  auto st = conn->Prepare(
      "SELECT f.content_type, f.sha256, f.bytes FROM package_files f "
      "JOIN courses c ON c.current_revision_id = f.revision_id "
      "WHERE c.slug = ? AND f.path = ? AND (c.published = 1 OR ? = 1)");
  if (!st.ok()) return st.status();
  st->Bind(1, slug).Bind(2, path).Bind(3, drafts ? 1 : 0);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no file '" + path + "' in course '" + slug + "'");
  return courses::StoredFile{st->ColumnText(0), st->ColumnText(1), st->ColumnBlob(2)};
}

Result<courses::StoredFile> SqliteCourseStore::LoadFile(const std::string& slug,
                                                        const std::string& path) {
  return CurrentFile(db_, slug, path, false);
}

Result<courses::StoredFile> SqliteCourseStore::LoadDraftFile(const std::string& slug,
                                                             const std::string& path) {
  return CurrentFile(db_, slug, path, true);
}

Result<int64_t> SqliteCourseStore::ContentGeneration() {
  auto conn = db_->Acquire();
  auto st = conn->Prepare("SELECT value FROM meta WHERE key = 'content_generation'");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  if (!row.ok()) return row.status();
  return *row ? st->ColumnInt(0) : 0;
}

Result<std::vector<courses::SearchRow>> SqliteCourseStore::Search(const std::string& fts_query,
                                                                  int limit) {
  auto conn = db_->Acquire();
  // Title matches weigh five times body matches.
  auto st = conn->Prepare(
      "SELECT s.course_slug, s.lesson_slug FROM search_index s "
      "JOIN courses c ON c.slug = s.course_slug AND c.published = 1 "
      "WHERE search_index MATCH ? ORDER BY bm25(search_index, 0, 0, 5.0, 1.0) LIMIT ?");
  if (!st.ok()) return st.status();
  st->Bind(1, fts_query).Bind(2, limit);
  std::vector<courses::SearchRow> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back({st->ColumnText(0), st->ColumnText(1)});
  }
  return out;
}

Status SqliteCourseStore::Ping() {
  auto conn = db_->Acquire();
  auto st = conn->Prepare("SELECT 1");
  if (!st.ok()) return st.status();
  auto row = st->Step();
  return row.ok() ? Status::Ok() : row.status();
}

}  // namespace lophoc::storage
