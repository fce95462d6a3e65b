#include "server/app/learning_service.h"
