-- +goose Up
-- Staff accounts in the panel (issue 13, «Сотрудники»): an account can be switched off (it signs in nowhere and
-- its sessions end), and the last sign-in is kept for the staff list. An invited member of staff has no
-- password until they set one through the one-time link mailed to them: password_hash is then "!", which no
-- password matches. Owner: package account.
ALTER TABLE users
    ADD COLUMN is_active boolean NOT NULL DEFAULT true,
    ADD COLUMN last_login_at timestamptz;
COMMENT ON COLUMN users.password_hash IS
    'argon2id in PHC form; "!" for an invited account that has not set a password yet (nothing signs in with it).';
COMMENT ON COLUMN users.is_active IS 'false: switched off by staff — signs in nowhere, has no sessions.';
COMMENT ON COLUMN users.last_login_at IS 'The last successful sign-in (API or panel); null: never.';

-- Recording a sign-in must not tell every server to forget its cached sessions (docs/moving-parts.md,
-- «Caches»): the users trigger notifies for every change but one of last_login_at alone. A row trigger can
-- say so in its WHEN; NOTIFY folds its repeats into one per transaction.
DROP TRIGGER users_changed ON users;
CREATE TRIGGER users_updated AFTER UPDATE ON users
    FOR EACH ROW WHEN ((to_jsonb(OLD) - 'last_login_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_login_at'))
    EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_gone AFTER DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

-- +goose Down
DROP TRIGGER users_gone ON users;
DROP TRIGGER users_updated ON users;
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
COMMENT ON COLUMN users.password_hash IS NULL;
ALTER TABLE users DROP COLUMN is_active, DROP COLUMN last_login_at;
