#include "server/storage/programme_store_sqlite.h"

#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

using courses::Programme;
using courses::StoredProgramme;

constexpr const char* kSelectCurrent =
    "SELECT p.slug, r.id, r.number, r.content_hash, r.title, r.title_en, "
    "r.description_markdown, r.validity_months, r.renewal_window_days, r.date_rule, "
    "r.fixed_month, r.fixed_day, r.min_validity_months, r.grace_days, r.source, r.created_at, "
    "coalesce(p.retired_at, '') FROM programmes p JOIN programme_revisions r ON r.id = p.current_revision_id ";

// A row of kSelectCurrent, and the revision id its lists hang on.
struct Row {
  StoredProgramme stored;
  int64_t revision_id = 0;
};

Row ReadRow(const Statement& st) {
  Row row;
  StoredProgramme& s = row.stored;
  Programme& p = s.programme;
  training::ValidityRule& r = p.rule;
  std::string rule;
  std::optional<int> month;
  std::optional<int> day;
  ReadColumns(st, 0, p.slug, row.revision_id, s.revision_number, s.content_hash, p.title,
              p.title_en, p.description_markdown, r.validity_months, r.renewal_window_days, rule,
              month, day, r.min_validity_months, r.grace_days, s.source, s.created_at,
              s.retired_at);
  r.rule = training::DateRuleFromName(rule).value_or(training::DateRule::kFromCompletion);
  if (month && day) r.fixed_day = {*month, *day};
  return row;
}

// The paths, staff categories and site types of revision `row.revision_id`.
Status ReadLists(Connection& conn, Row& row) {
  Programme& p = row.stored.programme;
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT pc.path, c.slug FROM programme_courses pc JOIN courses c ON c.id = pc.course_id "
      "WHERE pc.revision_id = ? ORDER BY pc.path, pc.position",
      [&](const Statement& st) {
        (st.ColumnText(0) == "initial" ? p.initial_courses : p.refresher_courses)
            .push_back(st.ColumnText(1));
      },
      row.revision_id));
  LOPHOC_RETURN_IF_ERROR(ForEachRow(
      conn,
      "SELECT staff_category FROM programme_staff_categories WHERE revision_id = ? "
      "ORDER BY position",
      [&](const Statement& st) { p.staff_categories.push_back(st.ColumnText(0)); },
      row.revision_id));
  return ForEachRow(
      conn, "SELECT site_type FROM programme_site_types WHERE revision_id = ? ORDER BY position",
      [&](const Statement& st) { p.site_types.push_back(st.ColumnText(0)); }, row.revision_id);
}

Status InsertPath(Connection& conn, int64_t revision_id, const char* path,
                  const std::vector<std::string>& slugs) {
  int position = 0;
  for (const auto& slug : slugs) {
    LOPHOC_ASSIGN_OR_RETURN(
        std::optional<int64_t> course_id,
        QueryOptional(conn, "SELECT id FROM courses WHERE slug = ?",
                      [](const Statement& st) { return st.ColumnInt(0); }, slug));
    if (!course_id) {
      return Status::InvalidArgument("programme names course '" + slug +
                                     "', which is not in the database")
          .WithReason("programme_course_unknown")
          .WithParam("slug", slug);
    }
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
                                   "INSERT INTO programme_courses (revision_id, path, position, "
                                   "course_id) VALUES (?, ?, ?, ?)",
                                   revision_id, path, ++position, *course_id));
  }
  return Status::Ok();
}

// Inserts `codes` in order into `table`'s column `column` (both fixed names).
Status InsertCodes(Connection& conn, int64_t revision_id, const std::string& table,
                   const std::string& column, const std::vector<std::string>& codes) {
  int position = 0;
  for (const auto& code : codes) {
    LOPHOC_RETURN_IF_ERROR(Execute(
        conn, "INSERT INTO " + table + " (revision_id, position, " + column + ") VALUES (?, ?, ?)",
        revision_id, ++position, code));
  }
  return Status::Ok();
}

Result<int64_t> InsertRevision(Connection& conn, int64_t programme_id, const Programme& p,
                               const std::string& content_hash,
                               const courses::ProgrammeRevisionMeta& meta) {
  const training::ValidityRule& r = p.rule;
  const bool fixed = r.rule == training::DateRule::kFixedDate;
  LOPHOC_RETURN_IF_ERROR(Execute(
      conn,
      "INSERT INTO programme_revisions (programme_id, number, content_hash, title, title_en, "
      "description_markdown, validity_months, renewal_window_days, date_rule, fixed_month, "
      "fixed_day, min_validity_months, grace_days, source, created_at) VALUES (?1, (SELECT "
      "COALESCE(MAX(number), 0) + 1 FROM programme_revisions WHERE programme_id = ?1), ?2, ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
      programme_id, content_hash, p.title, p.title_en, p.description_markdown, r.validity_months,
      r.renewal_window_days, std::string(training::DateRuleName(r.rule)),
      fixed ? std::optional<int>(r.fixed_day.month) : std::nullopt,
      fixed ? std::optional<int>(r.fixed_day.day) : std::nullopt, r.min_validity_months,
      r.grace_days, meta.source, meta.now));
  const int64_t revision_id = conn.LastInsertId();
  LOPHOC_RETURN_IF_ERROR(InsertPath(conn, revision_id, "initial", p.initial_courses));
  LOPHOC_RETURN_IF_ERROR(InsertPath(conn, revision_id, "refresher", p.refresher_courses));
  LOPHOC_RETURN_IF_ERROR(InsertCodes(conn, revision_id, "programme_staff_categories",
                                     "staff_category", p.staff_categories));
  LOPHOC_RETURN_IF_ERROR(
      InsertCodes(conn, revision_id, "programme_site_types", "site_type", p.site_types));
  return revision_id;
}

}  // namespace

