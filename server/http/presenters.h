// Presenters: JSON view models of courses, lessons and search results. The
// API returns them as they are; pages add messages and layout fields. Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/app/course_service.h"

namespace lophoc::http {

nlohmann::json CourseSummaryJson(const courses::StoredCourse& c, const std::string& lang);
nlohmann::json CourseJson(const app::CourseView& v, const std::string& lang);
nlohmann::json LessonJson(const app::LessonView& v, const std::string& lang);
nlohmann::json SearchJson(const app::SearchResults& r, const std::string& lang);

std::string CourseUrl(const std::string& slug);
std::string LessonUrl(const std::string& course_slug, const std::string& lesson_slug);

}  // namespace lophoc::http
