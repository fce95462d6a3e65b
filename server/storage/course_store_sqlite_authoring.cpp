// The parts of SqliteCourseStore the web editor needs (docs/authoring.md):
// every course published or not, revision history, publication, and the
// files of unpublished courses for the editor's preview.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/storage/course_store_sqlite.h"
#include "server/storage/people_rows.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using nlohmann::json;

// The owner columns of a course row `c` joined with its owner unit `o`: the
// owner's id, code and the path the scope rule tests (see CourseAuthoring).
constexpr const char* kOwnerColumns =
    "c.owner_org_id, COALESCE(o.code, ''), COALESCE(o.path, (SELECT n.path FROM org_units n "
    "WHERE n.parent_id IS NULL AND n.level = 'nation' ORDER BY n.id LIMIT 1), ''), "
    "(SELECT group_concat(a.user_id) FROM course_authors a WHERE a.course_id = c.id) ";

// Reads kOwnerColumns starting at column `at`.
courses::CourseAuthoring ReadAuthoring(const Statement& st, int at) {
  courses::CourseAuthoring a;
  if (!st.ColumnIsNull(at)) a.owner_org_id = st.ColumnInt(at);
  a.owner_code = st.ColumnText(at + 1);
  a.owner_path = st.ColumnText(at + 2);
  const std::string ids = st.ColumnText(at + 3);
  size_t from = 0;
  while (from < ids.size()) {
    size_t comma = ids.find(',', from);
    if (comma == std::string::npos) comma = ids.size();
    a.author_ids.push_back(std::stoll(ids.substr(from, comma - from)));
    from = comma + 1;
  }
  std::sort(a.author_ids.begin(), a.author_ids.end());
  return a;
}

// The id of course `slug`, or NotFound.
Result<int64_t> CourseId(Connection& conn, const std::string& slug) {
  return QueryInt(conn, "SELECT id FROM courses WHERE slug = ?", "no course '" + slug + "'", slug);
}

Status WriteCourseAudit(Connection& conn, const people::AuditEntry& audit,
                        const std::string& slug) {
  people::AuditEntry a = audit;
  a.object_type = "course";
  a.object_key = slug;
  return people_rows::WriteAudit(conn, a);
}

std::vector<std::string> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<courses::CourseAuthoring> CourseAuthoringOf(Connection& conn, const std::string& slug) {
  return QueryOne(conn,
                  std::string("SELECT ") + kOwnerColumns +
                      "FROM courses c LEFT JOIN org_units o ON o.id = c.owner_org_id "
                      "WHERE c.slug = ?",
                  [](const Statement& st) { return ReadAuthoring(st, 0); },
                  "no course '" + slug + "'", slug);
}

Result<courses::CourseAuthoring> SqliteCourseStore::LoadCourseAuthoring(const std::string& slug) {
  auto conn = db_->Acquire();
  return CourseAuthoringOf(*conn, slug);
}

Status SqliteCourseStore::SetCourseOwner(const std::string& slug, const std::string& owner_code,
                                         const people::AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(int64_t course, CourseId(c, slug));
    std::optional<int64_t> owner;
    if (!owner_code.empty()) {
      LOPHOC_ASSIGN_OR_RETURN(owner, QueryInt(c, "SELECT id FROM org_units WHERE code = ?",
                                              "org unit '" + owner_code + "' not found",
                                              owner_code));
    }
    LOPHOC_RETURN_IF_ERROR(
        Execute(c, "UPDATE courses SET owner_org_id = ? WHERE id = ?", owner, course));
    return WriteCourseAudit(c, audit, slug);
  });
}

Status SqliteCourseStore::SetCourseAuthors(const std::string& slug,
                                           const std::vector<int64_t>& user_ids,
                                           const people::AuditEntry& audit) {
  return InTransaction(db_, [&](Connection& c) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(int64_t course, CourseId(c, slug));
    LOPHOC_RETURN_IF_ERROR(Execute(c, "DELETE FROM course_authors WHERE course_id = ?", course));
    for (int64_t id : user_ids) {
      LOPHOC_RETURN_IF_ERROR(QueryInt(c, "SELECT 1 FROM users WHERE id = ?",
                                      "user " + std::to_string(id) + " not found", id)
                                 .status());
      LOPHOC_RETURN_IF_ERROR(Execute(c,
          "INSERT INTO course_authors (course_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
          course, id));
    }
    return WriteCourseAudit(c, audit, slug);
  });
}

