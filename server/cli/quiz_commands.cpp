// lophoc import-gift: questions from GIFT or Aiken files into a course's quiz
// (docs/quiz-import.md). All or nothing: any problem in the file is printed
// as FILE:LINE: message and no revision is stored.
#include <filesystem>
#include <iostream>

#include "assessments/aiken_parser.h"
#include "assessments/gift_parser.h"
#include "assessments/quiz_import.h"
#include "assessments/quiz_parser.h"
#include "courses/package_loader.h"
#include "kernel/clock.h"
#include "server/app/content_service.h"
#include "server/cli/cli_support.h"
#include "server/cli/commands.h"
#include "server/cli/options.h"

namespace lophoc::cli {
namespace {

namespace fs = std::filesystem;
using assessments::ImportedQuestions;

enum class ImportFormat { kGift, kAiken };

// --format, else the file's extension: .gift and .txt are GIFT.
std::optional<ImportFormat> ChooseFormat(const std::string& option, const fs::path& file) {
  if (option == "gift") return ImportFormat::kGift;
  if (option == "aiken") return ImportFormat::kAiken;
  if (!option.empty()) return std::nullopt;
  const std::string ext = file.extension().string();
  if (ext == ".gift" || ext == ".txt") return ImportFormat::kGift;
  return std::nullopt;
}

// The questions of `path`, or nullopt after printing every problem.
std::optional<ImportedQuestions> ReadQuestions(const std::string& path, ImportFormat format) {
  Diagnostics diags;
  FileDiagnostics file_diags(&diags, path);
  std::optional<ImportedQuestions> questions;
  if (auto text = courses::ReadAuthoredText(path, file_diags)) {
    questions = format == ImportFormat::kGift ? assessments::ParseGift(*text, file_diags)
                                              : assessments::ParseAiken(*text, file_diags);
  }
  PrintDiagnostics(diags);
  if (!questions) {
    std::cerr << "lophoc import-gift: " << diags.ErrorCount() << " error(s) in " << path
              << ": nothing imported\n";
  }
  return questions;
}

// `pkg` with its quiz.md holding the imported questions, checked as
// `lophoc check` would; false after printing why not.
bool PutQuestions(courses::CoursePackage& pkg, const ImportedQuestions& imported, bool append) {
  auto text = assessments::ImportIntoQuiz(
      pkg.quiz, imported,
      append ? assessments::ImportMode::kAppend : assessments::ImportMode::kReplace,
      "Kiểm tra: " + pkg.title);
  if (!text.ok()) {
    std::cerr << "lophoc import-gift: " << text.status().message() << "\n";
    return false;
  }
  Diagnostics diags;
  FileDiagnostics quiz_diags(&diags, pkg.slug + "/quiz.md");
  if (!assessments::ParseQuiz(*text, quiz_diags)) {
    PrintDiagnostics(diags);
    return false;
  }
  if (diags.WarningCount() > 0) {
    std::cerr << "note: " << diags.WarningCount()
              << " question(s) have no feedback ('lophoc check' lists them)\n";
  }
  pkg.quiz = std::move(*text);
  return true;
}

// Puts the questions read from `path` into the quiz of course `slug` and
// stores the result as a new revision (unless `dry_run`). Returns the exit code.
int StoreQuestions(const ImportedQuestions& imported, const std::string& path,
                   const std::string& slug, courses::CourseStore& store, bool append,
                   bool dry_run) {
  auto course = store.LoadCourseWithFiles(slug);
  if (!course.ok()) {
    std::cerr << "lophoc import-gift: course '" << slug << "': " << course.status().message()
              << "\n";
    return 1;
  }
  courses::CoursePackage pkg = std::move(course->package);
  if (!PutQuestions(pkg, imported, append)) return 1;
  const size_t n = imported.questions.size();
  if (dry_run) {
    std::cerr << "dry run: " << n << " question(s) from " << path << " would be imported into "
              << slug << " (now at revision " << course->revision_number << ")\n";
    return 0;
  }
  SystemClock clock;
  app::ContentService content(&store, &clock);
  auto saved = content.Save(pkg, "import-gift");
  if (!saved.ok()) return Fail("import-gift", saved.status());
  const bool unchanged = saved->outcome == courses::SaveOutcome::kUnchanged;
  std::cerr << "imported " << n << " question(s) into " << slug << ": "
            << (unchanged ? "quiz unchanged, still revision " : "revision ") << saved->revision
            << "\n";
  return 0;
}

// The body of lophoc import-gift, after the preamble.
int ImportGift(const ParsedArgs& parsed) {
  const std::string& path = parsed.positional[0];
  const auto format = ChooseFormat(parsed.Get("format"), path);
  if (!format) {
    std::cerr << "lophoc import-gift: "
              << (parsed.Get("format").empty() ? "cannot tell the format from the file name: "
                                                : "unknown format: ")
              << "pass --format gift or --format aiken\n";
    return 2;
  }
  auto imported = ReadQuestions(path, *format);
  if (!imported) return 1;
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  return StoreQuestions(*imported, path, parsed.Get("course"), stores->courses(),
                        parsed.Flag("append"), parsed.Flag("dry-run"));
}

}  // namespace

std::vector<CommandSpec> QuizCommands() {
  return {
      {
          "import-gift",
          "Usage: lophoc import-gift FILE --course SLUG [--format gift|aiken] [--append] "
          "[--dry-run] [--db FILE]\n",
          "Reads questions from a Moodle GIFT or Aiken file and stores them as a new revision of\n"
          "the course's quiz: replacing its questions, or after them with --append. The quiz\n"
          "settings and introduction are kept. Anything the file says that lophoc cannot\n"
          "represent is printed as FILE:LINE: message, and then nothing is stored\n"
          "(docs/quiz-import.md).\n",
          {
              {"course", "", "", "slug of the course whose quiz receives the questions"},
              {"format", "", "", "gift or aiken (default: gift for .gift and .txt files)"},
              {"append", "", "",
               "add the questions after the quiz's questions instead of replacing them", true},
              {"dry-run", "", "", "check the file and the resulting quiz, store nothing", true},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return p.positional.size() == 1 && !p.Get("course").empty();
          },
          ImportGift,
      },
  };
}

}  // namespace lophoc::cli
