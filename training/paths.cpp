#include "training/paths.h"

#include <algorithm>
#include <map>
#include <set>

namespace lophoc::training {

std::string_view PathName(Path path) { return path == Path::kRefresher ? "refresher" : "initial"; }

Path PathFor(const std::vector<EarnedCertification>& before) {
  const bool certified = std::any_of(before.begin(), before.end(),
                                     [](const EarnedCertification& c) { return !c.revoked; });
  return certified ? Path::kRefresher : Path::kInitial;
}

PathProgress ProgressOnPath(const std::vector<std::string>& path,
                            const std::vector<CourseCompletion>& completions,
                            const std::vector<EarnedCertification>& before) {
  std::optional<LocalDate> since;
  std::set<int64_t> used;
  for (const EarnedCertification& c : before) {
    if (!since || c.completed > *since) since = c.completed;
    used.insert(c.rests_on.begin(), c.rests_on.end());
  }
  std::map<std::string, const CourseCompletion*> latest;  // course -> the completion that counts
  for (const CourseCompletion& c : completions) {
    if (used.count(c.id) > 0 || (since && c.day < *since)) continue;
    const CourseCompletion*& best = latest[c.course];
    if (best == nullptr || c.day > best->day || (c.day == best->day && c.id > best->id)) best = &c;
  }
  PathProgress out;
  std::set<std::string> seen;
  for (const std::string& course : path) {
    if (!seen.insert(course).second) continue;  // a course named twice counts once
    auto it = latest.find(course);
    if (it == latest.end()) {
      out.missing.push_back(course);
      continue;
    }
    out.done.push_back(course);
    out.rests_on.push_back(it->second->id);
    if (!out.completed || it->second->day > *out.completed) out.completed = it->second->day;
  }
  if (!out.missing.empty() || out.done.empty()) {
    out.completed.reset();
    out.rests_on.clear();
  }
  return out;
}

}  // namespace lophoc::training
