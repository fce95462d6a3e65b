// The shapes every SQLite store repeats around a Statement, written once:
// prepare-and-bind in one call, run a statement that returns no rows, read
// one row or every row, read a row's columns into fields, and run a body in
// one transaction. Internal to server/storage/. Parameters are bound in
// order to ?1, ?2, ...; a value binds as Statement::Bind does (a bool as 0 or
// 1, a nullopt as NULL), and ReadColumns reads it back the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel/status.h"
#include "server/storage/database.h"

namespace lophoc::storage {

template <typename... Args>
void BindAll(Statement& st, const Args&... args) {
  int index = 0;
  (st.Bind(++index, args), ...);
}

// Column `col` of the current row into `out`, read as the field's type says:
// a bool is non-zero, an int is narrowed from SQLite's 64-bit integer, an
// optional stays nullopt where the column is NULL (text reads NULL as "").
inline void ReadColumn(const Statement& st, int col, int64_t& out) { out = st.ColumnInt(col); }
inline void ReadColumn(const Statement& st, int col, int& out) {
  out = static_cast<int>(st.ColumnInt(col));
}
inline void ReadColumn(const Statement& st, int col, uint64_t& out) {
  out = static_cast<uint64_t>(st.ColumnInt(col));
}
inline void ReadColumn(const Statement& st, int col, bool& out) { out = st.ColumnInt(col) != 0; }
inline void ReadColumn(const Statement& st, int col, double& out) { out = st.ColumnDouble(col); }
inline void ReadColumn(const Statement& st, int col, std::string& out) {
  out = st.ColumnText(col);
}
template <typename T>
void ReadColumn(const Statement& st, int col, std::optional<T>& out) {
  if (st.ColumnIsNull(col)) {
    out.reset();
    return;
  }
  T value{};
  ReadColumn(st, col, value);
  out = std::move(value);
}

// Columns `first`, `first` + 1, ... of the current row into `outs`, in order.
template <typename... Fields>
void ReadColumns(const Statement& st, int first, Fields&... outs) {
  int col = first;
  (ReadColumn(st, col++, outs), ...);
}

// `sql` prepared on `conn` with `args` bound.
template <typename... Args>
Result<Statement> PrepareBound(Connection& conn, std::string_view sql, const Args&... args) {
  auto st = conn.Prepare(sql);
  if (st.ok()) BindAll(*st, args...);
  return st;
}

// Runs a statement that returns no rows.
template <typename... Args>
Status Execute(Connection& conn, std::string_view sql, const Args&... args) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st, PrepareBound(conn, sql, args...));
  return st.Run();
}

// Calls `each(st)` for every row of `sql`.
template <typename Each, typename... Args>
Status ForEachRow(Connection& conn, std::string_view sql, Each each, const Args&... args) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st, PrepareBound(conn, sql, args...));
  for (;;) {
    auto row = st.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    each(static_cast<const Statement&>(st));
  }
}

template <typename Read>
using RowType = std::decay_t<std::invoke_result_t<Read, const Statement&>>;

// The first row of `sql` as `read` makes it; nullopt when there is none.
template <typename Read, typename... Args>
Result<std::optional<RowType<Read>>> QueryOptional(Connection& conn, std::string_view sql,
                                                   Read read, const Args&... args) {
  LOPHOC_ASSIGN_OR_RETURN(Statement st, PrepareBound(conn, sql, args...));
  auto row = st.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<RowType<Read>>();
  return std::optional<RowType<Read>>(read(static_cast<const Statement&>(st)));
}

// The first row of `sql` as `read` makes it; NotFound(`missing`) when there is none.
template <typename Read, typename... Args>
Result<RowType<Read>> QueryOne(Connection& conn, std::string_view sql, Read read,
                               const std::string& missing, const Args&... args) {
  LOPHOC_ASSIGN_OR_RETURN(std::optional<RowType<Read>> row,
                          QueryOptional(conn, sql, read, args...));
  if (!row) return Status::NotFound(missing);
  return std::move(*row);
}

// Every row of `sql` as `read` makes it, in the order the query gives.
template <typename Read, typename... Args>
Result<std::vector<RowType<Read>>> QueryAll(Connection& conn, std::string_view sql, Read read,
                                            const Args&... args) {
  std::vector<RowType<Read>> out;
  LOPHOC_RETURN_IF_ERROR(
      ForEachRow(conn, sql, [&](const Statement& st) { out.push_back(read(st)); }, args...));
  return out;
}

// The first column of the first row as a number (a count, an id);
// NotFound(`missing`) when there is no row.
template <typename... Args>
Result<int64_t> QueryInt(Connection& conn, std::string_view sql, const std::string& missing,
                         const Args&... args) {
  return QueryOne(conn, sql, [](const Statement& st) { return st.ColumnInt(0); }, missing,
                  args...);
}

// Runs `body(conn)` (returning a Status or a Result) in one transaction on a
// pooled connection of `db`, and commits when it succeeds; on any failure
// nothing it wrote stays.
template <typename Body>
auto InTransaction(Database* db, Body body) -> decltype(body(std::declval<Connection&>())) {
  auto conn = db->Acquire();
  Transaction tx(*conn);
  LOPHOC_RETURN_IF_ERROR(tx.status());
  auto result = body(*conn);
  if (!result.ok()) return result;
  LOPHOC_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace lophoc::storage
