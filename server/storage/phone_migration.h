// The part of migration 0011 (phone numbers) that SQL cannot do: rewriting
// stored phones to their canonical spelling with the rule of people/phone.h.
// Runs inside the migration's transaction (migrations.cpp).
#pragma once

#include "kernel/status.h"
#include "server/storage/database.h"

namespace lophoc::storage {

// Rewrites every phone not yet in canonical form whose account is not
// marked as a collision. When another account already holds the canonical
// number, the phone stays as written, phone_collides_with names the holder
// and the audit log gets 'user.phone_collision'; each rewrite gets
// 'user.phone_normalize' (actor 'system'). A phone that is no Vietnamese
// number by today's rule stays as written (the report lists it).
Status NormalizeStoredPhones(Connection& conn);

}  // namespace lophoc::storage
