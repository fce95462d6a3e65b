// lophoc users add, users phone-collisions and tokens create: accounts and
// API tokens from the command line (the first admin is made here).
#include <algorithm>
#include <iostream>
#include <string>

#include "kernel/clock.h"
#include "server/app/people_service.h"
#include "server/cli/cli_support.h"

namespace lophoc::cli {
namespace {

// The first line of standard input, without its line end.
std::string ReadPasswordLine() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The body of lophoc users add, after the preamble.
int AddUser(const ParsedArgs& parsed) {
  auto roles = people::ParseRoles(parsed.Get("role"));
  if (!roles.ok()) {
    std::cerr << "lophoc users add: " << roles.status().message() << "\n";
    return 2;
  }
  const bool is_admin =
      std::find(roles->begin(), roles->end(), people::Role::kAdmin) != roles->end();
  if (is_admin && !parsed.Flag("password-stdin")) {
    std::cerr << "lophoc users add: an admin needs a password: pass --password-stdin\n";
    return 2;
  }
  const std::string password = parsed.Flag("password-stdin") ? ReadPasswordLine() : "";
  if (parsed.Flag("password-stdin") && password.empty()) {
    std::cerr << "lophoc users add: no password on standard input\n";
    return 2;
  }
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  app::UserInput in;
  in.username = parsed.positional[1];
  in.display_name = parsed.Get("display-name").empty() ? in.username : parsed.Get("display-name");
  in.roles = *roles;
  in.org = parsed.Get("org");
  in.site = parsed.Get("site");
  in.staff_category = parsed.Get("staff-category");
  auto made = is_admin ? people.CreateFirstAdmin(in, password, parsed.Flag("force"))
                       : people.CreateUser(people::Actor::CommandLine(), in, password);
  if (!made.ok()) return Fail("users add", made.status());
  std::cerr << "created " << made->user.username << " (id " << made->user.id << ", roles "
            << people::JoinRoles(made->user.roles) << ")\n";
  if (!made->one_time_password.empty()) {
    std::cerr << "one-time password (shown once; to be changed at first login):\n";
    std::cout << made->one_time_password << "\n";
  }
  return 0;
}

// The body of lophoc tokens create, after the preamble.
int CreateToken(const ParsedArgs& parsed) {
  auto stores = OpenStoresAt(parsed);
  if (!stores) return 1;
  SystemClock clock;
  app::PeopleService people(stores->people(), &clock);
  const auto cli = people::Actor::CommandLine();
  auto user = people.GetUserByName(cli, parsed.positional[1]);
  if (!user.ok()) return Fail("tokens create", user.status());
  auto token = people.CreateApiToken(cli, user->id, parsed.Get("name"));
  if (!token.ok()) return Fail("tokens create", token.status());
  std::cerr << "token " << token->token.id << " for " << user->username
            << " (shown once; store it safely):\n";
  std::cout << token->secret << "\n";
  return 0;
}

}  // namespace

std::vector<CommandSpec> AccountCommands() {
  return {
      {
          "users",
          "Usage: lophoc users add USERNAME --role ROLE [--org CODE] [--site CODE] "
          "[--display-name NAME] --password-stdin\n"
          "       lophoc users phone-collisions [--db FILE]\n",
          "Creates an account. This is how the first admin is made: with --role admin it is "
          "refused\nwhile an active admin exists, unless --force. Without --password-stdin a "
          "one-time\npassword is printed once and must be changed at first login.\n"
          "phone-collisions lists the accounts that share a phone number (docs/people.md).\n",
          {
              {"role", "", "learner", "role(s): learner, trainer, manager, admin; several as a;b"},
              {"org", "", "", "org unit code the account belongs to"},
              {"site", "", "",
               "site code where the account works (sets the org unit if --org is not given)"},
              {"display-name", "", "", "name shown to people (default: the username)"},
              {"staff-category", "", "",
               "staff category code, e.g. commune_librarian (docs/people.md)"},
              {"password-stdin", "", "", "read the password from the first line of standard input",
               true},
              {"force", "", "", "add an admin even though one exists", true},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return (p.positional.size() == 2 && p.positional[0] == "add") ||
                   (p.positional.size() == 1 && p.positional[0] == "phone-collisions");
          },
          [](const ParsedArgs& p) {
            return p.positional[0] == "add" ? AddUser(p) : ReportPhoneCollisions(p);
          },
      },
      {
          "tokens",
          "Usage: lophoc tokens create USERNAME --name NAME [--db FILE]\n",
          "Creates a personal API token for an account and prints it once on standard output;\n"
          "only its SHA-256 is stored. Use it as 'Authorization: Bearer TOKEN'.\n",
          {
              {"name", "", "", "what the token is for, e.g. 'báo cáo tỉnh'"},
              DbOption(),
          },
          [](const ParsedArgs& p) {
            return p.positional.size() == 2 && p.positional[0] == "create" &&
                   !p.Get("name").empty();
          },
          CreateToken,
      },
  };
}

}  // namespace lophoc::cli
