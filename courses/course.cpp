#include "courses/course.h"

#include <algorithm>

namespace lophoc::courses {

const char* AudienceName(Audience a) {
  switch (a) {
    case Audience::kCitizen: return "citizen";
    case Audience::kStaff: return "staff";
    case Audience::kAll: return "all";
  }
  return "all";
}

std::optional<Audience> ParseAudience(std::string_view s) {
  if (s == "citizen") return Audience::kCitizen;
  if (s == "staff") return Audience::kStaff;
  if (s == "all") return Audience::kAll;
  return std::nullopt;
}

const Lesson* CoursePackage::FindLesson(std::string_view s) const {
  for (const auto& l : lessons) {
    if (l.slug == s) return &l;
  }
  return nullptr;
}

const PackageFile* CoursePackage::FindFile(std::string_view p) const {
  for (const auto& f : files) {
    if (f.path == p) return &f;
  }
  return nullptr;
}

std::string PackageFileContentType(std::string_view path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  return "";
}

}  // namespace lophoc::courses
