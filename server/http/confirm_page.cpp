#include "server/http/confirm_page.h"

#include <nlohmann/json.hpp>

#include "server/http/web_app.h"

namespace lophoc::http {

using nlohmann::json;

bool Confirmed(const FormFields& form) { return form.Get("confirm") == "1"; }

HttpResponse ConfirmationPage(const WebContext& ctx, const HttpRequest& req,
                              const Confirmation& c) {
  json m = PageModel(ctx, req, c.question);
  json fields = json::array();
  for (const auto& [name, value] : c.fields) fields.push_back({{"name", name}, {"value", value}});
  m["confirm"] = {{"question", c.question},
                  {"consequence", c.consequence},
                  {"action", c.action},
                  {"fields", std::move(fields)},
                  {"cancel_url", c.cancel_url}};
  HttpResponse res = PageResponse(ctx, req, "confirm_action", m);
  NoStore(res);
  return res;
}

std::string SayWith(const WebContext& ctx, const HttpRequest& req, const std::string& key,
                    const std::vector<std::pair<std::string, std::string>>& values) {
  std::string text = Say(ctx, req, key);
  for (const auto& [name, value] : values) {
    const std::string mark = "{" + name + "}";
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.replace(at, mark.size(), value);
      at += value.size();
    }
  }
  return text;
}

}  // namespace lophoc::http
