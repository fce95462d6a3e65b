// Phone numbers as identities (docs/people.md, "Phone numbers"): every
// number is stored in one spelling, one account holds a number, and a
// person signs in with any spelling of it.
#include "people/phone.h"
#include "server/app/people_service.h"
#include "server/app/people_service_refusals.h"

namespace lophoc::app {
namespace {

// "+84912345678" -> "0912345678": how usernames were written before the
// canonical spelling, and still are by the accounts made then.
std::string NationalSpelling(const std::string& number) { return "0" + number.substr(3); }

bool Found(const Result<people::UserCredentials>& r) {
  return r.ok() || r.status().code() != StatusCode::kNotFound;
}

}  // namespace

Result<std::string> PeopleService::NormalizedUsername(std::string_view typed) {
  if (people::IsVietnamesePhoneNumber(typed) || people::LooksLikePhoneNumber(typed)) {
    return people::NormalizePhone(typed, "username");
  }
  return std::string(typed);
}

Status PeopleService::NormalizeNumbers(UserInput* in, std::string* phone_field) {
  LOPHOC_ASSIGN_OR_RETURN(in->username, NormalizedUsername(in->username));
  *phone_field = "phone";
  if (in->phone) {
    LOPHOC_ASSIGN_OR_RETURN(*in->phone, people::NormalizePhone(*in->phone));
  } else if (people::IsVietnamesePhoneNumber(in->username)) {
    // A number given as the username is the account's phone too.
    in->phone = in->username;
    *phone_field = "username";
  }
  return Status::Ok();
}

Status PeopleService::CheckNumberFree(const std::string& number, std::optional<int64_t> except,
                                      const std::string& field) {
  for (auto holder : {store_->FindUserByPhone(number), store_->FindUserByUsername(number),
                      store_->FindUserByUsername(NationalSpelling(number))}) {
    if (!holder.ok() && holder.status().code() != StatusCode::kNotFound) return holder.status();
    if (holder.ok() && holder->user.id != except) {
      return Status::AlreadyExists("the phone number " + number + " belongs to another account")
          .WithReason("phone_taken")
          .WithField(field)
          .WithParam("value", number);
    }
  }
  return Status::Ok();
}

Status PeopleService::NormalizeChangedPhone(const people::User& old,
                                            std::optional<std::string>* phone) {
  if (!*phone || *phone == old.phone) return Status::Ok();
  LOPHOC_ASSIGN_OR_RETURN(**phone, people::NormalizePhone(**phone));
  return CheckNumberFree(**phone, old.id, "phone");
}

Result<people::UserCredentials> PeopleService::FindSignInAccount(const std::string& typed) {
  // The name exactly as typed first: an account made before numbers had one
  // spelling keeps its own, even when another account holds the number.
  Result<people::UserCredentials> found = Status::NotFound("no such account");
  if (people::ValidateUsername(typed).ok()) {
    found = store_->FindUserByUsername(typed);
    if (Found(found)) return found;
  }
  const auto number = people::CanonicalPhone(typed);
  if (!number) return found;
  for (const std::string& name : {*number, NationalSpelling(*number)}) {
    found = store_->FindUserByUsername(name);
    if (Found(found)) return found;
  }
  return store_->FindUserByPhone(*number);
}

Result<std::vector<people::PhoneClaim>> PeopleService::PhoneCollisions(const Actor& a) {
  if (!people::ReadScope(a).everything()) {
    return Status::PermissionDenied("only admins see the phone numbers shared by accounts")
        .WithReason("admin_area_only");
  }
  return store_->ListPhoneCollisions();
}

}  // namespace lophoc::app
