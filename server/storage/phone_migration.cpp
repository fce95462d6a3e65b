#include "server/storage/phone_migration.h"

#include <nlohmann/json.hpp>

#include "people/phone.h"
#include "server/storage/statements.h"

namespace lophoc::storage {
namespace {

struct StoredPhone {
  int64_t id;
  std::string username;
  std::string phone;
  std::string holder = {};  // username of the account holding the number
};

Status WriteSystemAudit(Connection& conn, const char* action, const std::string& username,
                        const nlohmann::json& details) {
  return Execute(conn,
                 "INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, "
                 "object_key, details) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, "
                 "'system', ?, 'user', ?, ?)",
                 action, username, details.dump());
}

// Never merged, never lost: the account keeps its phone as written.
Status CollisionAudit(Connection& conn, const StoredPhone& row, const std::string& number) {
  return WriteSystemAudit(conn, "user.phone_collision", row.username,
                          {{"phone", row.phone},
                           {"number", number},
                           {"holder", row.holder},
                           {"why",
                            "the number is another account's: kept as written until an "
                            "admin corrects one of the two (migration 0011)"}});
}

}  // namespace

Status NormalizeStoredPhones(Connection& conn) {
  auto read = [](const Statement& st) {
    return StoredPhone{st.ColumnInt(0), st.ColumnText(1), st.ColumnText(2)};
  };
  // Marked by the migration's SQL: the same spelling as an older account's.
  LOPHOC_ASSIGN_OR_RETURN(std::vector<StoredPhone> twins,
                          QueryAll(conn,
                                   "SELECT u.id, u.username, u.phone, h.username FROM users u "
                                   "JOIN users h ON h.id = u.phone_collides_with ORDER BY u.id",
                                   [&](const Statement& st) {
                                     StoredPhone p = read(st);
                                     p.holder = st.ColumnText(3);
                                     return p;
                                   }));
  for (const StoredPhone& row : twins) {
    LOPHOC_RETURN_IF_ERROR(CollisionAudit(conn, row, people::CanonicalUsername(row.phone)));
  }
  LOPHOC_ASSIGN_OR_RETURN(
      std::vector<StoredPhone> rows,
      QueryAll(conn,
               "SELECT id, username, phone FROM users "
               "WHERE phone IS NOT NULL AND phone_collides_with IS NULL ORDER BY id",
               read));
  for (StoredPhone& row : rows) {
    const auto canonical = people::CanonicalPhone(row.phone);
    if (!canonical || *canonical == row.phone) continue;
    LOPHOC_ASSIGN_OR_RETURN(std::optional<StoredPhone> holder,
                            QueryOptional(conn,
                                          "SELECT id, username, phone FROM users "
                                          "WHERE phone = ? AND phone_collides_with IS NULL",
                                          read, *canonical));
    if (holder) {
      LOPHOC_RETURN_IF_ERROR(Execute(conn, "UPDATE users SET phone_collides_with = ? WHERE id = ?",
                                     holder->id, row.id));
      row.holder = holder->username;
      LOPHOC_RETURN_IF_ERROR(CollisionAudit(conn, row, *canonical));
      continue;
    }
    LOPHOC_RETURN_IF_ERROR(
        Execute(conn, "UPDATE users SET phone = ? WHERE id = ?", *canonical, row.id));
    LOPHOC_RETURN_IF_ERROR(WriteSystemAudit(conn, "user.phone_normalize", row.username,
                                            {{"phone", *canonical}, {"former_phone", row.phone}}));
  }
  return Status::Ok();
}

}  // namespace lophoc::storage
