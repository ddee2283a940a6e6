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
