// Loading and checking course packages (package_loader.h); programme files
// are read by programme_loader.cpp, Markdown rendered by markdown.cpp.
#include "courses/package_loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "kernel/front_matter.h"
#include "courses/markdown.h"
#include "courses/programme_loader.h"
#include "kernel/text.h"

namespace lophoc::courses {
namespace fs = std::filesystem;
namespace {

const std::vector<FrontMatterKey> kCourseKeys = {
    {"slug", true, false},        {"title", true, false},        {"title_en", false, false},
    {"summary", true, false},     {"summary_en", false, false},  {"audience", true, false},
    {"language", false, false},   {"minutes", false, false},     {"tags", false, true},
    {"completion", false, false}, {"lesson_done", false, false}, {"cover", false, false}};

const std::vector<FrontMatterKey> kLessonKeys = {
    {"title", true, false}, {"title_en", false, false}, {"minutes", false, false}};

const std::set<std::string> kReservedLessonSlugs = {"media", "quiz", "files", "edit", "enrol",
                                                    "enrolments", "results", "results.csv"};

std::string Join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

bool ReadBytes(const fs::path& file, size_t limit, std::string& out, bool& too_large) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return false;
  too_large = size > limit;
  if (too_large) return true;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void CheckLength(const FrontMatter& fm, std::string_view key, size_t max, FileDiagnostics& d) {
  if (const FrontMatterEntry* e = fm.Find(key); e != nullptr && Utf8Length(e->value) > max) {
    d.Error(e->line, Why("'" + e->key + "' is longer than " + std::to_string(max) + " characters",
                         "value_too_long")
                         .WithParam("key", e->key)
                         .WithParam("limit", static_cast<int64_t>(max)));
  }
}

// A Markdown link target inside the package: no scheme, no leading '/'.
bool IsRelative(const std::string& url) {
  if (url.empty() || url[0] == '/' || url[0] == '#') return false;
  const size_t colon = url.find(':');
  const size_t slash = url.find('/');
  return colon == std::string::npos || (slash != std::string::npos && slash < colon);
}

bool HasAllowedScheme(const std::string& url) {
  static const std::regex kScheme("^(https?|mailto|tel):", std::regex::icase);
  return std::regex_search(url, kScheme);
}

bool EscapesPackage(const std::string& path) {
  if (path.find('\\') != std::string::npos) return true;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part == ".." || part == ".") return true;
  }
  return path.find("%2") != std::string::npos || path.find("%5") != std::string::npos;
}

void CheckReferences(const std::string& markdown, int first_line, const CoursePackage& pkg,
                     const std::set<std::string>& lesson_files, FileDiagnostics& d) {
  for (const auto& ref : InspectMarkdown(markdown)) {
    const int line = ref.line > 0 ? first_line + ref.line - 1 : first_line;
    using Kind = MarkdownReference::Kind;
    if (ref.kind == Kind::kRawHtml) {
      std::string snippet = std::string(Trim(ref.target.substr(0, ref.target.find('\n'))));
      d.Error(line, Why("raw HTML is not allowed (" + snippet.substr(0, 40) +
                            "): write Markdown instead",
                        "markdown_raw_html")
                        .WithParam("html", snippet.substr(0, 40)));
      continue;
    }
    std::string target = ref.target.substr(0, ref.target.find('#'));
    if (ref.kind == Kind::kLink && (ref.target.empty() || ref.target[0] == '#')) continue;
    if (!IsRelative(ref.target)) {
      if (ref.kind == Kind::kImage) {
        d.Error(line, Why("picture '" + ref.target + "' must be a file inside the package, "
                          "like images/name.svg",
                          "picture_not_in_package")
                          .WithParam("target", ref.target));
      } else if (!HasAllowedScheme(ref.target)) {
        d.Error(line, Why("link '" + ref.target + "' must start with http:, https:, mailto:, "
                          "tel: or be a file of the package",
                          "link_scheme")
                          .WithParam("target", ref.target));
      }
      continue;
    }
    if (EscapesPackage(target)) {
      d.Error(line, Why("'" + ref.target + "' points outside the course package",
                        "link_outside_package")
                        .WithParam("target", ref.target));
    } else if (ref.kind == Kind::kImage) {
      if (PackageFileContentType(target).empty()) {
        d.Error(line, Why("picture '" + target + "' must be .svg, .png, .jpg, .gif or .webp",
                          "picture_type")
                          .WithParam("target", target));
      } else if (pkg.FindFile(target) == nullptr) {
        d.Error(line, Why("picture '" + target + "' does not exist in the package",
                          "picture_missing")
                          .WithParam("target", target));
      }
    } else if (target.size() > 3 && target.compare(target.size() - 3, 3, ".md") == 0) {
      if (lesson_files.count(target) == 0) {
        d.Error(line, Why("link to '" + target + "': no such lesson file in this course",
                          "link_lesson_missing")
                          .WithParam("target", target));
      }
    } else if (pkg.FindFile(target) == nullptr) {
      d.Error(line, Why("link to '" + target + "': no such file in the package",
                        "link_file_missing")
                        .WithParam("target", target));
    }
  }
}

