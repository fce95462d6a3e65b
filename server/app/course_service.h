// CourseService: what the web site and the API read about courses. Keeps an
// immutable snapshot of the current published courses, reloaded when the
// database's content generation moves (an import from the CLI or another
// process), and caches rendered lesson HTML by revision, so a lesson is
// rendered once per revision rather than per request. Search answers are
// kept too, by normalised query (the folded terms) and limit, for the
// current content generation only, within a byte budget.
//
// Thread-safe: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "courses/course_store.h"
#include "courses/markdown.h"
#include "courses/pictures.h"
#include "kernel/status.h"

namespace lophoc::app {

struct CatalogSnapshot {
  int64_t generation = -1;
  std::vector<courses::StoredCourse> courses;  // ordered by slug
  const courses::StoredCourse* Find(const std::string& slug) const;
};

struct CourseView {
  std::shared_ptr<const CatalogSnapshot> snapshot;  // keeps `course` alive
  const courses::StoredCourse* course = nullptr;
  std::shared_ptr<const courses::RenderedMarkdown> intro;
};

struct LessonView {
  std::shared_ptr<const CatalogSnapshot> snapshot;
  const courses::StoredCourse* course = nullptr;
  const courses::Lesson* lesson = nullptr;
  int index = 0;  // 0-based position in the course
  const courses::Lesson* previous = nullptr;
  const courses::Lesson* next = nullptr;
  std::shared_ptr<const courses::RenderedMarkdown> rendered;
};

// A piece of a search snippet; `match` pieces are shown highlighted.
struct SnippetPart {
  std::string text;
  bool match = false;
};

struct SearchHit {
  const courses::StoredCourse* course = nullptr;
  const courses::Lesson* lesson = nullptr;  // null: the course itself
  std::vector<SnippetPart> snippet;
};

struct SearchResults {
  std::shared_ptr<const CatalogSnapshot> snapshot;
  std::string query;
  std::vector<SearchHit> hits;
};

// Limits on search input.
inline constexpr size_t kMaxQueryBytes = 200;
inline constexpr size_t kMaxQueryTerms = 10;

// What is wrong with a search text, if anything; pages show each problem in
// the reader's language, the API as an English message.
enum class QueryProblem { kNone, kInvalidUtf8, kTooLong, kNoTerms };
QueryProblem CheckQuery(const std::string& query);

// The refusal for a course that is not in the catalogue, or is out of the
// caller's reach (NotFound, reason "course_not_found", param "slug").
Status CourseNotFound(const std::string& slug);

// What the search answer cache may hold at most (snippet text and keys), by default.
inline constexpr size_t kDefaultSearchCacheBytes = 2 * 1024 * 1024;

class CourseService {
 public:
  // `search_cache_bytes` bounds the search answer cache (0 turns it off).
  explicit CourseService(courses::CourseStore* store,
                         size_t search_cache_bytes = kDefaultSearchCacheBytes)
      : store_(store), search_cache_max_bytes_(search_cache_bytes) {}

  Result<std::shared_ptr<const CatalogSnapshot>> Catalog();
  Result<CourseView> GetCourse(const std::string& slug);
  Result<LessonView> GetLesson(const std::string& slug, const std::string& lesson_slug);
  // InvalidArgument for an empty, over-long or non-UTF-8 query. Queries with
  // the same folded terms ("Mật khẩu", "mat KHAU") share one cached answer
  // until the content generation moves; `query` is the text given.
  Result<SearchResults> Search(const std::string& query, int limit);
  // The search answer cache's entries and the bytes they count (for tests).
  size_t search_cache_entries() const;
  size_t search_cache_bytes() const;
  Result<courses::StoredFile> GetFile(const std::string& slug, const std::string& path);
  Status Health();

 private:
  // The hits of one search, and the snapshot they point into.
  struct CachedSearch {
    std::shared_ptr<const CatalogSnapshot> snapshot;
    std::vector<SearchHit> hits;
  };
  std::shared_ptr<const CachedSearch> FindSearch(int64_t generation, const std::string& key);
  void KeepSearch(int64_t generation, const std::string& key,
                  std::shared_ptr<const CachedSearch> answer);

  std::shared_ptr<const courses::RenderedMarkdown> Render(const courses::StoredCourse& c,
                                                          const std::string& key,
                                                          const std::string& markdown);

  courses::CourseStore* store_;
  std::mutex mu_;
  std::shared_ptr<const CatalogSnapshot> snapshot_;
  std::map<std::string, std::shared_ptr<const courses::RenderedMarkdown>> rendered_;
  // The pictures of each package revision, read once (courses/pictures.h).
  std::map<int64_t, std::shared_ptr<const courses::PackagePictures>> pictures_;
  // Search answers of generation `search_generation_` by "limit terms".
  const size_t search_cache_max_bytes_;
  mutable std::mutex search_mu_;
  int64_t search_generation_ = -1;
  size_t search_cache_bytes_ = 0;
  std::map<std::string, std::shared_ptr<const CachedSearch>> searches_;
};

// Builds the FTS5 query for `folded_terms`: each term quoted, the last one a
// prefix; empty when there is nothing to search for.
std::string BuildFtsQuery(const std::vector<std::string>& folded_terms);

// Splits a query into folded search terms (letters and digits only).
std::vector<std::string> SearchTerms(const std::string& query);

// Up to ~30 words of `plain_text` around the first word matching a term.
std::vector<SnippetPart> MakeSnippet(const std::string& plain_text,
                                     const std::vector<std::string>& terms);

// Maps package-relative URLs of course `slug` to site URLs: pictures to
// /courses/{slug}/media/{path}, lesson files NN-x.md to /courses/{slug}/x.
courses::UrlResolver PackageUrlResolver(const std::string& slug);

}  // namespace lophoc::app
