-- +goose Up
-- The sessions_ended trigger notified on every DELETE statement, also when it deleted nothing: the session
-- housekeeping (every 10 minutes, usually deleting nothing) emptied every server's session cache each time.
-- Now a DELETE tells the servers only when it ended a session.
-- +goose StatementBegin
CREATE FUNCTION notify_auth_changed_if_any() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM gone) THEN
        PERFORM pg_notify('auth_changed', '');
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
DROP TRIGGER sessions_ended ON sessions;
CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed_if_any();
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

-- +goose Down
DROP TRIGGER sessions_truncated ON sessions;
DROP TRIGGER sessions_ended ON sessions;
DROP FUNCTION notify_auth_changed_if_any();
CREATE TRIGGER sessions_ended AFTER DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
