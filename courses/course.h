// The course model as authored: a course package (docs/course-format.md) and
// the programmes that group courses for retraining (docs/programme-format.md).
// Plain values; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "training/cycles.h"

namespace lophoc::courses {

enum class Audience { kCitizen, kStaff, kAll };

const char* AudienceName(Audience a);
std::optional<Audience> ParseAudience(std::string_view s);

struct Lesson {
  int number = 0;  // order prefix from the file name
  std::string slug;
  std::string title;
  std::string title_en;
  int minutes = 0;
  std::string markdown;   // body without front matter
  std::string file_name;  // e.g. "01-cac-bo-phan.md"
  int body_first_line = 1;  // file line where `markdown` starts
};

// A picture (or other resource) shipped inside a package.
struct PackageFile {
  std::string path;  // relative, '/'-separated, e.g. "images/may-tinh.svg"
  std::string content_type;
  std::string bytes;
};

struct CoursePackage {
  std::string slug;
  std::string title;
  std::string title_en;
  std::string summary;
  std::string summary_en;
  Audience audience = Audience::kAll;
  std::string language = "vi";
  int minutes = 0;
  std::vector<std::string> tags;
  std::string completion = "lessons_and_quiz";
  // When a lesson counts as done: "button" (the learner says so) or "end"
  // (reaching the end of the page, with the button as the fallback).
  std::string lesson_done = "button";
  // The cover picture (front matter `cover:`): the path of one of `files`,
  // e.g. "images/cover.svg"; empty when the course has none.
  std::string cover;
  std::string intro_markdown;
  std::vector<Lesson> lessons;       // in order
  std::optional<std::string> quiz;   // quiz.md text (front matter included), if any
  std::vector<PackageFile> files;    // sorted by path
  int slug_line = 1;                 // line of `slug:` in course.md, for diagnostics

  const Lesson* FindLesson(std::string_view slug) const;
  const PackageFile* FindFile(std::string_view path) const;
};

// A programme (docs/programme-format.md): what a staff category must complete
// to count as trained, and for how long. Two paths lead to the same
// certification: the initial path for new or replacement staff, the
// refresher path for staff certified before; at least one is not empty.
struct Programme {
  std::string slug;
  std::string title;
  std::string title_en;
  std::vector<std::string> staff_categories;  // codes of people/vocabulary.h
  std::vector<std::string> site_types;        // codes of people/vocabulary.h; empty: any
  std::vector<std::string> initial_courses;   // course slugs, in order
  std::vector<std::string> refresher_courses;
  training::ValidityRule rule;  // valid by training::CheckRule once loaded
  std::string description_markdown;
};

// Content type for a package file name by extension; empty when not allowed.
std::string PackageFileContentType(std::string_view path);

}  // namespace lophoc::courses
