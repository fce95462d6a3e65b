// ProgrammeStore: where programmes live at run time (migration 0009). A
// programme is a stable slug; each import that changes it adds an immutable
// revision, so that a certification can name the rule it was granted under.
// Declared by the domain, implemented in server/storage/. Implementations are
// thread-safe; a save is one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "courses/course.h"
#include "courses/course_store.h"
#include "kernel/status.h"

namespace lophoc::courses {

// The current revision of a programme, as stored.
struct StoredProgramme {
  Programme programme;
  int revision_number = 0;
  std::string content_hash;
  std::string source;      // 'bundled', 'import', ...
  std::string created_at;  // of this revision, UTC ISO 8601
  std::string retired_at;  // when it was taken out of use (UTC ISO 8601); empty: in use

  bool retired() const { return !retired_at.empty(); }
};

// Who saves a revision, and when.
struct ProgrammeRevisionMeta {
  std::string source;
  std::string now;  // UTC ISO 8601
  // Create only: AlreadyExists (reason programme_exists) when the slug is
  // taken, so that two admins creating one slug at once do not both win.
  bool create_only = false;
};

class ProgrammeStore {
 public:
  virtual ~ProgrammeStore() = default;

  // Stores `p` as its programme's next revision, unless the current revision
  // has `content_hash` already (outcome kUnchanged, nothing written).
  // REQUIRES: `p` as ParseProgramme returns it (valid).
  virtual Result<SaveResult> SaveProgramme(const Programme& p, const std::string& content_hash,
                                           const ProgrammeRevisionMeta& meta) = 0;

  // The current revision of every programme, retired ones too, ordered by
  // slug.
  virtual Result<std::vector<StoredProgramme>> ListProgrammes() = 0;

  // The current revision of `slug`; NotFound when there is no such programme.
  virtual Result<StoredProgramme> LoadProgramme(const std::string& slug) = 0;

  // The content hash of the latest revision of `slug` saved from `source`;
  // nullopt when there is none (or no such programme).
  virtual Result<std::optional<std::string>> LastHashFrom(const std::string& slug,
                                                          const std::string& source) = 0;

  // Takes `slug` out of use from `retired_at` (UTC ISO 8601), or puts it
  // back in use when it is nullopt. NotFound when there is no such programme.
  virtual Status SetRetired(const std::string& slug,
                            const std::optional<std::string>& retired_at) = 0;
};

}  // namespace lophoc::courses
