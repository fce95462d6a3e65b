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

    // Requests: JSON bodies, query parameters, files (server/http).
    {"body_not_json", 400, "req_err_body_not_json", nullptr},
    {"body_not_json_object", 400, "req_err_body_not_json", nullptr},
    {"body_unknown_field", 400, "req_err_unknown_field", nullptr},
    {"field_required", 400, "req_err_field_required", nullptr},
    {"field_not_string", 400, "req_err_field_type", nullptr},
    {"field_not_bool", 400, "req_err_field_type", nullptr},
    {"field_not_roles", 400, "req_err_field_type", nullptr},
    {"field_not_ids", 400, "req_err_field_type", nullptr},
    {"paging_limit_invalid", 400, "req_err_paging_limit", nullptr},
    {"paging_offset_invalid", 400, "req_err_paging_offset", nullptr},
    {"audience_invalid", 400, "error_bad_audience", nullptr},
    {"file_not_found", 404, "req_err_file_not_found", nullptr},
    {"search_not_utf8", 400, "search_error_utf8", nullptr},
    {"search_too_long", 400, "search_error_long", nullptr},
    {"search_empty", 400, "search_error_empty", nullptr},

    // Learning, quizzes and certificates.
    {"course_not_found", 404, "learning_err_course_not_found", nullptr},
    {"lesson_not_found", 404, "learning_err_lesson_not_found", nullptr},
    {"quiz_not_found", 404, "learning_err_quiz_not_found", nullptr},
    {"enrolment_not_found", 404, "learning_err_enrolment_not_found", nullptr},
    {"attempt_not_found", 404, "learning_err_attempt_not_found", nullptr},
    {"certificate_not_found", 404, "learning_err_certificate_not_found", nullptr},
    {"certificate_code_busy", 409, "learning_err_certificate_code_busy", nullptr},
    {"course_staff_only", 403, "learning_err_course_staff_only", nullptr},
    {"learning_staff_only", 403, "learning_err_staff_only", nullptr},
    {"enrol_others_staff_only", 403, "learning_err_enrol_others", nullptr},
    {"enrol_one_kind", 400, "learning_err_enrol_one_kind", nullptr},
    {"enrol_whom_missing", 400, "learning_err_enrol_whom", nullptr},
    {"enrol_user_invalid", 400, "learning_err_enrol_user_invalid", nullptr},
    {"attempt_open_elsewhere", 409, "learning_err_attempt_open_elsewhere", nullptr},
    {"attempt_not_started", 409, "learning_err_attempt_not_started", nullptr},
    {"quiz_replaced", 409, "learning_err_quiz_replaced", nullptr},
    {"no_attempts_left", 409, "quiz_no_attempts_left", nullptr},
    {"time_limit_over", 409, "quiz_error_late", nullptr},
    {"submission_id_invalid", 400, "learning_err_submission_id", nullptr},
    {"submission_id_reused", 400, "learning_err_submission_id_reused", nullptr},
    {"answers_not_object", 400, "learning_err_answers_not_object", nullptr},
    {"answer_unknown_question", 400, "learning_err_answer_unknown_question", nullptr},
    {"answer_not_option", 400, "learning_err_answer_not_option", nullptr},
    {"answer_not_options", 400, "learning_err_answer_not_options", nullptr},
    {"answer_not_text", 400, "learning_err_answer_not_text", nullptr},
    {"answer_too_long", 400, "learning_err_answer_too_long", nullptr},
    {"answer_not_number", 400, "learning_err_answer_not_number", nullptr},
    {"answer_not_pairs", 400, "learning_err_answer_not_pairs", nullptr},
    {"answer_wrong_kind", 400, "learning_err_answer_wrong_kind", nullptr},
    {"answer_no_such_choice", 400, "learning_err_answer_no_such_choice", nullptr},
    {"answer_option_twice", 400, "learning_err_answer_option_twice", nullptr},

    // Enrolling others: one account, a group, a CSV list (trainers' pages, API).
    {"enrol_user_not_found", 404, "trainer_err_user_not_found", nullptr},
    {"enrol_user_disabled", 400, "trainer_err_disabled", nullptr},
    {"enrol_usernames_unknown", 400, "trainer_err_unknown_usernames", nullptr},
    {"enrol_group_too_large", 413, "trainer_err_too_many", nullptr},
    {"enrol_csv_too_long", 413, "trainer_err_csv_too_long", nullptr},
    {"csv_media_type", 415, "trainer_err_csv_media_type", "unsupported_media_type"},
    {"csv_username_column", 400, "trainer_err_username_column", nullptr},
    {"csv_unreadable", 400, "trainer_err_csv_unreadable", nullptr},
    {"csv_too_large", 413, "trainer_err_csv_too_large", nullptr},

    // Authoring and course packages (the web editor; lophoc check's problems).
    {"author_role_needed", 403, "author_err_role_needed", nullptr},
    {"author_needs_unit", 403, "author_err_needs_unit", nullptr},
    {"course_changed", 409, "author_conflict", nullptr},
    {"course_slug_taken", 409, "author_slug_taken", nullptr},
    {"course_owner_admin_only", 403, "author_err_owner_admin_only", nullptr},
    {"course_authors_owner_only", 403, "author_err_authors_owner_only", nullptr},
    {"course_too_many_authors", 400, "author_err_too_many_authors", nullptr},
    {"slug_invalid", 400, "author_err_slug_invalid", nullptr},
    {"title_invalid", 400, "author_err_title_invalid", nullptr},
    {"lesson_slug_taken", 409, "author_err_lesson_slug_taken", nullptr},
    {"course_slug_must_stay", 400, "author_err_slug_must_stay", nullptr},
    {"package_other_course", 400, "author_err_package_other_course", nullptr},
    {"package_course_exists", 409, "author_err_package_course_exists", nullptr},
    {"picture_type", 400, "author_err_picture_type", nullptr},
    {"picture_content", 400, "author_err_picture_content", nullptr},
    {"picture_too_large", 400, "author_err_picture_too_large", nullptr},
    {"picture_not_found", 404, "author_err_picture_not_found", nullptr},
    {"file_empty", 400, "author_err_file_empty", nullptr},
    {"file_not_utf8", 400, "author_err_file_not_utf8", nullptr},
    {"file_unreadable", 400, "author_err_file_unreadable", nullptr},
    {"text_file_too_large", 400, "author_err_text_file_too_large", nullptr},
    {"upload_no_file", 400, "author_choose_file", nullptr},
    {"upload_unreadable", 400, "author_err_upload_unreadable", nullptr},
    {"import_no_questions", 400, "author_err_import_no_questions", nullptr},
    {"quiz_import_existing_invalid", 400, "author_err_import_existing_invalid", nullptr},
    {"quiz_import_invalid", 400, "author_err_import_invalid", nullptr},
    {"zip_not_zip", 400, "author_err_zip_not_zip", nullptr},
    {"zip_empty", 400, "author_err_zip_empty", nullptr},
    {"zip_damaged", 400, "author_err_zip_damaged", nullptr},
    {"zip_special_file", 400, "author_err_zip_special_file", nullptr},
    {"zip_encrypted", 400, "author_err_zip_encrypted", nullptr},
    {"zip_compression", 400, "author_err_zip_compression", nullptr},
    {"zip_file_too_large", 400, "author_err_zip_file_too_large", nullptr},
    {"zip_too_large", 400, "author_err_zip_too_large", nullptr},
    {"zip_too_many_files", 400, "author_err_zip_too_many_files", nullptr},
    {"zip_duplicate", 400, "author_err_zip_duplicate", nullptr},
    {"zip_name_invalid", 400, "author_err_zip_name_invalid", nullptr},
    {"front_matter_missing", 400, "author_err_fm_missing", nullptr},
    {"front_matter_unclosed", 400, "author_err_fm_unclosed", nullptr},
    {"front_matter_not_key_value", 400, "author_err_fm_not_key_value", nullptr},
    {"front_matter_key_invalid", 400, "author_err_fm_key_invalid", nullptr},
    {"front_matter_key_twice", 400, "author_err_fm_key_twice", nullptr},
    {"front_matter_key_unknown", 400, "author_err_fm_key_unknown", nullptr},
    {"front_matter_key_missing", 400, "author_err_fm_key_missing", nullptr},
    {"front_matter_value_empty", 400, "author_err_fm_value_empty", nullptr},
    {"front_matter_list_expected", 400, "author_err_fm_list_expected", nullptr},
    {"front_matter_single_expected", 400, "author_err_fm_single_expected", nullptr},
    {"front_matter_list_one_line", 400, "author_err_fm_list_one_line", nullptr},
    {"front_matter_list_item_empty", 400, "author_err_fm_list_item_empty", nullptr},
    {"front_matter_quote", 400, "author_err_fm_quote", nullptr},
    {"front_matter_number", 400, "author_err_fm_number", nullptr},
    {"value_too_long", 400, "author_err_value_too_long", nullptr},
    {"course_audience_invalid", 400, "author_err_course_audience", nullptr},
    {"course_language_invalid", 400, "author_err_course_language", nullptr},
    {"course_completion_invalid", 400, "author_err_course_completion", nullptr},
    {"course_lesson_done_invalid", 400, "author_err_course_lesson_done", nullptr},
    {"course_no_lessons", 400, "author_err_course_no_lessons", nullptr},
    {"course_too_many_lessons", 400, "author_err_course_too_many_lessons", nullptr},
    {"lesson_file_name", 400, "author_err_lesson_file_name", nullptr},
    {"lesson_slug_reserved", 400, "author_err_lesson_slug_reserved", nullptr},
    {"lesson_number_taken", 400, "author_err_lesson_number_taken", nullptr},
    {"lesson_text_empty", 400, "author_err_lesson_text_empty", nullptr},
    {"markdown_raw_html", 400, "author_err_raw_html", nullptr},
    {"picture_not_in_package", 400, "author_err_picture_not_in_package", nullptr},
    {"picture_missing", 400, "author_err_picture_missing", nullptr},
    {"link_scheme", 400, "author_err_link_scheme", nullptr},
    {"link_outside_package", 400, "author_err_link_outside", nullptr},
    {"link_lesson_missing", 400, "author_err_link_lesson_missing", nullptr},
    {"link_file_missing", 400, "author_err_link_file_missing", nullptr},
    {"package_symlink", 400, "author_err_package_symlink", nullptr},
    {"package_file_ignored", 400, "author_err_package_file_ignored", nullptr},
    // quiz.md (the quiz editor; the question body's problems have no reason yet).
    {"quiz_pass_mark_invalid", 400, "author_err_quiz_pass_mark", nullptr},
    {"quiz_attempts_invalid", 400, "author_err_quiz_attempts", nullptr},
    {"quiz_grading_invalid", 400, "author_err_quiz_grading", nullptr},
    {"quiz_time_limit_invalid", 400, "author_err_quiz_time_limit", nullptr},
    {"quiz_late_invalid", 400, "author_err_quiz_late", nullptr},
    {"quiz_draw_invalid", 400, "author_err_quiz_draw", nullptr},
    {"quiz_shuffle_invalid", 400, "author_err_quiz_shuffle", nullptr},
    {"quiz_draw_too_many", 400, "author_err_quiz_draw_too_many", nullptr},
    {"quiz_code_block_unclosed", 400, "author_err_quiz_code_block", nullptr},
    {"quiz_no_questions", 400, "author_err_quiz_no_questions", nullptr},
    {"question_id_twice", 400, "author_err_question_id_twice", nullptr},
    {"question_heading_form", 400, "author_err_question_heading", nullptr},
    {"question_id_invalid", 400, "author_err_question_id_invalid", nullptr},
    {"question_type_unknown", 400, "author_err_question_type", nullptr},
    {"question_attribute_form", 400, "author_err_question_attribute_form", nullptr},
    {"question_attribute_twice", 400, "author_err_question_attribute_twice", nullptr},
    {"question_attribute_unknown", 400, "author_err_question_attribute_unknown", nullptr},
    {"question_points_invalid", 400, "author_err_question_points", nullptr},
    {"question_match_not_short", 400, "author_err_question_match_not_short", nullptr},
    {"question_match_invalid", 400, "author_err_question_match", nullptr},
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
