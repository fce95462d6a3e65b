#include "assessments/aiken_parser.h"
