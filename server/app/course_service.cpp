#include "server/app/course_service.h"

#include <algorithm>
#include <regex>

#include "kernel/text.h"

namespace lophoc::app {
namespace {

constexpr size_t kMaxRenderedEntries = 4096;

bool IsTermChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// The words of `s` (split at spaces, tabs and line ends), as views into it.
std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
      if (i > start) words.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return words;
}

// Whether one of the search terms of `word` (see SearchTerms) starts with one
// of `terms`. Folds into `folded`, reused between calls: a snippet looks at
// every word of a lesson up to the first match, so this must not allocate.
bool WordMatches(std::string_view word, const std::vector<std::string>& terms,
                 std::string& folded) {
  const bool ascii = std::all_of(word.begin(), word.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {  // what FoldForSearch does to ASCII: lower case (spaces only separate terms)
    folded.assign(word);
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  } else {
    folded = FoldForSearch(word);
  }
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsTermChar(static_cast<unsigned char>(folded[i]))) ++i;
    size_t end = i;
    while (end < folded.size() && IsTermChar(static_cast<unsigned char>(folded[end]))) ++end;
    const std::string_view part(folded.data() + i, end - i);
    if (!part.empty()) {
      for (const auto& t : terms) {
        if (part.compare(0, t.size(), t) == 0) return true;
      }
    }
    i = end;
  }
  return false;
}

}  // namespace

const courses::StoredCourse* CatalogSnapshot::Find(const std::string& slug) const {
  auto it = std::lower_bound(courses.begin(), courses.end(), slug,
                             [](const courses::StoredCourse& c, const std::string& s) {
                               return c.package.slug < s;
                             });
  return it != courses.end() && it->package.slug == slug ? &*it : nullptr;
}

std::vector<std::string> SearchTerms(const std::string& query) {
  const std::string folded = FoldForSearch(query);
  std::vector<std::string> terms;
  std::string cur;
  for (char c : folded) {
    if (IsTermChar(static_cast<unsigned char>(c))) {
      cur += c;
    } else if (!cur.empty()) {
      terms.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) terms.push_back(std::move(cur));
  return terms;
}

std::string BuildFtsQuery(const std::vector<std::string>& terms) {
  std::string q;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (!q.empty()) q += ' ';
    q += '"' + terms[i] + '"';  // terms hold no quotes: SearchTerms keeps letters and digits
    if (i + 1 == terms.size()) q += '*';
  }
  return q;
}

std::vector<SnippetPart> MakeSnippet(const std::string& plain_text,
                                     const std::vector<std::string>& terms) {
  const std::vector<std::string_view> words = SplitWords(plain_text);
  std::string folded;
  size_t first = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    if (WordMatches(words[i], terms, folded)) {
      first = i;
      break;
    }
  }
  const size_t begin = first == words.size() ? 0 : (first > 10 ? first - 10 : 0);
  const size_t end = std::min(words.size(), begin + 30);
  std::vector<SnippetPart> parts;
  auto append = [&parts](std::string_view text, bool match) {
    if (!parts.empty() && parts.back().match == match) {
      parts.back().text += text;
    } else {
      parts.push_back({std::string(text), match});
    }
  };
  if (begin > 0) append("… ", false);
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) append(" ", false);
    append(words[i], WordMatches(words[i], terms, folded));
  }
  if (end < words.size()) parts.push_back({" …", false});
  return parts;
}

courses::UrlResolver PackageUrlResolver(const std::string& slug) {
  return [slug](std::string_view url, bool is_image) -> std::optional<std::string> {
    static const std::regex kLesson("^[0-9]{1,4}-([a-z0-9-]+)\\.md(#.*)?$");
    const std::string u(url);
    if (u.empty() || u[0] == '/' || u[0] == '#' || u.find(':') != std::string::npos) {
      return std::nullopt;
    }
    std::smatch m;
    if (!is_image && std::regex_match(u, m, kLesson)) {
      return "/courses/" + slug + "/" + m[1].str() + m[2].str();
    }
    return "/courses/" + slug + "/media/" + u;
  };
}

