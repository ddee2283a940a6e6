-- name: SpendUserResets :exec
-- A newer request makes older tokens useless.
UPDATE password_resets SET spent_at = now() WHERE user_id = @user_id AND spent_at IS NULL;

-- name: CreateReset :exec
INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES (@user_id, @token_hash, @expires_at);

-- name: GetLiveReset :one
-- A first look, without a lock, so an unknown token costs no password hash.
SELECT r.id, r.user_id, u.email
FROM password_resets r
JOIN users u ON u.id = r.user_id
WHERE r.token_hash = @token_hash AND r.spent_at IS NULL AND r.expires_at > now();

-- name: GetLiveResetForUpdate :one
-- Locks the token while its new password is checked and set, so two confirmations cannot both use it.
SELECT r.id, r.user_id, u.email
FROM password_resets r
JOIN users u ON u.id = r.user_id
WHERE r.token_hash = @token_hash AND r.spent_at IS NULL AND r.expires_at > now()
FOR UPDATE OF r;

-- name: SpendReset :exec
UPDATE password_resets SET spent_at = now() WHERE id = @id;

-- name: DeleteOldResets :execrows
DELETE FROM password_resets WHERE expires_at < now() - interval '1 day';
