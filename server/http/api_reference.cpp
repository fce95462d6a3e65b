#include "server/http/api_reference.h"

#include <cctype>
#include <map>

#include "server/http/i18n.h"
#include "server/http/web_app.h"

namespace lophoc::http {
namespace {

using nlohmann::json;

constexpr const char* kApiPrefix = "/api/v1/";
constexpr const char* kMethods[] = {"get", "post", "put", "patch", "delete"};

// `value` when it is a non-empty string, else false.
json TextOrFalse(const json& object, const char* key) {
  if (!object.is_object()) return false;
  auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get<std::string>().empty()) return false;
  return *it;
}

// Follows a local "$ref" ("#/components/parameters/Lang") once.
const json& Deref(const json& doc, const json& item) {
  if (!item.is_object() || !item.contains("$ref") || !item["$ref"].is_string()) return item;
  const std::string ref = item["$ref"].get<std::string>();
  if (ref.rfind("#/", 0) != 0) return item;
  const json::json_pointer pointer(ref.substr(1));
  return doc.contains(pointer) ? doc.at(pointer) : item;
}

// A fragment id from `text`: lower-case letters and digits, runs of anything
// else as one dash.
std::string Anchor(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string GroupOf(const std::string& path, const json& operation) {
  if (operation.contains("tags") && operation["tags"].is_array() && !operation["tags"].empty() &&
      operation["tags"][0].is_string()) {
    return operation["tags"][0].get<std::string>();
  }
  if (path.rfind(kApiPrefix, 0) != 0) return path;
  const std::string rest = path.substr(std::string(kApiPrefix).size());
  return rest.substr(0, rest.find('/'));
}

json Parameters(const json& doc, const json& path_item, const json& operation) {
  json out = json::array();
  for (const json* list : {&path_item, &operation}) {
    if (!list->contains("parameters") || !(*list)["parameters"].is_array()) continue;
    for (const json& raw : (*list)["parameters"]) {
      const json& p = Deref(doc, raw);
      if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) continue;
      const std::string in = p.value("in", "");
      out.push_back({{"name", p["name"]},
                     {"in_path", in == "path"},
                     {"in_query", in == "query"},
                     {"in_header", in == "header"},
                     {"in_cookie", in == "cookie"},
                     {"required", p.value("required", false)},
                     {"description", TextOrFalse(p, "description")}});
    }
  }
  return out;
}

json Responses(const json& doc, const json& operation) {
  json out = json::array();
  if (!operation.contains("responses") || !operation["responses"].is_object()) return out;
  for (const auto& [code, raw] : operation["responses"].items()) {
    out.push_back({{"code", code}, {"description", TextOrFalse(Deref(doc, raw), "description")}});
  }
  return out;
}

json BodyType(const json& doc, const json& operation) {
  if (!operation.contains("requestBody")) return false;
  const json& body = Deref(doc, operation["requestBody"]);
  if (!body.contains("content") || !body["content"].is_object() || body["content"].empty()) {
    return false;
  }
  std::string types;
  for (const auto& [type, _] : body["content"].items()) types += (types.empty() ? "" : ", ") + type;
  return types;
}

}  // namespace

json ApiReferenceModel(const std::string& openapi_json) {
  const json doc = json::parse(openapi_json, nullptr, false);
  std::map<std::string, json> groups;  // by name, in name order
  if (doc.is_object() && doc.contains("paths") && doc["paths"].is_object()) {
    for (const auto& [path, item] : doc["paths"].items()) {
      if (!item.is_object()) continue;
      for (const char* method : kMethods) {
        if (!item.contains(method) || !item[method].is_object()) continue;
        const json& op = item[method];
        std::string upper = method;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        json params = Parameters(doc, item, op);
        json endpoint = {{"method", upper},
                         {"path", path},
                         {"anchor", Anchor(upper + " " + path)},
                         {"summary", TextOrFalse(op, "summary")},
                         {"description", TextOrFalse(op, "description")},
                         {"has_parameters", !params.empty()},
                         {"parameters", std::move(params)},
                         {"body_type", BodyType(doc, op)},
                         {"responses", Responses(doc, op)}};
        json& group = groups[GroupOf(path, op)];
        if (!group.is_array()) group = json::array();
        group.push_back(std::move(endpoint));
      }
    }
  }
  json list = json::array();
  for (auto& [name, endpoints] : groups) {
    list.push_back({{"name", name},
                    {"id", "api-" + Anchor(name)},
                    {"count", endpoints.size()},
                    {"endpoints", std::move(endpoints)}});
  }
  return {{"groups", std::move(list)}};
}

// The index of groups, and with ?group=NAME that group's endpoints: the
// whole document on one page weighed more than the 30 KB a page may
// transfer cold (tests/e2e/face.test.mjs).
HttpResponse ApiReferencePage(const WebContext& ctx, const HttpRequest& req) {
  const std::string lang = ChooseLanguage(req);
  const std::string wanted = req.Query("group");
  json index = json::array();
  json shown = json::array();
  if (ctx.api_reference != nullptr) {
    for (const json& g : (*ctx.api_reference)["groups"]) {
      const bool current = g["name"] == wanted;
      index.push_back({{"name", g["name"]},
                       {"id", g["id"]},
                       {"count", g["count"]},
                       {"url", "/api?group=" + PercentEncode(g["name"].get<std::string>()) + "#" +
                                   g["id"].get<std::string>()},
                       {"current", current}});
      if (current) shown.push_back(g);
    }
  }
  if (!wanted.empty() && shown.empty()) {
    return StatusResponse(ctx, req, Status::NotFound("no such API group").WithReason("not_found"));
  }
  json m = PageModel(ctx, req, ctx.i18n->Text(lang, "api_reference_title"));
  m["index"] = std::move(index);
  m["groups"] = std::move(shown);
  m["is_api_reference"] = true;
  return PageResponse(ctx, req, "api_reference", m);
}

}  // namespace lophoc::http
