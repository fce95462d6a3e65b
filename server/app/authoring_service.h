// AuthoringService: trainers create and edit courses, lessons and quizzes in
// the browser (docs/authoring.md). Every save goes through the package loader
// and quiz parser, so the editor accepts exactly what `lophoc check` accepts,
// and becomes a new course revision recording who made it.
// Thread-safe.
#pragma once

#include "courses/course_store.h"
#include "server/app/clock.h"
#include "server/app/content_service.h"
#include "server/app/course_service.h"

namespace lophoc::app {

class AuthoringService {
 public:
  AuthoringService(courses::CourseStore* store, ContentService* content, CourseService* courses,
                   const Clock* clock)
      : store_(store), content_(content), courses_(courses), clock_(clock) {}

 private:
  courses::CourseStore* store_;
  ContentService* content_;
  CourseService* courses_;
  const Clock* clock_;
};

}  // namespace lophoc::app
