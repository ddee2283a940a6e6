-- +goose Up
-- Accounts: customers and staff, their sessions, password resets, and the abuse counters of sign-in and reset.
-- Owner: package account (users, sessions, password_resets); package ratelimit (rate_limits).

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Normalised before it gets here (trimmed, lower-cased), so uniqueness is case-insensitive.
    email         text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    -- argon2id in PHC form: $argon2id$v=19$m=…,t=…,p=…$salt$hash. Never the password.
    password_hash text NOT NULL,
    first_name    text NOT NULL DEFAULT '',
    last_name     text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    is_staff      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'Customers and staff. Owner: package account.';

-- Sessions are opaque random tokens; only their SHA-256 is stored, so a copy of this table opens no account.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
COMMENT ON TABLE sessions IS 'Signed-in sessions, by the SHA-256 of their token. Owner: package account.';

CREATE TABLE password_resets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    -- Set when used, or when a newer request replaced it: a token works once, and only the newest one.
    spent_at   timestamptz
);
CREATE INDEX password_resets_user_id_idx ON password_resets (user_id) WHERE spent_at IS NULL;
COMMENT ON TABLE password_resets IS 'One-time password reset tokens, by their SHA-256. Owner: package account.';

-- Abuse limits: hits per key (e.g. "login:ip:203.0.113.7") per fixed window, shared by every server process.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (key, window_start)
);
COMMENT ON TABLE rate_limits IS 'Hits per key per fixed window, shared by every server. Owner: package ratelimit.';

-- Servers keep recently used sessions in memory (account's session cache), so an authenticated request costs
-- no database round trip. Whatever could make a cached session wrong tells every server on commit: a session
-- ended (logout, password change or reset, expiry housekeeping: only when a row actually went, or the
-- ten-minute housekeeping would empty every cache each time it ran), or its user changed or deleted.
-- docs/moving-parts.md, «Caches».
-- +goose StatementBegin
CREATE FUNCTION notify_auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('auth_changed', '');
    RETURN NULL;
END
$$;
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
CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed_if_any();
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE password_resets;
DROP TABLE sessions;
DROP TABLE users;
DROP FUNCTION notify_auth_changed_if_any();
DROP FUNCTION notify_auth_changed();
