-- +goose Up
-- Servers keep recently used sessions in memory (account.sessionCache), so an authenticated request costs no
-- database round trip. Whatever could make a cached session wrong — a session ended (logout, password change or
-- reset, expiry housekeeping) or its user changed or deleted — tells every server on commit.
-- +goose StatementBegin
CREATE FUNCTION notify_auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('auth_changed', '');
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER sessions_ended AFTER DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

-- +goose Down
DROP TRIGGER users_changed ON users;
DROP TRIGGER sessions_ended ON sessions;
DROP FUNCTION notify_auth_changed();
