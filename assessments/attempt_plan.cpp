#include "assessments/attempt_plan.h"