std::string RevisionChangesJson(const courses::RevisionChanges& c) {
  json j = json::object();
  if (c.created) j["created"] = true;
  if (c.settings) j["settings"] = true;
  if (c.quiz) j["quiz"] = true;
  auto put = [&j](const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) j[key] = v;
  };
  put("lessons_added", c.lessons_added);
  put("lessons_removed", c.lessons_removed);
  put("lessons_changed", c.lessons_changed);
  put("files_added", c.files_added);
  put("files_removed", c.files_removed);
  put("files_changed", c.files_changed);
  return j.dump();
}

courses::RevisionChanges ParseRevisionChanges(const std::string& text) {
  courses::RevisionChanges c;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return c;
  c.created = j.value("created", false);
  c.settings = j.value("settings", false);
  c.quiz = j.value("quiz", false);
  c.lessons_added = Strings(j, "lessons_added");
  c.lessons_removed = Strings(j, "lessons_removed");
  c.lessons_changed = Strings(j, "lessons_changed");
  c.files_added = Strings(j, "files_added");
  c.files_removed = Strings(j, "files_removed");
  c.files_changed = Strings(j, "files_changed");
  return c;
}

Result<std::vector<courses::CourseListing>> SqliteCourseStore::ListAllCourses() {
  auto conn = db_->Acquire();
  return QueryAll(
      *conn,
      std::string("SELECT c.slug, r.title, c.published, r.number, r.created_at, "
                  "COALESCE(r.created_by, ''), r.source, "
                  "(SELECT COUNT(*) FROM lessons l WHERE l.revision_id = r.id), ") +
          kOwnerColumns +
          "FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id "
          "LEFT JOIN org_units o ON o.id = c.owner_org_id ORDER BY c.slug",
      [](const Statement& st) {
        courses::CourseListing c;
        c.slug = st.ColumnText(0);
        c.title = st.ColumnText(1);
        c.published = st.ColumnInt(2) != 0;
        c.revision_number = static_cast<int>(st.ColumnInt(3));
        c.changed_at = st.ColumnText(4);
        c.changed_by = st.ColumnText(5);
        c.source = st.ColumnText(6);
        c.lesson_count = static_cast<int>(st.ColumnInt(7));
        c.authoring = ReadAuthoring(st, 8);
        return c;
      });
}

Result<std::vector<courses::RevisionInfo>> SqliteCourseStore::ListRevisions(
    const std::string& slug) {
  auto conn = db_->Acquire();
  auto out = QueryAll(
      *conn,
      "SELECT r.number, r.created_at, COALESCE(r.created_by, ''), r.source, r.changes, "
      "r.id = c.current_revision_id FROM courses c JOIN course_revisions r ON r.course_id = c.id "
      "WHERE c.slug = ? ORDER BY r.number DESC",
      [](const Statement& st) {
        courses::RevisionInfo r;
        r.number = static_cast<int>(st.ColumnInt(0));
        r.created_at = st.ColumnText(1);
        r.created_by = st.ColumnText(2);
        r.source = st.ColumnText(3);
        r.changes = ParseRevisionChanges(st.ColumnText(4));
        r.current = st.ColumnInt(5) != 0;
        return r;
      },
      slug);
  if (out.ok() && out->empty()) return Status::NotFound("no course '" + slug + "'");
  return out;
}

Status SqliteCourseStore::SetPublished(const std::string& slug, bool published,
                                       const people::AuditEntry& audit) {
  Status s = InTransaction(db_, [&](Connection& c) -> Status {
    LOPHOC_ASSIGN_OR_RETURN(int64_t now_published,
        QueryInt(c, "SELECT published FROM courses WHERE slug = ?", "no course '" + slug + "'",
                 slug));
    if ((now_published != 0) == published) return Status::Ok();
    LOPHOC_RETURN_IF_ERROR(
        Execute(c, "UPDATE courses SET published = ? WHERE slug = ?", published, slug));
    LOPHOC_RETURN_IF_ERROR(
        c.Exec("UPDATE meta SET value = value + 1 WHERE key = 'content_generation'"));
    if (audit.action.empty()) return Status::Ok();
    return WriteCourseAudit(c, audit, slug);
  });
  if (s.ok()) ForgetGeneration();
  return s;
}

}  // namespace lophoc::storage
