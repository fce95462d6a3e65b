// The parts of SqliteCourseStore the web editor needs (docs/authoring.md):
// every course published or not, revision history, publication, and the
// files of unpublished courses for the editor's preview.
#include <nlohmann/json.hpp>

#include "server/storage/course_store_sqlite.h"
#include "server/storage/people_rows.h"

namespace lophoc::storage {
namespace {

using nlohmann::json;

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
  auto st = conn->Prepare(
      "SELECT c.slug, r.title, c.published, r.number, r.created_at, COALESCE(r.created_by, ''), "
      "r.source, (SELECT COUNT(*) FROM lessons l WHERE l.revision_id = r.id) "
      "FROM courses c JOIN course_revisions r ON r.id = c.current_revision_id ORDER BY c.slug");
  if (!st.ok()) return st.status();
  std::vector<courses::CourseListing> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    courses::CourseListing c;
    c.slug = st->ColumnText(0);
    c.title = st->ColumnText(1);
    c.published = st->ColumnInt(2) != 0;
    c.revision_number = static_cast<int>(st->ColumnInt(3));
    c.changed_at = st->ColumnText(4);
    c.changed_by = st->ColumnText(5);
    c.source = st->ColumnText(6);
    c.lesson_count = static_cast<int>(st->ColumnInt(7));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<courses::RevisionInfo>> SqliteCourseStore::ListRevisions(
    const std::string& slug) {
  auto conn = db_->Acquire();
  auto st = conn->Prepare(
      "SELECT r.number, r.created_at, COALESCE(r.created_by, ''), r.source, r.changes, "
      "r.id = c.current_revision_id FROM courses c JOIN course_revisions r ON r.course_id = c.id "
      "WHERE c.slug = ? ORDER BY r.number DESC");
  if (!st.ok()) return st.status();
  st->Bind(1, slug);
  std::vector<courses::RevisionInfo> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    courses::RevisionInfo r;
    r.number = static_cast<int>(st->ColumnInt(0));
    r.created_at = st->ColumnText(1);
    r.created_by = st->ColumnText(2);
    r.source = st->ColumnText(3);
    r.changes = ParseRevisionChanges(st->ColumnText(4));
    r.current = st->ColumnInt(5) != 0;
    out.push_back(std::move(r));
  }
  if (out.empty()) return Status::NotFound("no course '" + slug + "'");
  return out;
}

Status SqliteCourseStore::SetPublished(const std::string& slug, bool published,
                                       const courses::AuditEntry& audit) {
  auto conn = db_->Acquire();
  Transaction tx(*conn);
  if (!tx.status().ok()) return tx.status();
  auto st = conn->Prepare("SELECT published FROM courses WHERE slug = ?");
  if (!st.ok()) return st.status();
  st->Bind(1, slug);
  auto row = st->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no course '" + slug + "'");
  if ((st->ColumnInt(0) != 0) == published) return Status::Ok();
  auto up = conn->Prepare("UPDATE courses SET published = ? WHERE slug = ?");
  if (!up.ok()) return up.status();
  up->Bind(1, published ? 1 : 0).Bind(2, slug);
  if (Status s = up->Run(); !s.ok()) return s;
  if (Status s = conn->Exec("UPDATE meta SET value = value + 1 WHERE key = 'content_generation'");
      !s.ok()) {
    return s;
  }
  if (!audit.action.empty()) {
    courses::AuditEntry a = audit;
    a.object_type = "course";
    a.object_key = slug;
    if (Status s = people_rows::WriteAudit(*conn, a); !s.ok()) return s;
  }
  return tx.Commit();
}

}  // namespace lophoc::storage
