// What the course and lesson pages show of the visitor's own learning: the
// progress bar, enrol and continue buttons, the lesson's done mark and
// form. Filled in by learning_pages.cpp; a no-op when learning is off.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/http/web_app.h"

namespace lophoc::http {

// Adds m["learning"] for `course` (the visitor's progress in lessons, the
// action they came for: enrol, start, continue), and marks
// m["course"]["lessons"][i]["done"].
void AddCourseStanding(const WebContext& ctx, const HttpRequest& req,
                       const courses::CoursePackage& course, nlohmann::json& m);
// Adds m["learning"] for one lesson page of `course`.
void AddLessonStanding(const WebContext& ctx, const HttpRequest& req,
                       const courses::CoursePackage& course, const std::string& lesson,
                       nlohmann::json& m);

}  // namespace lophoc::http
