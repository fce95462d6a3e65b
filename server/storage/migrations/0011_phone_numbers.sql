-- Phone numbers are identities (docs/people.md, "Phone numbers"): every
-- phone is stored in one spelling, E.164 '+84...', and no two accounts hold
-- the same number. Rows stored before are rewritten to that spelling by the
-- C++ step of this migration (server/storage/phone_migration.cpp, in the same
-- transaction), since the rule (people/phone.h) is not SQL's to repeat.
--
-- Two accounts whose numbers turn out to be one are never merged: the later
-- one keeps its phone as written and names the account holding the number
-- in phone_collides_with, which takes it out of the uniqueness rule until
-- an admin corrects either account (writing a phone clears the mark). The
-- collisions are in the audit log ('user.phone_collision') and in
-- `lophoc users phone-collisions`.
ALTER TABLE users ADD COLUMN phone_collides_with INTEGER REFERENCES users(id);

-- Accounts that share a phone spelled alike: every one but the oldest is marked.
UPDATE users SET phone_collides_with = (
    SELECT min(o.id) FROM users o WHERE o.phone = users.phone AND o.id < users.id)
  WHERE phone IS NOT NULL;

-- One account per number, for every phone that is not a known collision.
CREATE UNIQUE INDEX users_phone ON users (phone)
  WHERE phone IS NOT NULL AND phone_collides_with IS NULL;
