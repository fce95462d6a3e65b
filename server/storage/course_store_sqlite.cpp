#include "server/storage/course_store_sqlite.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using courses::CoursePackage;
using courses::StoredCourse;

constexpr const char* kRevisionColumns =
    "c.id, r.id, r.number, r.content_hash, r.created_at, r.source, c.published, c.slug, "
    "r.title, r.title_en, r.summary, r.summary_en, r.audience, r.language, r.minutes, r.tags, "
    "r.completion, r.intro_markdown, r.quiz_source, COALESCE(r.created_by, ''), r.lesson_done, "
    "r.changes";

// The revision's `changes` JSON also keeps the package's cover path (key
// "cover"): a revision-level fact stored without a schema change; the
// history reader (ParseRevisionChanges) ignores the key.
constexpr const char* kCoverKey = "cover";

StoredCourse ReadRevision(const Statement& st) {
  StoredCourse c;
  CoursePackage& p = c.package;
  ReadColumns(st, 0, c.course_id, c.revision_id, c.revision_number, c.content_hash, c.created_at,
              c.source, c.published, p.slug, p.title, p.title_en, p.summary, p.summary_en);
  p.audience = courses::ParseAudience(st.ColumnText(12)).value_or(courses::Audience::kAll);
  ReadColumns(st, 13, p.language, p.minutes);
  p.tags = nlohmann::json::parse(st.ColumnText(15), nullptr, false).get<std::vector<std::string>>();
  ReadColumns(st, 16, p.completion, p.intro_markdown, p.quiz, c.created_by, p.lesson_done);
  const auto changes = nlohmann::json::parse(st.ColumnText(21), nullptr, false);
  if (changes.is_object()) p.cover = changes.value(kCoverKey, std::string());
  return c;
}

Status LoadLessonsAndFiles(Connection& conn, StoredCourse& c, bool with_bytes) {
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT number, slug, title, title_en, minutes, markdown FROM lessons "
      "WHERE revision_id = ? ORDER BY position",
      [&](const Statement& st) {
        courses::Lesson l;
        ReadColumns(st, 0, l.number, l.slug, l.title, l.title_en, l.minutes, l.markdown);
        c.package.lessons.push_back(std::move(l));
      },
      c.revision_id));
  return ForEachRow(
      conn,
      with_bytes ? "SELECT path, content_type, sha256, bytes FROM package_files "
                   "WHERE revision_id = ? ORDER BY path"
                 : "SELECT path, content_type, sha256 FROM package_files "
                   "WHERE revision_id = ? ORDER BY path",
      [&](const Statement& st) {
        c.package.files.push_back(courses::PackageFile{
            st.ColumnText(0), st.ColumnText(1), with_bytes ? st.ColumnBlob(3) : std::string()});
        c.file_hashes.push_back(st.ColumnText(2));
      },
      c.revision_id);
}