void CollectFiles(const fs::path& dir, const std::string& display_dir, CoursePackage& pkg,
                  Diagnostics& diags) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), dir, ec);
    const std::string rel_s = rel.generic_string();
    FileDiagnostics d(&diags, Join(display_dir, rel_s));
    if (rel_s.front() == '.' || rel.filename().string().front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink()) {
      d.Error(0, Why("symbolic links are not allowed in a course package", "package_symlink"));
      continue;
    }
    if (it->is_directory() || rel.parent_path().empty()) continue;  // top-level .md handled apart
    if (PackageFileContentType(rel_s).empty()) {
      d.Warning(0, Why("file ignored: only .svg, .png, .jpg, .gif and .webp are served",
                       "package_file_ignored"));
      continue;
    }
    PackageFile f{rel_s, PackageFileContentType(rel_s), {}};
    bool too_large = false;
    if (!ReadBytes(it->path(), kMaxPackageFileBytes, f.bytes, too_large)) {
      d.Error(0, Why("cannot read file", "file_unreadable"));
    } else if (too_large) {
      d.Error(0, Why("file is larger than 2 MiB", "picture_too_large"));
    } else {
      pkg.files.push_back(std::move(f));
    }
  }
  std::sort(pkg.files.begin(), pkg.files.end(),
            [](const PackageFile& a, const PackageFile& b) { return a.path < b.path; });
}

bool ReadCourseMetadata(const FrontMatter& fm, CoursePackage& pkg, FileDiagnostics& d) {
  bool ok = CheckFrontMatterKeys(fm, kCourseKeys, d);
  pkg.slug = FrontMatterString(fm, "slug");
  if (const FrontMatterEntry* e = fm.Find("slug")) pkg.slug_line = e->line;
  if (const FrontMatterEntry* e = fm.Find("slug"); e != nullptr && !IsValidSlug(pkg.slug)) {
    d.Error(e->line, Why("slug '" + pkg.slug + "' must be 2-64 lower-case ASCII letters, digits "
                         "and single hyphens",
                         "slug_invalid"));
    ok = false;
  }
  pkg.title = FrontMatterString(fm, "title");
  pkg.title_en = FrontMatterString(fm, "title_en");
  pkg.summary = FrontMatterString(fm, "summary");
  pkg.summary_en = FrontMatterString(fm, "summary_en");
  CheckLength(fm, "title", 200, d);
  CheckLength(fm, "title_en", 200, d);
  CheckLength(fm, "summary", 500, d);
  CheckLength(fm, "summary_en", 500, d);
  if (const FrontMatterEntry* e = fm.Find("audience")) {
    if (auto a = ParseAudience(e->value)) {
      pkg.audience = *a;
    } else {
      d.Error(e->line, Why("audience must be citizen, staff or all", "course_audience_invalid"));
      ok = false;
    }
  }
  pkg.language = FrontMatterString(fm, "language", "vi");
  if (pkg.language != "vi" && pkg.language != "en") {
    d.Error(fm.Find("language")->line, Why("language must be vi or en", "course_language_invalid"));
    ok = false;
  }
  pkg.completion = FrontMatterString(fm, "completion", "lessons_and_quiz");
  if (pkg.completion != "lessons_and_quiz" && pkg.completion != "quiz_only") {
    d.Error(fm.Find("completion")->line,
            Why("completion must be lessons_and_quiz or quiz_only", "course_completion_invalid"));
    ok = false;
  }
  pkg.lesson_done = FrontMatterString(fm, "lesson_done", "button");
  if (pkg.lesson_done != "button" && pkg.lesson_done != "end") {
    d.Error(fm.Find("lesson_done")->line,
            Why("lesson_done must be button or end", "course_lesson_done_invalid"));
    ok = false;
  }
  if (fm.Find("minutes") != nullptr) {
    auto m = FrontMatterInt(fm, "minutes", 1, 10000, d);
    ok = ok && m.has_value();
    pkg.minutes = static_cast<int>(m.value_or(0));
  }
  if (const FrontMatterEntry* e = fm.Find("tags")) pkg.tags = e->items;
  pkg.cover = FrontMatterString(fm, "cover");
  return ok;
}

