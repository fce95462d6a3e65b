#include "server/http/request_util.h"

#include "server/app/learning_service.h"
#include "server/http/web_app.h"

namespace lophoc::http {

Result<JsonFields> JsonFields::Parse(const std::string& body, const std::set<std::string>& known) {
  JsonFields f;
  f.obj_ = nlohmann::json::parse(body, nullptr, false);
  if (f.obj_.is_discarded()) {
    return Status::InvalidArgument("the body is not valid JSON").WithReason("body_not_json");
  }
  if (!f.obj_.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object")
        .WithReason("body_not_json_object");
  }
  for (const auto& item : f.obj_.items()) {
    if (known.count(item.key()) == 0) {
      return Status::InvalidArgument("unknown field '" + item.key() + "'")
          .WithReason("body_unknown_field")
          .WithField(item.key().substr(0, 64))
          .WithParam("field", item.key().substr(0, 64));
    }
  }
  return f;
}

void JsonFields::Fail(Status s) {
  if (status_.ok()) status_ = std::move(s);
}

namespace {

Status BadField(const std::string& key, const std::string& message, const char* reason) {
  return Status::InvalidArgument(message)
      .WithReason(reason)
      .WithField(key)
      .WithParam("field", key);
}

}  // namespace

std::optional<std::string> JsonFields::String(const std::string& key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (!it->is_string()) {
    Fail(BadField(key, "field '" + key + "' must be a string", "field_not_string"));
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::string> JsonFields::NullableString(const std::string& key) {
  auto it = obj_.find(key);
  if (it != obj_.end() && it->is_null()) return std::string();
  return String(key);
}

std::optional<bool> JsonFields::Bool(const std::string& key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (!it->is_boolean()) {
    Fail(BadField(key, "field '" + key + "' must be true or false", "field_not_bool"));
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::vector<people::Role>> JsonFields::Roles(const std::string& key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (!it->is_array()) {
    Fail(BadField(key, "field '" + key + "' must be an array of roles", "field_not_roles"));
    return std::nullopt;
  }
  std::string joined;
  for (const auto& r : *it) {
    if (!r.is_string()) {
      Fail(BadField(key, "field '" + key + "' must be an array of strings", "field_not_roles"));
      return std::nullopt;
    }
    joined += (joined.empty() ? "" : ";") + r.get<std::string>();
  }
  auto roles = people::ParseRoles(joined);
  if (!roles.ok()) {
    Fail(roles.status());
    return std::nullopt;
  }
  return *roles;
}

std::optional<std::vector<int64_t>> JsonFields::Ids(const std::string& key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (!it->is_array()) {
    Fail(BadField(key, "field '" + key + "' must be an array of account ids", "field_not_ids"));
    return std::nullopt;
  }
  std::vector<int64_t> ids;
  for (const auto& v : *it) {
    if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
      Fail(BadField(key, "field '" + key + "' must be an array of positive integer account ids",
                    "field_not_ids"));
      return std::nullopt;
    }
    ids.push_back(v.get<int64_t>());
  }
  return ids;
}

std::optional<int> JsonFields::Int(const std::string& key, int min, int max) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  if (!it->is_number_integer() || it->get<int64_t>() < min || it->get<int64_t>() > max) {
    Fail(BadField(key,
                  "field '" + key + "' must be an integer from " + std::to_string(min) + " to " +
                      std::to_string(max),
                  "field_not_int"));
    return std::nullopt;
  }
  return static_cast<int>(it->get<int64_t>());
}

std::optional<std::vector<std::string>> JsonFields::Strings(const std::string& key) {
  auto it = obj_.find(key);
  if (it == obj_.end()) return std::nullopt;
  std::vector<std::string> out;
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (!v.is_string()) break;
      out.push_back(v.get<std::string>());
    }
  }
  if (!it->is_array() || out.size() != it->size()) {
    Fail(BadField(key, "field '" + key + "' must be an array of strings", "field_not_strings"));
    return std::nullopt;
  }
  return out;
}

std::string JsonFields::Required(const std::string& key) {
  if (obj_.find(key) == obj_.end()) {
    Fail(BadField(key, "field '" + key + "' is required", "field_required"));
    return "";
  }
  return String(key).value_or("");
}

std::optional<int64_t> ParseId(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
}

Status RevokePathToken(const WebContext& ctx, const HttpRequest& req) {
  auto id = ParseId(req.params.at("id"));
  if (!id) return app::ApiTokenNotFound();
  return ctx.people->RevokeApiToken(req.visitor.actor(), *id);
}

Result<app::AttemptOutcome> PathAttempt(const WebContext& ctx, const HttpRequest& req) {
  auto id = ParseId(req.params.at("id"));
  if (!id) return Status::NotFound("no such attempt").WithReason("attempt_not_found");
  return ctx.learning->Attempt(req.visitor.actor(), *id);
}

Result<Paging> ParsePaging(const HttpRequest& req) {
  Paging p;
  if (req.HasQuery("limit")) {
    auto v = ParseId(req.Query("limit"));
    if (!v || *v > 500) {
      return BadField("limit", "limit must be a whole number from 1 to 500", "paging_limit_invalid")
          .WithParam("max", 500);
    }
    p.limit = static_cast<int>(*v);
  }
  if (req.HasQuery("offset")) {
    const std::string o = req.Query("offset");
    auto v = o == "0" ? std::optional<int64_t>(0) : ParseId(o);
    if (!v) {
      return BadField("offset", "offset must be a whole number, 0 or more",
                      "paging_offset_invalid");
    }
    p.offset = *v;
  }
  return p;
}

std::string SafeNext(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0) return "/";
  for (unsigned char c : next) {
    if (c < 0x20 || c == 0x7f || c == '\\') return "/";
  }
  return next;
}

