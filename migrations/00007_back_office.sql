-- +goose Up
-- The back office's audit log. Owner: package audit. Every change staff make is recorded with audit.Record in
-- the transaction of the change, so the log never claims a change that rolled back nor misses one that
-- committed. Rows are only ever added.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_email text NOT NULL, -- kept as it was, should the account change or go
    action      text NOT NULL, -- e.g. product.update, order.status
    object_type text NOT NULL, -- category, product, image, order
    object_id   bigint,
    before      jsonb,
    after       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_newest_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, created_at DESC, id DESC);
COMMENT ON TABLE audit_log IS 'Who changed what in the back office, before and after. Owner: package audit.';

-- +goose Down
DROP TABLE audit_log;