// The `cover:` of course.md names a picture of the package (read after the
// package's files are collected).
void CheckCover(const FrontMatter& fm, const CoursePackage& pkg, FileDiagnostics& d) {
  const FrontMatterEntry* e = fm.Find("cover");
  if (e == nullptr) return;
  const std::string& cover = pkg.cover;
  if (!IsRelative(cover) || EscapesPackage(cover)) {
    d.Error(e->line,
            Why("cover '" + cover + "' must be a picture inside the package, like images/cover.svg",
                "picture_not_in_package")
                .WithParam("target", cover));
  } else if (PackageFileContentType(cover).empty()) {
    d.Error(e->line,
            Why("cover '" + cover + "' must be .svg, .png, .jpg, .gif or .webp", "picture_type")
                .WithParam("target", cover));
  } else if (pkg.FindFile(cover) == nullptr) {
    d.Error(e->line, Why("cover '" + cover + "' does not exist in the package", "picture_missing")
                         .WithParam("target", cover));
  }
}

std::optional<Lesson> LoadLesson(const fs::path& file, const std::string& name,
                                 FileDiagnostics& d) {
  static const std::regex kName("^([0-9]{1,4})-(.+)\\.md$");
  std::smatch m;
  if (!std::regex_match(name, m, kName)) {
    d.Error(0, Why("lesson file name must look like 01-lesson-slug.md", "lesson_file_name"));
    return std::nullopt;
  }
  Lesson lesson;
  lesson.number = std::stoi(m[1].str());
  lesson.slug = m[2].str();
  lesson.file_name = name;
  bool ok = true;
  if (!IsValidSlug(lesson.slug)) {
    d.Error(0, Why("lesson slug '" + lesson.slug + "' must be lower-case ASCII letters, digits "
                   "and single hyphens",
                   "slug_invalid"));
    ok = false;
  } else if (kReservedLessonSlugs.count(lesson.slug) > 0) {
    d.Error(0, Why("lesson slug '" + lesson.slug + "' is reserved", "lesson_slug_reserved")
                   .WithParam("slug", lesson.slug));
    ok = false;
  }
  auto text = ReadAuthoredText(file, d);
  if (!text) return std::nullopt;
  auto fm = ParseFrontMatter(*text, d);
  if (!fm) return std::nullopt;
  ok = CheckFrontMatterKeys(*fm, kLessonKeys, d) && ok;
  CheckLength(*fm, "title", 200, d);
  lesson.title = FrontMatterString(*fm, "title");
  lesson.title_en = FrontMatterString(*fm, "title_en");
  if (fm->Find("minutes") != nullptr) {
    auto mins = FrontMatterInt(*fm, "minutes", 1, 10000, d);
    ok = ok && mins.has_value();
    lesson.minutes = static_cast<int>(mins.value_or(0));
  }
  lesson.markdown = fm->body;
  lesson.body_first_line = fm->body_first_line;
  if (Trim(lesson.markdown).empty() || lesson.markdown.find_first_not_of(" \t\n") ==
                                           std::string::npos) {
    d.Error(fm->body_first_line,
            Why("lesson has no text after the front matter", "lesson_text_empty"));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return lesson;
}

}  // namespace

std::optional<std::string> ReadAuthoredText(const fs::path& file, FileDiagnostics& d) {
  std::string bytes;
  bool too_large = false;
  if (!ReadBytes(file, kMaxMarkdownBytes, bytes, too_large)) {
    d.Error(0, Why("cannot read file", "file_unreadable"));
    return std::nullopt;
  }
  if (too_large) {
    d.Error(0,
            Why("file is larger than 256 KiB", "text_file_too_large").WithParam("limit_kib", 256));
    return std::nullopt;
  }
  if (!IsValidUtf8(bytes)) {
    const auto lines = SplitLines(bytes);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!IsValidUtf8(lines[i])) {
        d.Error(static_cast<int>(i) + 1,
                Why("invalid UTF-8: save the file as UTF-8", "file_not_utf8"));
        break;
      }
    }
    return std::nullopt;
  }
  return ToNfc(NormalizeNewlines(bytes));
}

