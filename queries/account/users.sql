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

-- name: PromoteUser :exec
UPDATE users SET is_staff = true, updated_at = now() WHERE id = @id;

-- name: PeopleByIDs :many
-- Who the accounts are, for other packages' views (an order's customer, who changed a status or the stock).
SELECT id, email, first_name, last_name FROM users WHERE id = ANY (@ids::bigint[]);

-- name: FindUserIDs :many
-- The back office's customer search: accounts whose e-mail holds @email (lower-cased) or whose phone holds
-- @phone_digits (when the text reads as part of a phone number).
SELECT id FROM users
WHERE strpos(email, @email::text) > 0
   OR (sqlc.narg(phone_digits)::text IS NOT NULL AND strpos(phone, sqlc.narg(phone_digits)::text) > 0);
