// lophoc import-gift: questions from GIFT or Aiken files into a course's quiz.
#include "server/cli/commands.h"
