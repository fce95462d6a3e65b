// The part of migration 0017 (the org tree over time) that SQL cannot do:
// org_units.level's CHECK (four fixed levels) becomes a reference to
// org_levels. Runs inside the migration's transaction (migrations.cpp).
#pragma once

#include "kernel/status.h"
#include "server/storage/database.h"

namespace lophoc::storage {

// Rewrites the declaration of org_units in place, as SQLite's documentation
// describes for removing a CHECK ("Making Other Kinds Of Table Schema
// Changes"): the stored rows do not change, only the schema text, so no
// table is copied and no foreign key into org_units is disturbed. Fails,
// changing nothing, when the declaration is not the one migration 0002 wrote.
Status OrgLevelsAsData(Connection& conn);

}  // namespace lophoc::storage
