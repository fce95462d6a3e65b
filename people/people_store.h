// The people stores together: where the org tree, sites, accounts, sessions,
// API tokens, kiosks, the audit log and visits live, one interface per seam.
// A use case takes only the stores it needs; storage::OpenStores
// (server/storage/stores.h) builds them all over one database.
//
//   people/directory_store.h  org units, sites, accounts, credentials, import
//   people/session_store.h    sessions and API tokens
//   people/kiosk_store.h      kiosks
//   people/audit_store.h      the audit log
//   people/visit_store.h      visits and the server secret
#pragma once

#include "people/audit_store.h"
#include "people/directory_store.h"
#include "people/kiosk_store.h"
#include "people/page.h"
#include "people/session_store.h"
#include "people/visit_store.h"

namespace lophoc::people {

// Pointers to the people stores, not owned; all set, and all over the same
// database (a write in one is seen by the others at once).
struct PeopleStores {
  DirectoryStore* directory = nullptr;
  SessionStore* sessions = nullptr;
  KioskStore* kiosks = nullptr;
  AuditStore* audit = nullptr;
  VisitStore* visits = nullptr;
};

}  // namespace lophoc::people