courses::PictureOptions LessonPictures(const courses::CoursePackage& package,
                                       std::shared_ptr<const courses::PackagePictures> pictures) {
  courses::PictureOptions options;
  const std::string slug = package.slug;
  options.lookup = [slug, pictures](std::string_view url) -> std::optional<courses::PictureInfo> {
    return pictures->Find(
        url, [&](const std::string& path) { return "/courses/" + slug + "/media/" + path; });
  };
  // Said in the lesson's language, like the lesson around it.
  if (package.language == "en") {
    options.open_label = "Open full size";
    options.scroll_hint = "Scroll sideways to see the whole picture";
  }
  return options;
}

Result<std::shared_ptr<const CatalogSnapshot>> CourseService::Catalog() {
  auto generation = store_->ContentGeneration();
  if (!generation.ok()) return generation.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (snapshot_ && snapshot_->generation == *generation) return snapshot_;
  }
  auto courses = store_->LoadCurrentCourses();
  if (!courses.ok()) return courses.status();
  auto snap = std::make_shared<CatalogSnapshot>();
  snap->generation = *generation;
  snap->courses = std::move(*courses);
  std::lock_guard<std::mutex> lock(mu_);
  if (!snapshot_ || snapshot_->generation <= snap->generation) snapshot_ = snap;
  return std::shared_ptr<const CatalogSnapshot>(snap);
}

std::shared_ptr<const courses::RenderedMarkdown> CourseService::Render(
    const courses::StoredCourse& c, const std::string& lesson_slug, const std::string& markdown) {
  const std::string key = std::to_string(c.revision_id) + "/" + lesson_slug;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = rendered_.find(key); it != rendered_.end()) return it->second;
  }
  std::shared_ptr<const courses::PackagePictures> pictures;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = pictures_.find(c.revision_id); it != pictures_.end()) pictures = it->second;
  }
  if (!pictures) {
    // The catalogue holds file names only: the bytes are read once per revision.
    auto read = std::make_shared<courses::PackagePictures>();
    for (const courses::PackageFile& f : c.package.files) {
      if (!courses::IsPicturePath(f.path)) continue;
      if (!f.bytes.empty()) {
        read->Add(f.path, f.bytes);
      } else if (auto file = store_->LoadFile(c.package.slug, f.path); file.ok()) {
        read->Add(f.path, file->bytes);
      }
    }
    pictures = read;
    std::lock_guard<std::mutex> lock(mu_);
    if (pictures_.size() >= kMaxRenderedEntries) pictures_.clear();
    pictures_.emplace(c.revision_id, pictures);
  }
  auto rendered = std::make_shared<const courses::RenderedMarkdown>(courses::RenderMarkdown(
      markdown, PackageUrlResolver(c.package.slug), LessonPictures(c.package, pictures)));
  std::lock_guard<std::mutex> lock(mu_);
  if (rendered_.size() >= kMaxRenderedEntries) rendered_.clear();
  rendered_.emplace(key, rendered);
  return rendered;
}

Result<CourseView> CourseService::GetCourse(const std::string& slug) {
  auto snap = Catalog();
  if (!snap.ok()) return snap.status();
  const courses::StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  return CourseView{*snap, c, Render(*c, "", c->package.intro_markdown)};
}

Result<LessonView> CourseService::GetLesson(const std::string& slug,
                                            const std::string& lesson_slug) {
  auto snap = Catalog();
  if (!snap.ok()) return snap.status();
  const courses::StoredCourse* c = (*snap)->Find(slug);
  if (c == nullptr) return CourseNotFound(slug);
  const auto& lessons = c->package.lessons;
  for (size_t i = 0; i < lessons.size(); ++i) {
    if (lessons[i].slug != lesson_slug) continue;
    LessonView v{*snap, c, &lessons[i], static_cast<int>(i),
                 i > 0 ? &lessons[i - 1] : nullptr,
                 i + 1 < lessons.size() ? &lessons[i + 1] : nullptr,
                 Render(*c, lesson_slug, lessons[i].markdown)};
    return v;
  }
  return Status::NotFound("no lesson '" + lesson_slug + "' in course '" + slug + "'")
      .WithReason("lesson_not_found");
}

Status CourseNotFound(const std::string& slug) {
  return Status::NotFound("no course '" + slug + "'")
      .WithReason("course_not_found")
      .WithParam("slug", slug);
}

