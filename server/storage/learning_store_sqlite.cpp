#include "server/storage/learning_store_sqlite.h"
