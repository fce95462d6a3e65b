// Small pieces every people handler needs: reading a JSON object body field
// by field with clear messages, paging parameters, numeric ids, the
// "sign in first" answers, and safe redirects. Pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "people/people.h"
#include "kernel/status.h"
#include "server/http/http_types.h"

namespace lophoc::app {
struct AttemptOutcome;  // server/app/learning_service.h
}  // namespace lophoc::app

namespace lophoc::http {

struct WebContext;

// Reads a JSON object body. Every field must be one of `known`; a field read
// with the wrong type records an error. Check status() after reading.
class JsonFields {
 public:
  // InvalidArgument when the body is not a JSON object or has unknown fields.
  static Result<JsonFields> Parse(const std::string& body, const std::set<std::string>& known);

  std::optional<std::string> String(const std::string& key);  // nullopt when absent
  // A string, or null meaning "clear" (returned as ""); nullopt when absent.
  std::optional<std::string> NullableString(const std::string& key);
  std::optional<bool> Bool(const std::string& key);
  std::optional<std::vector<people::Role>> Roles(const std::string& key);
  // An array of positive integer ids; nullopt when absent.
  std::optional<std::vector<int64_t>> Ids(const std::string& key);
  // An integer within [min, max] (field_not_int otherwise); nullopt when absent.
  std::optional<int> Int(const std::string& key, int min, int max);
  // An array of strings (field_not_strings otherwise); nullopt when absent.
  std::optional<std::vector<std::string>> Strings(const std::string& key);
  // Required string: records an error when absent.
  std::string Required(const std::string& key);
  const Status& status() const { return status_; }

 private:
  nlohmann::json obj_;
  Status status_;
  void Fail(Status s);  // keeps the first failure
};

// A JSON object body whose keys are all in `known` (reasons
// body_not_json_object, body_unknown_field). Checked field by field below,
// where JsonFields' fixed reading order does not fit.
Result<nlohmann::json> JsonObject(const std::string& body,
                                  std::initializer_list<const char*> known);
// The string at `key`; nullopt when absent or null; field_not_string otherwise.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& j, const char* key);

// The flags of a CSV upload (POST text/csv, ?dry_run=1|0|true|false): whether
// it is a dry run. InvalidArgument (csv_bad_flag) for another dry_run,
// Unsupported (csv_content_type) for another content type.
Result<bool> CsvUploadDryRun(const HttpRequest& req);

struct Paging {
  int limit = 50;
  int64_t offset = 0;
};
// ?limit= (1-500, default 50) and ?offset= (>= 0); InvalidArgument otherwise.
Result<Paging> ParsePaging(const HttpRequest& req);

// One page of a listing: the paging the request asked for and what the use
// case listed for it.
template <typename Page>
struct Listed {
  Paging paging;
  Page page;
};
// ParsePaging, then `list(paging)` (a use case returning Result<Page>); the
// first refusal of the two otherwise.
template <typename List>
auto ListRequested(const HttpRequest& req, List list)
    -> Result<Listed<std::decay_t<decltype(list(Paging()).value())>>> {
  auto paging = ParsePaging(req);
  if (!paging.ok()) return paging.status();
  auto page = list(*paging);
  if (!page.ok()) return page.status();
  return Listed<std::decay_t<decltype(list(Paging()).value())>>{*paging, std::move(*page)};
}

// A positive decimal id, or nullopt.
std::optional<int64_t> ParseId(const std::string& s);

// Use cases on the thing a path's ":id" names, the same for a page and its
// API twin; NotFound (with the thing's reason) when the id is not one.
// Revokes the visitor's API token. REQUIRES: signed in.
Status RevokePathToken(const WebContext& ctx, const HttpRequest& req);
// The graded attempt, as the visitor may see it. REQUIRES: signed in.
Result<app::AttemptOutcome> PathAttempt(const WebContext& ctx, const HttpRequest& req);

// A same-site path to go back to after signing in: starts with one '/',
// no "//", no backslash, no control characters; otherwise "/".
std::string SafeNext(const std::string& next);

// 303 See Other to `location`.
HttpResponse Redirect(const std::string& location);

// 204 No Content.
HttpResponse NoContent();

// A file to save (Content-Disposition: attachment). `file_name` must be
// header-safe as it is (ASCII letters, digits, '-', '.').
HttpResponse Attachment(std::string content_type, std::string body, const std::string& file_name);

// The answer for a request that needs a signed-in visitor: 401 JSON for the
// API, a redirect to the login page (coming back here) for pages; nullopt
// when the visitor is signed in.
std::optional<HttpResponse> RequireSignIn(const WebContext& ctx, const HttpRequest& req);


}  // namespace lophoc::http
