#include "server/app/authoring_service.h"
