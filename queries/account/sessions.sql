-- name: CreateSession :exec
INSERT INTO sessions (user_id, token_hash, expires_at) VALUES (@user_id, @token_hash, @expires_at);

-- name: GetSessionUser :one
-- The one lookup an authenticated request costs: the token's hash through its unique index, with the user.
-- A deactivated account has no sessions left (Deactivate deletes them); is_active is checked all the same.
SELECT s.id AS session_id, s.last_used_at, s.expires_at, u.*
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.token_hash = @token_hash AND s.expires_at > now() AND u.is_active;

-- name: TouchSession :exec
UPDATE sessions SET last_used_at = now() WHERE id = @id;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE id = @id;

-- name: DeleteOtherSessions :exec
DELETE FROM sessions WHERE user_id = @user_id AND id <> @keep_id;

-- name: DeleteUserSessions :exec
DELETE FROM sessions WHERE user_id = @user_id;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at < now();
