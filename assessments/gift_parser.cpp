#include "assessments/gift_parser.h"
