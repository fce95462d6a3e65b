// The readable API reference at /api: the embedded OpenAPI document (the one
// /api/v1/openapi.json serves to programs) as a server-rendered HTML page.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/http/http_types.h"

namespace lophoc::http {

struct WebContext;

// The view model of the reference, language-independent: {"groups": [{"name",
// "id", "count", "endpoints": [{"method", "path", "anchor", "summary",
// "description", "parameters", "has_parameters", "body_type", "responses"}]}]}.
// Endpoints are grouped by their first tag, else by the first path segment
// after /api/v1/. Absent texts are `false` (a Mustache section that does not
// look further up the context). An unreadable document gives no groups.
// Pure: built once when the site starts (WebContext::api_reference).
nlohmann::json ApiReferenceModel(const std::string& openapi_json);

// GET /api: the reference page, in the visitor's language.
HttpResponse ApiReferencePage(const WebContext& ctx, const HttpRequest& req);

}  // namespace lophoc::http
