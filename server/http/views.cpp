#include "server/http/views.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace lophoc::http {
namespace {

namespace mstch = kainjow::mustache;

std::atomic<uint64_t> g_next_id{1};

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mstch::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::data d{mstch::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mstch::data d{mstch::data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string: return mstch::data(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return mstch::data(j.get<bool>());
    case nlohmann::json::value_t::null: return mstch::data(false);
    default: return mstch::data(j.dump());
  }
}

}  // namespace

Result<std::unique_ptr<Views>> Views::Load(const std::filesystem::path& dir) {
  auto v = std::make_unique<Views>();
  v->id_ = g_next_id++;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".mustache") {
      v->templates_[e.path().stem().string()] = ReadAll(e.path());
    }
  }
  for (const auto& e : std::filesystem::directory_iterator(dir / "partials", ec)) {
    if (e.path().extension() == ".mustache") {
      v->partials_[e.path().stem().string()] = ReadAll(e.path());
    }
  }
  if (v->templates_.count("layout") == 0) {
    return Status::NotFound("no layout.mustache in " + dir.string());
  }
  for (const auto& [name, src] : v->templates_) {
    mstch::mustache m(src);
    if (!m.is_valid()) {
      return Status::InvalidArgument("template " + name + ": " + m.error_message());
    }
  }
  for (const auto& [name, src] : v->partials_) {
    mstch::mustache m(src);
    if (!m.is_valid()) return Status::InvalidArgument("partial " + name + ": " + m.error_message());
  }
  return v;
}

Result<std::string> Views::Render(const std::string& name, const nlohmann::json& model) const {
  auto src = templates_.find(name);
  if (src == templates_.end()) return Status::NotFound("no template '" + name + "'");
  // kainjow's render() mutates the template object, so each thread keeps its own.
  thread_local std::unordered_map<std::string, std::unique_ptr<mstch::mustache>> cache;
  const std::string key = std::to_string(id_) + "/" + name;
  auto& m = cache[key];
  if (!m) m = std::make_unique<mstch::mustache>(src->second);
  mstch::data data = ToData(model);
  for (const auto& [pname, psrc] : partials_) {
    const std::string* text = &psrc;
    data.set(pname, mstch::partial([text]() { return *text; }));
  }
  std::string out = m->render(data);
  if (!m->error_message().empty()) {
    return Status::Corruption("template " + name + ": " + m->error_message());
  }
  return out;
}

Result<std::string> Views::RenderPage(const std::string& name, const nlohmann::json& model) const {
  auto body = Render(name, model);
  if (!body.ok()) return body.status();
  nlohmann::json with_body = model;
  with_body["content_html"] = std::move(*body);
  return Render("layout", with_body);
}

}  // namespace lophoc::http
