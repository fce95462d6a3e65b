#include "courses/pictures.h"

#include <cmath>
#include <cstdlib>
#include <regex>

#include "kernel/text.h"

namespace lophoc::courses {
namespace {

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

unsigned Byte(std::string_view b, size_t i) { return static_cast<unsigned char>(b[i]); }

std::optional<ImageSize> PngSize(std::string_view b) {
  // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
  if (b.size() < 24 || b.substr(0, 8) != "\x89PNG\r\n\x1a\n" || b.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  auto be32 = [&](size_t i) {
    return static_cast<int>((Byte(b, i) << 24) | (Byte(b, i + 1) << 16) | (Byte(b, i + 2) << 8) |
                            Byte(b, i + 3));
  };
  return ImageSize{be32(16), be32(20), 0};
}

std::optional<ImageSize> GifSize(std::string_view b) {
  if (b.size() < 10 || (b.substr(0, 6) != "GIF87a" && b.substr(0, 6) != "GIF89a")) {
    return std::nullopt;
  }
  return ImageSize{static_cast<int>(Byte(b, 6) | (Byte(b, 7) << 8)),
                   static_cast<int>(Byte(b, 8) | (Byte(b, 9) << 8)), 0};
}

std::optional<ImageSize> JpegSize(std::string_view b) {
  if (b.size() < 4 || Byte(b, 0) != 0xFF || Byte(b, 1) != 0xD8) return std::nullopt;
  size_t i = 2;
  while (i + 9 < b.size()) {
    if (Byte(b, i) != 0xFF) return std::nullopt;
    const unsigned marker = Byte(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    const size_t length = (Byte(b, i + 2) << 8) | Byte(b, i + 3);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC): height, then width.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      return ImageSize{static_cast<int>((Byte(b, i + 7) << 8) | Byte(b, i + 8)),
                       static_cast<int>((Byte(b, i + 5) << 8) | Byte(b, i + 6)), 0};
    }
    if (length < 2) return std::nullopt;
    i += 2 + length;
  }
  return std::nullopt;
}

// A length attribute in px (or unitless) of the root <svg>, or nullopt (%, em...).
std::optional<double> SvgLength(const std::string& tag, const char* name) {
  const std::regex re(std::string("\\s") + name + "\\s*=\\s*[\"']\\s*([0-9.]+)\\s*(px)?\\s*[\"']");
  std::smatch m;
  if (!std::regex_search(tag, m, re)) return std::nullopt;
  const double v = std::strtod(m[1].str().c_str(), nullptr);
  return v > 0 ? std::optional<double>(v) : std::nullopt;
}

std::optional<ImageSize> SvgSize(std::string_view b) {
  const size_t open = b.find("<svg");
  if (open == std::string_view::npos) return std::nullopt;
  const size_t close = b.find('>', open);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string tag(b.substr(open, close - open));
  double width = 0;
  double height = 0;
  std::smatch m;
  static const std::regex kViewBox(
      "viewBox\\s*=\\s*[\"']\\s*[-0-9.]+[\\s,]+[-0-9.]+[\\s,]+([0-9.]+)[\\s,]+([0-9.]+)\\s*[\"']");
  if (std::regex_search(tag, m, kViewBox)) {
    width = std::strtod(m[1].str().c_str(), nullptr);
    height = std::strtod(m[2].str().c_str(), nullptr);
  }
  const double view_width = width;
  const auto w = SvgLength(tag, "width");
  const auto h = SvgLength(tag, "height");
  if (w && h) {
    width = *w;
    height = *h;
  } else if (w && width > 0) {
    height = height * *w / width;
    width = *w;
  }
  if (width <= 0 || height <= 0) return std::nullopt;
  ImageSize size{static_cast<int>(std::lround(width)), static_cast<int>(std::lround(height)), 0};
  // The smallest label, in viewBox units (scaled when width says otherwise).
  static const std::regex kFont("font-size\\s*[:=]\\s*[\"']?\\s*([0-9.]+)");
  const std::string text(b);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kFont);
       it != std::sregex_iterator(); ++it) {
    double f = std::strtod((*it)[1].str().c_str(), nullptr);
    if (view_width > 0) f = f * width / view_width;
    if (f > 0 && (size.smallest_font == 0 || f < size.smallest_font)) size.smallest_font = f;
  }
  return size;
}

}  // namespace

std::optional<ImageSize> ReadImageSize(std::string_view path, std::string_view bytes) {
  std::optional<ImageSize> size;
  if (EndsWith(path, ".svg")) {
    size = SvgSize(bytes);
  } else {
    size = PngSize(bytes);
    if (!size) size = JpegSize(bytes);
    if (!size) size = GifSize(bytes);
  }
  if (size &&
      (size->width <= 0 || size->height <= 0 || size->width > 100000 || size->height > 100000)) {
    return std::nullopt;
  }
  return size;
}

bool IsPicturePath(std::string_view path) {
  for (const char* ext : {".svg", ".png", ".jpg", ".jpeg", ".gif"}) {
    if (EndsWith(path, ext)) return true;
  }
  return false;
}

PackagePictures::PackagePictures(const CoursePackage& package) {
  for (const PackageFile& f : package.files) Add(f.path, f.bytes);
}

void PackagePictures::Add(const std::string& path, std::string_view bytes) {
  if (auto size = ReadImageSize(path, bytes)) sizes_.insert_or_assign(path, *size);
}

std::optional<PictureInfo> PackagePictures::Find(
    std::string_view url, const std::function<std::string(const std::string&)>& media_url) const {
  std::string path(url);
  if (path.rfind("./", 0) == 0) path = path.substr(2);
  const auto it = sizes_.find(path);
  if (it == sizes_.end()) return std::nullopt;
  PictureInfo info;
  info.width = it->second.width;
  info.height = it->second.height;
  if (EndsWith(path, ".svg") && !EndsWith(path, ".narrow.svg")) {
    const std::string narrow = path.substr(0, path.size() - 4) + ".narrow.svg";
    if (const auto n = sizes_.find(narrow); n != sizes_.end()) {
      info.narrow_url = media_url(narrow);
      info.narrow_width = n->second.width;
      info.narrow_height = n->second.height;
    } else if (it->second.smallest_font > 0) {
      // Shown this wide, the smallest label is readable.
      info.readable_width =
          static_cast<int>(std::ceil(info.width * kReadableLabelPx / it->second.smallest_font));
    }
  }
  return info;
}

}  // namespace lophoc::courses