QueryProblem CheckQuery(const std::string& query) {
  if (!IsValidUtf8(query)) return QueryProblem::kInvalidUtf8;
  if (query.size() > kMaxQueryBytes) return QueryProblem::kTooLong;
  if (SearchTerms(query).empty()) return QueryProblem::kNoTerms;
  return QueryProblem::kNone;
}

Result<SearchResults> CourseService::Search(const std::string& query, int limit) {
  switch (CheckQuery(query)) {
    case QueryProblem::kInvalidUtf8:
      return Status::InvalidArgument("the search text is not valid UTF-8")
          .WithReason("search_not_utf8")
          .WithField("q");
    case QueryProblem::kTooLong:
      return Status::InvalidArgument("the search text is longer than " +
                                     std::to_string(kMaxQueryBytes) + " bytes")
          .WithReason("search_too_long")
          .WithField("q")
          .WithParam("limit", static_cast<int64_t>(kMaxQueryBytes));
    case QueryProblem::kNoTerms:
      return Status::InvalidArgument("type a word to search for")
          .WithReason("search_empty")
          .WithField("q");
    case QueryProblem::kNone: break;
  }
  std::vector<std::string> terms = SearchTerms(query);
  if (terms.size() > kMaxQueryTerms) terms.resize(kMaxQueryTerms);
  auto snap = Catalog();
  if (!snap.ok()) return snap.status();
  const std::string fts_query = BuildFtsQuery(terms);
  // The answer depends on nothing but the terms, the limit and the content.
  const std::string key = std::to_string(limit) + " " + fts_query;
  const int64_t generation = (*snap)->generation;
  if (auto kept = FindSearch(generation, key))
    return SearchResults{kept->snapshot, query, kept->hits};
  auto rows = store_->Search(fts_query, limit);
  if (!rows.ok()) return rows.status();
  auto answer = std::make_shared<CachedSearch>();
  answer->snapshot = *snap;
  for (const auto& row : *rows) {
    const courses::StoredCourse* c = (*snap)->Find(row.course_slug);
    if (c == nullptr) continue;  // index is ahead of this snapshot; skip
    SearchHit hit{c, c->package.FindLesson(row.lesson_slug), {}};
    if (hit.lesson != nullptr) {
      hit.snippet = MakeSnippet(Render(*c, hit.lesson->slug, hit.lesson->markdown)->plain_text,
                                terms);
    } else if (row.lesson_slug.empty()) {
      hit.snippet = MakeSnippet(c->package.summary, terms);
    } else {
      continue;
    }
    answer->hits.push_back(std::move(hit));
  }
  SearchResults out{answer->snapshot, query, answer->hits};
  KeepSearch(generation, key, std::move(answer));
  return out;
}

std::shared_ptr<const CourseService::CachedSearch> CourseService::FindSearch(
    int64_t generation, const std::string& key) {
  std::lock_guard<std::mutex> lock(search_mu_);
  if (generation != search_generation_) return nullptr;
  auto it = searches_.find(key);
  return it == searches_.end() ? nullptr : it->second;
}

void CourseService::KeepSearch(int64_t generation, const std::string& key,
                               std::shared_ptr<const CachedSearch> answer) {
  size_t size = key.size();
  for (const auto& hit : answer->hits) {
    size += sizeof(SearchHit);
    for (const auto& p : hit.snippet) size += sizeof(SnippetPart) + p.text.size();
  }
  std::lock_guard<std::mutex> lock(search_mu_);
  if (generation < search_generation_ || size > search_cache_max_bytes_) return;
  if (generation > search_generation_ || search_cache_bytes_ + size > search_cache_max_bytes_) {
    // A new generation, or full: start again (simple and bounded, like the
    // response cache; popular queries come back at once).
    searches_.clear();
    search_cache_bytes_ = 0;
    search_generation_ = generation;
  }
  if (searches_.emplace(key, std::move(answer)).second) search_cache_bytes_ += size;
}

size_t CourseService::search_cache_entries() const {
  std::lock_guard<std::mutex> lock(search_mu_);
  return searches_.size();
}

size_t CourseService::search_cache_bytes() const {
  std::lock_guard<std::mutex> lock(search_mu_);
  return search_cache_bytes_;
}

Result<courses::StoredFile> CourseService::GetFile(const std::string& slug,
                                                   const std::string& path) {
  return store_->LoadFile(slug, path);
}

Status CourseService::Health() { return store_->Ping(); }

}  // namespace lophoc::app
