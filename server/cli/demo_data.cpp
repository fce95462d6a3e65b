// The generator of lophoc demo-data (docs/demo-data.md). Everything comes
// from one std::mt19937_64 seeded with --seed (its output is fixed by the
// C++ standard) through the small draws of Draw, never through std::
// distributions, whose results differ between standard libraries: the same
// seed, scale and day give the same database everywhere. This file holds the
// calendar and text helpers, the order of the phases (Generator::Run) and
// Generate; the phases are in demo_data_{map,accounts,learning,visits}.cpp.
#include "server/cli/demo_data.h"

#include <algorithm>
#include <cstdio>

#include "server/cli/demo_data_generator.h"
#include "server/storage/database.h"
#include "server/storage/statements.h"

namespace lophoc::cli::demo {

int DayNumber(int y, int m, int d) {  // H. Hinnant's days_from_civil
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void Civil(int z, int& y, int& m, int& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2);
}

int YearOf(int day) {
  int y, m, d;
  Civil(day, y, m, d);
  return y;
}

std::string Instant(int day, int seconds) {
  int64_t s = static_cast<int64_t>(day) * 86400 + seconds - 7 * 3600;
  const int utc_day = static_cast<int>(s >= 0 ? s / 86400 : (s - 86399) / 86400);
  int rest = static_cast<int>(s - static_cast<int64_t>(utc_day) * 86400);
  int y, m, d;
  Civil(utc_day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rest / 3600,
                rest / 60 % 60, rest % 60);
  return buf;
}

std::string FromDay(int day) { return Instant(day, 0); }

std::string Code(const char* prefix, int64_t n, int width) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, width, static_cast<long long>(n));
  return buf;
}

std::string Inner(const std::string& name) {
  if (name.rfind("Tỉnh ", 0) == 0) return "tỉnh " + name.substr(7);
  if (name.rfind("Thành phố ", 0) == 0) return "thành phố " + name.substr(13);
  if (name.rfind("Huyện ", 0) == 0) return "huyện " + name.substr(8);
  if (name.rfind("Thị xã ", 0) == 0) return "thị xã " + name.substr(10);
  return name;
}

std::string JsonText(const std::string& s) { return "\"" + s + "\""; }

const std::map<std::string, std::string>& CategoryOf() {
  static const std::map<std::string, std::string> k = {
      {"provincial_library", "provincial_librarian"},
      {"district_library", "district_librarian"},
      {"commune_library", "commune_librarian"},
      {"post_office_cultural_point", "post_office_staff"},
      {"school_library", "school_librarian"},
      {"vocational_library", "vocational_librarian"},
      {"armed_forces_library", "armed_forces_librarian"}};
  return k;
}

Result<Counts> Generator::Run() {
  LOPHOC_RETURN_IF_ERROR(LoadContent());
  if (programmes_.empty() || citizen_courses_.empty()) {
    return Status::InvalidArgument(
        "the content has no programmes or no citizen courses: demo data needs the bundled "
        "content/ (--content)");
  }
  Step(0.00, "bản đồ hành chính");
  BuildMap();
  LOPHOC_RETURN_IF_ERROR(Begin());
  LOPHOC_RETURN_IF_ERROR(WriteMap());
  LOPHOC_RETURN_IF_ERROR(Commit());
  Step(0.10, "tài khoản");
  LOPHOC_RETURN_IF_ERROR(Begin());
  LOPHOC_RETURN_IF_ERROR(WriteAccounts());
  LOPHOC_RETURN_IF_ERROR(Commit());
  Step(0.30, "học tập và chứng nhận");
  LOPHOC_RETURN_IF_ERROR(Begin());
  LOPHOC_RETURN_IF_ERROR(WriteStaffLearning());
  LOPHOC_RETURN_IF_ERROR(WriteCitizenLearning());
  LOPHOC_RETURN_IF_ERROR(WriteLearnerYears());
  LOPHOC_RETURN_IF_ERROR(Commit());
  Step(0.75, "lượt truy cập");
  LOPHOC_RETURN_IF_ERROR(Begin());
  LOPHOC_RETURN_IF_ERROR(WriteVisits());
  LOPHOC_RETURN_IF_ERROR(WriteTargets());
  LOPHOC_RETURN_IF_ERROR(Commit());
  Step(1.0, "xong");
  return counts_;
}
std::string DayText(int day) {
  int y, m, d;
  Civil(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int AddMonths(int day, int months) {
  int y, m, d;
  Civil(day, y, m, d);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = kDays[m - 1] + (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
  return DayNumber(y, m, std::min(d, last));
}

Result<Counts> Generate(storage::Database& db, const Options& options) {
  auto conn = db.Acquire();
  LOPHOC_ASSIGN_OR_RETURN(int64_t taken, storage::QueryInt(*conn,
                                                           "SELECT (SELECT count(*) FROM users) + "
                                                           "(SELECT count(*) FROM org_units)",
                                                           ""));
  if (taken > 0) {
    return Status::Conflict("demo data goes into a fresh database");
  }
  // Fast while generating; the usual settings again after.
  LOPHOC_RETURN_IF_ERROR(conn->Exec(
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"));
  Generator gen(*conn, options);
  auto counts = gen.Run();
  if (!counts.ok()) (void)conn->Exec("ROLLBACK");
  Status restored = conn->Exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;");
  if (!counts.ok()) return counts.status();
  LOPHOC_RETURN_IF_ERROR(restored);
  LOPHOC_RETURN_IF_ERROR(conn->Exec("PRAGMA optimize"));
  return counts;
}

}  // namespace lophoc::cli::demo