Status InsertRevisionBody(Connection& conn, int64_t revision_id, const CoursePackage& pkg,
                          const std::vector<std::string>& file_hashes) {
  int position = 0;
  for (const auto& l : pkg.lessons) {
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO lessons (revision_id, position, number, slug, title, title_en, minutes, "
        "markdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        revision_id, ++position, l.number, l.slug, l.title, l.title_en, l.minutes, l.markdown));
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
  LOPHOC_RETURN_IF_ERROR(Execute(conn, "DELETE FROM search_index WHERE course_slug = ?", slug));
  for (const auto& d : docs) {
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
        "INSERT INTO search_index (course_slug, lesson_slug, title_folded, body_folded) "
        "VALUES (?, ?, ?, ?)",
        slug, d.lesson_slug, d.title_folded, d.body_folded));
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
    LOPHOC_RETURN_IF_ERROR(Execute(*conn,
        "INSERT INTO courses (slug, published, created_at, owner_org_id) VALUES (?, ?, ?, ?)",
        pkg.slug, meta.publish_new, now, meta.owner_org_id));
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
  auto changes = nlohmann::json::parse(RevisionChangesJson(meta.changes));
  if (!pkg.cover.empty()) changes[kCoverKey] = pkg.cover;
  st->Bind(17, changes.dump()).Bind(18, pkg.lesson_done);
  LOPHOC_RETURN_IF_ERROR(st->Run());
  const int64_t revision_id = conn->LastInsertId();
  LOPHOC_RETURN_IF_ERROR(InsertRevisionBody(*conn, revision_id, pkg, file_hashes));
  LOPHOC_RETURN_IF_ERROR(Execute(*conn, "UPDATE courses SET current_revision_id = ? WHERE id = ?",
                                 revision_id, course_id));
  LOPHOC_RETURN_IF_ERROR(ReplaceSearchDocs(*conn, pkg.slug, search_docs));
  LOPHOC_RETURN_IF_ERROR(
      conn->Exec("UPDATE meta SET value = value + 1 WHERE key = 'content_generation'"));
  LOPHOC_ASSIGN_OR_RETURN(int64_t number,
      QueryInt(*conn, "SELECT number FROM course_revisions WHERE id = ?", "revision vanished",
               revision_id));
  if (!meta.audit.action.empty()) {
    people::AuditEntry a = meta.audit;
    a.at = now;
    a.object_type = "course";
    a.object_key = pkg.slug;
    LOPHOC_RETURN_IF_ERROR(people_rows::WriteAudit(*conn, a));
  }
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  ForgetGeneration();
  return courses::SaveResult{created ? courses::SaveOutcome::kCreated
                                     : courses::SaveOutcome::kUpdated,
                             static_cast<int>(number)};
}

Result<std::vector<StoredCourse>> SqliteCourseStore::LoadCurrentCourses() {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(std::vector<StoredCourse> out,
      QueryAll(*conn,
               std::string("SELECT ") + kRevisionColumns +
                   " FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id"
                   " WHERE c.published = 1 ORDER BY c.slug",
               ReadRevision));
  for (auto& c : out) LOPHOC_RETURN_IF_ERROR(LoadLessonsAndFiles(*conn, c, false));
  return out;
}

Result<StoredCourse> SqliteCourseStore::LoadCourseWithFiles(const std::string& slug) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(StoredCourse c,
      QueryOne(*conn,
               std::string("SELECT ") + kRevisionColumns +
                   " FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id"
                   " WHERE c.slug = ?",
               ReadRevision, "no course '" + slug + "'", slug));
  LOPHOC_RETURN_IF_ERROR(LoadLessonsAndFiles(*conn, c, true));
  LOPHOC_ASSIGN_OR_RETURN(c.authoring, CourseAuthoringOf(*conn, slug));
  return c;
}

// A file of a course's current revision; only of published courses unless
// `drafts` (the editor's preview).
static Result<courses::StoredFile> CurrentFile(Database* db, const std::string& slug,
                                               const std::string& path, bool drafts) {
  auto conn = db->Acquire();
  return QueryOne(
      *conn,
      "SELECT f.content_type, f.sha256, f.bytes FROM package_files f "
      "JOIN courses c ON c.current_revision_id = f.revision_id "
      "WHERE c.slug = ? AND f.path = ? AND (c.published = 1 OR ? = 1)",
      [](const Statement& st) {
        return courses::StoredFile{st.ColumnText(0), st.ColumnText(1), st.ColumnBlob(2)};
      },
      "no file '" + path + "' in course '" + slug + "'", slug, path, drafts);
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
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  const uint64_t commits = own_commits_.load(std::memory_order_acquire);
  const int64_t read_at = generation_read_at_ns_.load(std::memory_order_acquire);
  if (read_at != 0 && now - read_at < kGenerationRecheckNs &&
      generation_read_after_.load(std::memory_order_acquire) == commits) {
    return generation_.load(std::memory_order_acquire);
  }
  auto conn = db_->Acquire();
  auto value =
      QueryInt(*conn, "SELECT value FROM meta WHERE key = 'content_generation'", "no generation");
  if (!value.ok() && value.status().code() == StatusCode::kNotFound) value = 0;
  if (!value.ok()) return value;
  // Stored in this order, read in the other: a fresh time comes with its value.
  generation_.store(*value, std::memory_order_release);
  generation_read_after_.store(commits, std::memory_order_release);
  generation_read_at_ns_.store(now, std::memory_order_release);
  return value;
}

Result<std::vector<courses::SearchRow>> SqliteCourseStore::Search(const std::string& fts_query,
                                                                  int limit) {
  auto conn = db_->Acquire();
  // Title matches weigh five times body matches.
  return QueryAll(
      *conn,
      "SELECT s.course_slug, s.lesson_slug FROM search_index s "
      "JOIN courses c ON c.slug = s.course_slug AND c.published = 1 "
      "WHERE search_index MATCH ? ORDER BY bm25(search_index, 0, 0, 5.0, 1.0) LIMIT ?",
      [](const Statement& st) { return courses::SearchRow{st.ColumnText(0), st.ColumnText(1)}; },
      fts_query, limit);
}

Status SqliteCourseStore::Ping() {
  auto conn = db_->Acquire();
  return conn->Exec("SELECT 1");
}

}  // namespace lophoc::storage