Result<courses::SaveResult> SqliteProgrammeStore::SaveProgramme(
    const Programme& p, const std::string& content_hash,
    const courses::ProgrammeRevisionMeta& meta) {
  return InTransaction(db_, [&](Connection& conn) -> Result<courses::SaveResult> {
    struct Current {
      int64_t id = 0;
      std::optional<int> number;
      std::string hash;
    };
    LOPHOC_ASSIGN_OR_RETURN(
        std::optional<Current> current,
        QueryOptional(conn,
                      "SELECT p.id, r.number, r.content_hash FROM programmes p LEFT JOIN "
                      "programme_revisions r ON r.id = p.current_revision_id WHERE p.slug = ?",
                      [](const Statement& st) {
                        Current c;
                        ReadColumns(st, 0, c.id, c.number, c.hash);
                        return c;
                      },
                      p.slug));
    if (current && meta.create_only) {
      return Status::AlreadyExists("programme '" + p.slug + "' exists")
          .WithReason("programme_exists")
          .WithField("slug")
          .WithParam("slug", p.slug);
    }
    if (current && current->hash == content_hash) {
      return courses::SaveResult{courses::SaveOutcome::kUnchanged, current->number.value_or(0)};
    }
    int64_t programme_id = current ? current->id : 0;
    if (!current) {
      LOPHOC_RETURN_IF_ERROR(Execute(
          conn, "INSERT INTO programmes (slug, created_at) VALUES (?, ?)", p.slug, meta.now));
      programme_id = conn.LastInsertId();
    }
    LOPHOC_ASSIGN_OR_RETURN(int64_t revision_id,
                            InsertRevision(conn, programme_id, p, content_hash, meta));
    LOPHOC_RETURN_IF_ERROR(Execute(conn,
                                   "UPDATE programmes SET current_revision_id = ? WHERE id = ?",
                                   revision_id, programme_id));
    const int number = current ? current->number.value_or(0) + 1 : 1;
    return courses::SaveResult{
        current ? courses::SaveOutcome::kUpdated : courses::SaveOutcome::kCreated, number};
  });
}

Result<std::vector<StoredProgramme>> SqliteProgrammeStore::ListProgrammes() {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          QueryAll(*conn, std::string(kSelectCurrent) + "ORDER BY p.slug", ReadRow));
  std::vector<StoredProgramme> out;
  for (auto& row : rows) {
    LOPHOC_RETURN_IF_ERROR(ReadLists(*conn, row));
    out.push_back(std::move(row.stored));
  }
  return out;
}

Result<StoredProgramme> SqliteProgrammeStore::LoadProgramme(const std::string& slug) {
  auto conn = db_->Acquire();
  LOPHOC_ASSIGN_OR_RETURN(Row row, QueryOne(*conn, std::string(kSelectCurrent) + "WHERE p.slug = ?",
                                            ReadRow, "no programme '" + slug + "'", slug));
  LOPHOC_RETURN_IF_ERROR(ReadLists(*conn, row));
  return std::move(row.stored);
}

Result<std::optional<std::string>> SqliteProgrammeStore::LastHashFrom(const std::string& slug,
                                                                      const std::string& source) {
  auto conn = db_->Acquire();
  return QueryOptional(
      *conn,
      "SELECT r.content_hash FROM programme_revisions r JOIN programmes p ON "
      "p.id = r.programme_id WHERE p.slug = ? AND r.source = ? "
      "ORDER BY r.number DESC LIMIT 1",
      [](const Statement& st) { return st.ColumnText(0); }, slug, source);
}

Status SqliteProgrammeStore::SetRetired(const std::string& slug,
                                        const std::optional<std::string>& retired_at) {
  auto conn = db_->Acquire();
  LOPHOC_RETURN_IF_ERROR(
      Execute(*conn, "UPDATE programmes SET retired_at = ? WHERE slug = ?", retired_at, slug));
  if (conn->Changes() != 1) return Status::NotFound("no programme '" + slug + "'");
  return Status::Ok();
}

}  // namespace lophoc::storage
