#include "assessments/quiz_import.h"
