#include "server/app/package_zip.h"