HttpResponse Redirect(const std::string& location) {
  HttpResponse res;
  res.status = 303;
  res.SetHeader("Location", location);
  return res;
}

HttpResponse NoContent() {
  HttpResponse res;
  res.status = 204;
  return res;
}

HttpResponse Attachment(std::string content_type, std::string body, const std::string& file_name) {
  HttpResponse res;
  res.content_type = std::move(content_type);
  res.body = std::move(body);
  res.SetHeader("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return res;
}

std::optional<HttpResponse> RequireSignIn(const WebContext& ctx, const HttpRequest& req) {
  if (req.visitor.signed_in()) return std::nullopt;
  if (req.IsApi()) {
    return StatusResponse(
        ctx, req,
        Status::Unauthenticated("sign in first (POST /api/v1/auth/login) or send a bearer token"));
  }
  std::string here = req.path;
  if (!req.raw_query.empty()) here += "?" + req.raw_query;
  return Redirect("/login?next=" + PercentEncode(here));
}

// A JSON object body whose keys are all in `known`.
Result<nlohmann::json> JsonObject(const std::string& body, std::initializer_list<const char*> known) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object")
        .WithReason("body_not_json_object");
  }
  for (const auto& [key, v] : j.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) {
      return Status::InvalidArgument("unknown field '" + key.substr(0, 64) + "'")
          .WithReason("body_unknown_field")
          .WithField(key.substr(0, 64))
          .WithParam("field", key.substr(0, 64));
    }
  }
  return j;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string(key) + " must be a string")
        .WithReason("field_not_string")
        .WithField(key)
        .WithParam("field", key);
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<bool> CsvUploadDryRun(const HttpRequest& req) {
  const std::string dry = req.Query("dry_run");
  if (!dry.empty() && dry != "0" && dry != "1" && dry != "true" && dry != "false") {
    return Status::InvalidArgument("dry_run must be 1 or 0")
        .WithReason("csv_bad_flag")
        .WithField("dry_run")
        .WithParam("value", dry);
  }
  if (req.Header("content-type").rfind("text/csv", 0) != 0) {
    return Status::Unsupported("send the file as text/csv").WithReason("csv_content_type");
  }
  return dry == "1" || dry == "true";
}

}  // namespace lophoc::http
