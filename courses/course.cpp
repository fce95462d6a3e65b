#include "courses/course.h"

#include "kernel/names.h"
#include "kernel/text.h"

namespace lophoc::courses {
namespace {

constexpr NameTable<Audience, 3> kAudiences = {{
    {Audience::kCitizen, "citizen"},
    {Audience::kStaff, "staff"},
    {Audience::kAll, "all"},
}};

}  // namespace

const char* AudienceName(Audience a) { return NameIn(kAudiences, a, "all"); }

std::optional<Audience> ParseAudience(std::string_view s) { return ValueNamed(kAudiences, s); }

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
  const std::string ext = AsciiLower(path.substr(dot + 1));
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  return "";
}

}  // namespace lophoc::courses
