// LearningService: placeholder, being written.
#pragma once

#include "server/app/clock.h"
#include "server/app/course_service.h"
#include "server/app/people_service.h"

namespace lophoc::app {

class LearningService {
 public:
  LearningService(CourseService* courses, PeopleService* people, const Clock* clock)
      : courses_(courses), people_(people), clock_(clock) {}

 private:
  CourseService* courses_;
  PeopleService* people_;
  const Clock* clock_;
};

}  // namespace lophoc::app
