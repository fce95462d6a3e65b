// Lesson pictures: the size of each picture a course package ships (PNG,
// JPEG, GIF and SVG headers), whether an SVG has a narrow variant for phones
// (`name.narrow.svg` beside `name.svg`), and how wide an SVG must be shown
// for its smallest label to stay readable. Read once per package revision
// (CourseService keeps them) and given to RenderMarkdown. Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "courses/course.h"
#include "courses/markdown.h"

namespace lophoc::courses {

// The smallest label size, in CSS px, a phone should show (about 11 px).
inline constexpr double kReadableLabelPx = 11;

struct ImageSize {
  int width = 0;  // CSS px: the SVG's width/height attributes, else its viewBox
  int height = 0;
  double smallest_font = 0;  // SVG only: the smallest font-size, in its own units; 0 if none
};

// Whether `path` names a picture ReadImageSize reads (by its extension).
bool IsPicturePath(std::string_view path);

// The size a picture declares in its first bytes, or nullopt when it is not
// a PNG, JPEG, GIF or SVG, or its header cannot be read.
std::optional<ImageSize> ReadImageSize(std::string_view path, std::string_view bytes);

// Every picture of a package, by its path in the package ("images/a.svg").
class PackagePictures {
 public:
  PackagePictures() = default;
  // The pictures among `package.files` that carry their bytes.
  explicit PackagePictures(const CoursePackage& package);
  // Reads the picture at `path` of the package (ignored when it is none).
  void Add(const std::string& path, std::string_view bytes);
  // What RenderMarkdown needs for a picture `url` written in a lesson
  // ("images/a.svg", "./images/a.svg"), with `media_url` turning a package
  // path into the URL to emit. nullopt for a picture the package lacks.
  std::optional<PictureInfo> Find(
      std::string_view url, const std::function<std::string(const std::string&)>& media_url) const;

 private:
  std::map<std::string, ImageSize, std::less<>> sizes_;
};

}  // namespace lophoc::courses
