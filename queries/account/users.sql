-- name: CreateUser :one
INSERT INTO users (email, password_hash, first_name, last_name, phone, is_staff)
VALUES (@email, @password_hash, @first_name, @last_name, @phone, @is_staff)
RETURNING *;

-- name: GetUserByEmail :one
SELECT * FROM users WHERE email = @email;

-- name: GetUserByID :one
SELECT * FROM users WHERE id = @id;

-- name: UpdateUserProfile :one
UPDATE users SET first_name = @first_name, last_name = @last_name, phone = @phone, updated_at = now()
WHERE id = @id
RETURNING *;

-- name: UpdateUserPassword :exec
UPDATE users SET password_hash = @password_hash, updated_at = now() WHERE id = @id;

-- name: PromoteInvitedUser :exec
-- An invitation to a customer's account: it becomes staff without a usable password and its sessions end, so
-- that only whoever reads the invited mailbox gets in (through the invitation's link): registering an address
-- proves nothing about owning it.
UPDATE users SET is_staff = true, is_active = true, password_hash = '!', updated_at = now() WHERE id = @id;

-- name: PromoteUser :exec
-- createsuperuser: also switches a deactivated member of staff back on (the way back in from the shell).
UPDATE users SET is_staff = true, is_active = true, updated_at = now() WHERE id = @id;

-- name: PeopleByIDs :many
-- Who the accounts are, for other packages' views (an order's customer, who changed a status or the stock).
SELECT id, email, first_name, last_name FROM users WHERE id = ANY (@ids::bigint[]);

-- name: FindUserIDs :many
-- The back office's customer search: accounts whose e-mail holds @email (lower-cased) or whose phone holds
-- @phone_digits (when the text reads as part of a phone number).
SELECT id FROM users
WHERE strpos(email, @email::text) > 0
   OR (sqlc.narg(phone_digits)::text IS NOT NULL AND strpos(phone, sqlc.narg(phone_digits)::text) > 0);

-- name: RecordLogin :exec
-- Only last_login_at: the users trigger tells no server to forget its sessions for it (migration 00019).
UPDATE users SET last_login_at = now() WHERE id = @id;

-- name: ListStaff :many
-- The panel's «Сотрудники»: active first, then by e-mail. has_password is false for an invitee who has not
-- set one yet.
SELECT id, email, first_name, last_name, is_active, last_login_at, created_at, password_hash <> '!' AS has_password
FROM users
WHERE is_staff
ORDER BY is_active DESC, email;

-- name: GetUserByEmailForUpdate :one
-- An invitation locks the account it promotes, so two invitations of one address cannot both promote it.
SELECT * FROM users WHERE email = @email FOR UPDATE;

-- name: StaffInviteUser :one
-- An invitation's new account: staff, with no password until the invitee sets one ("!" matches none).
INSERT INTO users (email, password_hash, first_name, last_name, is_staff)
VALUES (@email, '!', @first_name, @last_name, true)
ON CONFLICT (email) DO NOTHING
RETURNING *;

-- name: LockActiveStaff :many
-- Every active member of staff, row-locked in id order, in one statement: a deactivation counts them under
-- the lock, so two deactivations at once cannot leave nobody (the second waits, then sees the first's change,
-- since PostgreSQL re-checks a locked row that changed against the WHERE).
-- Only accounts with a password count: an invitee who never set one cannot sign in.
SELECT id FROM users WHERE is_staff AND is_active AND password_hash <> '!' ORDER BY id FOR UPDATE;

-- name: SetStaffActive :one
UPDATE users SET is_active = @is_active, updated_at = now()
WHERE id = @id AND is_staff
RETURNING *;
