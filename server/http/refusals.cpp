#include "server/http/refusals.h"

#include <unordered_map>

#include "server/http/i18n.h"

namespace lophoc::http {
namespace {

// Generic entries first: one per status code, used when a Status has no
// reason of its own (or, by mistake, one not listed below).
const std::vector<RefusalEntry> kTable = {
    {"not_found", 404, "error_404_text", nullptr},
    {"invalid_argument", 400, "error_400_text", nullptr},
    {"already_exists", 409, "error_409_text", nullptr},
    {"conflict", 409, "error_409_text", nullptr},
    {"permission_denied", 403, "error_403_text", nullptr},
    {"unauthenticated", 401, "error_401_text", nullptr},
    {"too_large", 413, "error_413_text", nullptr},
    {"unsupported", 415, "error_415_text", nullptr},
    {"unavailable", 503, "error_503_text", nullptr},
    {"rate_limited", 429, "msg_rate_limited", nullptr},
    {"corruption", 500, "error_500_text", "internal"},
    {"io_error", 500, "error_500_text", "internal"},

    // The HTTP edge (server/http/web_app.cpp), before or around any handler;
    // `code` keeps the values API clients have always read.
    {"body_too_large", 413, "msg_body_too_large", "too_large"},
    {"unsupported_media_type", 415, "msg_unsupported_media_type", "unsupported_media_type"},
    {"no_route", 404, "error_404_text", "not_found"},
    {"method_not_allowed", 405, "error_405_text", "method_not_allowed"},
    {"password_change_required", 403, "msg_password_change_required", "password_change_required"},
    {"shutting_down", 503, "msg_shutting_down", "unavailable"},
    {"unhandled_exception", 500, "error_500_text", "internal"},

    // Signing in and passwords.
    {"login_failed", 401, "login_failed", nullptr},
    {"current_password_wrong", 400, "msg_current_password_wrong", nullptr},
    {"password_same", 400, "msg_password_same", nullptr},
    {"password_short", 400, "msg_password_short", nullptr},
    {"password_common", 400, "msg_password_common", nullptr},
    {"password_is_username", 400, "msg_password_is_username", nullptr},
    {"password_long", 400, "msg_password_long", nullptr},
    {"session_ended", 401, "msg_session_ended", nullptr},
    {"api_token_invalid", 401, "msg_api_token_invalid", nullptr},
    {"api_token_not_found", 404, "msg_api_token_not_found", nullptr},
    {"token_owner_only", 403, "msg_token_owner_only", nullptr},
    {"token_from_token", 403, "msg_token_from_token", nullptr},
    {"account_disabled", 409, "msg_account_disabled", nullptr},
    {"cross_site", 403, "msg_cross_site", nullptr},
    {"csrf_token_wrong", 403, "msg_csrf_token_wrong", nullptr},

    // People and places: fields.
    {"username_invalid", 400, "msg_username_invalid", nullptr},
    {"username_taken", 409, "msg_username_taken", nullptr},
    {"code_taken", 409, "msg_code_taken", nullptr},
    {"code_invalid", 400, "msg_code_invalid", nullptr},
    {"phone_invalid", 400, "msg_phone_invalid", nullptr},
    {"staff_category_invalid", 400, "msg_staff_category_invalid", nullptr},
    {"level_invalid", 400, "msg_level_invalid", nullptr},
    {"type_invalid", 400, "msg_type_invalid", nullptr},
    {"text_empty", 400, "msg_name_empty", nullptr},
    {"text_too_long", 400, "msg_name_long", nullptr},
    {"text_control_character", 400, "msg_name_control", nullptr},
    {"text_not_utf8", 400, "msg_not_utf8", nullptr},
    {"roles_empty", 400, "msg_roles_empty", nullptr},
    {"role_unknown", 400, "msg_role_unknown", nullptr},

    // People and places: the tree and the scope rule.
    {"parent_cycle", 409, "msg_parent_cycle", nullptr},
    {"site_not_under_org", 400, "msg_site_not_under_org", nullptr},
    {"org_not_found", 404, "msg_org_not_found", nullptr},
    {"site_not_found", 404, "msg_site_not_found", nullptr},
    {"user_not_found", 404, "msg_user_not_found", nullptr},
    {"outside_scope", 403, "msg_outside_scope", nullptr},
    {"top_level_admin_only", 403, "msg_top_level_admin_only", nullptr},
    {"outside_tree_admin_only", 403, "msg_outside_tree_admin_only", nullptr},
    {"not_yourself", 403, "msg_not_yourself", nullptr},
    {"last_admin", 409, "msg_last_admin", nullptr},
    {"admin_accounts_admin_only", 403, "msg_admin_accounts", nullptr},
    {"kiosk_flag_needed", 409, "msg_kiosk_flag_needed", nullptr},
    {"no_write_scope", 403, "msg_no_write_scope", nullptr},
    {"may_not_change", 403, "msg_may_not_change", nullptr},
    {"role_not_self", 403, "msg_role_not_self", nullptr},
    {"role_not_allowed", 403, "msg_role_not_allowed", nullptr},
    {"admin_area_only", 403, "msg_admin_area_only", nullptr},
    {"audit_admin_only", 403, "msg_audit_admin_only", nullptr},
    {"export_not_allowed", 403, "msg_export_not_allowed", nullptr},

    // CSV files. Rows of an import: answered together in a report, never
    // one by one, so their status is their code's.
    {"csv_not_in_db", 404, "msg_csv_not_in_db", nullptr},
    {"csv_bad_flag", 400, "msg_csv_flag", nullptr},
    {"csv_site_org_empty", 400, "msg_csv_site_org_empty", nullptr},
    {"csv_duplicate", 409, "msg_csv_duplicate", nullptr},
    {"csv_parent_missing", 404, "msg_csv_parent_missing", nullptr},
    {"csv_parent_cycle", 409, "msg_csv_parent_cycle", nullptr},
    // A whole file (kernel/csv.cpp, server/app/people_csv.cpp), and the import API.
    {"csv_not_utf8", 400, "msg_csv_not_utf8", nullptr},
    {"csv_kind_unknown", 400, "msg_csv_kind_unknown", nullptr},
    {"csv_column_unnamed", 400, "msg_csv_column_unnamed", nullptr},
    {"csv_column_twice", 400, "msg_csv_column_twice", nullptr},
    {"csv_column_unknown", 400, "msg_csv_column_unknown", nullptr},
    {"csv_column_missing", 400, "msg_csv_column_missing", nullptr},
    {"csv_field_count", 400, "msg_csv_field_count", nullptr},
    {"csv_quote_unclosed", 400, "msg_csv_quote_unclosed", nullptr},
    {"csv_text_after_quote", 400, "msg_csv_text_after_quote", nullptr},
    {"csv_empty", 400, "msg_csv_empty", nullptr},
    {"csv_too_many_fields", 413, "msg_csv_too_many_fields", nullptr},
    {"csv_field_too_long", 413, "msg_csv_field_too_long", nullptr},
    {"csv_too_many_records", 413, "msg_csv_too_many_records", nullptr},
    {"csv_wrong_import", 400, "msg_csv_wrong_import", nullptr},
    {"csv_content_type", 415, "msg_csv_content_type", "unsupported_media_type"},
};

const std::unordered_map<std::string_view, const RefusalEntry*>& Index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const RefusalEntry*>();
    for (const RefusalEntry& e : kTable) m->emplace(e.reason, &e);
    return m;
  }();
  return *index;
}

}  // namespace

const std::vector<RefusalEntry>& RefusalTable() { return kTable; }

std::string ReasonOf(const Status& s) {
  return s.reason().empty() ? std::string(s.CodeName()) : s.reason();
}

const RefusalEntry& RefusalFor(const Status& s) {
  const auto& index = Index();
  auto it = index.find(s.reason());
  if (it == index.end()) it = index.find(s.CodeName());
  if (it == index.end()) it = index.find("io_error");  // kOk or unknown: never a refusal
  return *it->second;
}

std::string SayRefusal(const Catalogues& i18n, const std::string& lang, const Status& s) {
  std::string text = i18n.Text(lang, RefusalFor(s).message_key);
  for (const auto& [name, value] : s.params()) {
    const std::string placeholder = "{" + name + "}";
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

}  // namespace lophoc::http
