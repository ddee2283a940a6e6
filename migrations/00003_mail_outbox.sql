-- +goose Up
-- Outgoing mail. A row is written in the same transaction as the change that causes the mail, and a worker
-- sends it after commit, retrying with backoff while the SMTP server is away: a mail is never lost, and never
-- sent for a change that rolled back.
CREATE TABLE mail_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,            -- e.g. password_reset, for logs and metrics
    to_address      text NOT NULL,
    subject         text NOT NULL,
    -- The bodies may hold a one-time link; they are cleared once the mail is sent or given up.
    text_body       text,
    html_body       text,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    -- A worker that takes a mail leases it until locked_until; if it dies, the mail is taken again after that.
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';

-- +goose Down
DROP TABLE mail_outbox;