std::optional<CoursePackage> LoadCoursePackage(const fs::path& dir, const std::string& display_dir,
                                               Diagnostics& diags) {
  const int errors_before = diags.ErrorCount();
  CoursePackage pkg;
  FileDiagnostics course_d(&diags, Join(display_dir, "course.md"));
  auto course_text = ReadAuthoredText(dir / "course.md", course_d);
  if (!course_text) return std::nullopt;
  auto fm = ParseFrontMatter(*course_text, course_d);
  if (!fm) return std::nullopt;
  ReadCourseMetadata(*fm, pkg, course_d);
  pkg.intro_markdown = fm->body;
  CollectFiles(dir, display_dir, pkg, diags);
  CheckCover(*fm, pkg, course_d);

  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 3 && name.substr(name.size() - 3) == ".md" &&
        name != "course.md" && name.front() != '.') {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  std::map<int, std::string> numbers;
  std::map<std::string, std::string> slugs;
  std::set<std::string> lesson_files;
  for (const auto& name : names) {
    FileDiagnostics d(&diags, Join(display_dir, name));
    if (name == "quiz.md") {
      if (auto q = ReadAuthoredText(dir / name, d)) pkg.quiz = *q;
      continue;
    }
    auto lesson = LoadLesson(dir / name, name, d);
    if (!lesson) continue;
    if (auto [it, fresh] = numbers.emplace(lesson->number, name); !fresh) {
      d.Error(0, Why("lesson number " + std::to_string(lesson->number) + " is also used by " +
                         it->second,
                     "lesson_number_taken")
                     .WithParam("number", static_cast<int64_t>(lesson->number))
                     .WithParam("file", it->second));
    }
    if (auto [it, fresh] = slugs.emplace(lesson->slug, name); !fresh) {
      d.Error(0, Why("lesson slug '" + lesson->slug + "' is also used by " + it->second,
                     "lesson_slug_taken")
                     .WithParam("slug", lesson->slug)
                     .WithParam("file", it->second));
    }
    lesson_files.insert(name);
    pkg.lessons.push_back(std::move(*lesson));
  }
  if (pkg.lessons.empty() && names.size() == (pkg.quiz ? 1u : 0u)) {
    course_d.Error(0, Why("a course needs at least one lesson file like 01-lesson-slug.md",
                          "course_no_lessons"));
  }
  if (pkg.lessons.size() > kMaxLessons) {
    course_d.Error(0,
                   Why("more than 100 lessons", "course_too_many_lessons").WithParam("limit", 100));
  }
  std::sort(pkg.lessons.begin(), pkg.lessons.end(),
            [](const Lesson& a, const Lesson& b) { return a.number < b.number; });
  CheckReferences(pkg.intro_markdown, fm->body_first_line, pkg, lesson_files, course_d);
  for (const auto& lesson : pkg.lessons) {
    FileDiagnostics d(&diags, Join(display_dir, lesson.file_name));
    CheckReferences(lesson.markdown, lesson.body_first_line, pkg, lesson_files, d);
  }
  if (diags.ErrorCount() > errors_before) return std::nullopt;
  return pkg;
}

LoadedContent LoadContent(const fs::path& path, Diagnostics& diags) {
  LoadedContent out;
  std::string display = path.generic_string();
  while (display.size() > 1 && display.back() == '/') display.pop_back();
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    diags.Add({display, 0, Severity::kError, "not a folder", "", {}});
    return out;
  }
  if (fs::exists(path / "course.md")) {
    out.packages_found = 1;
    if (auto pkg = LoadCoursePackage(path, display, diags)) {
      out.courses.push_back(std::move(*pkg));
      out.course_dirs.push_back(display);
    }
    return out;
  }
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_directory() && entry.path().filename().string().front() != '.') {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  std::map<std::string, std::string> seen;
  for (const auto& dir : dirs) {
    const std::string name = dir.filename().string();
    const std::string shown = Join(display, name);
    if (name == "programmes") continue;
    if (!fs::exists(dir / "course.md")) {
      diags.Add({shown, 0, Severity::kWarning, "folder ignored: it has no course.md", "", {}});
      continue;
    }
    ++out.packages_found;
    auto pkg = LoadCoursePackage(dir, shown, diags);
    if (!pkg) continue;
    if (auto [it, fresh] = seen.emplace(pkg->slug, shown); !fresh) {
      diags.Add({Join(shown, "course.md"), pkg->slug_line, Severity::kError,
                 "slug '" + pkg->slug + "' is already used by " + it->second, "", {}});
      continue;
    }
    out.courses.push_back(std::move(*pkg));
    out.course_dirs.push_back(shown);
  }
  const fs::path pdir = path / "programmes";
  if (!fs::is_directory(pdir, ec)) return out;
  KnownCourses known{{}, display};
  for (const auto& [slug, dir] : seen) known.slugs.insert(slug);
  out.programmes = LoadProgrammes(pdir, Join(display, "programmes"), known, diags);
  return out;
}

}  // namespace lophoc::courses
