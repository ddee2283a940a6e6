-- +goose Up
-- Online payment through ЮKassa. Owner: package payment.

-- One attempt to take the money for an order. The row and its idempotence key are committed before ЮKassa is
-- called, so a crash or a retry re-sends the same key (and the same request) instead of charging twice.
-- status 'new': created here, ЮKassa's answer not yet known; then ЮKassa's own pending → waiting_for_capture →
-- succeeded | canceled, which only ever moves forward.
CREATE TABLE payments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id            bigint NOT NULL REFERENCES orders (id),
    idempotence_key     text NOT NULL UNIQUE,
    request             bytea NOT NULL, -- the JSON sent, byte for byte, so a re-send is the very same request
    amount              bigint NOT NULL CHECK (amount > 0), -- kopecks
    yookassa_id         text UNIQUE,
    status              text NOT NULL DEFAULT 'new'
                            CHECK (status IN ('new', 'pending', 'waiting_for_capture', 'succeeded', 'canceled')),
    confirmation_url    text NOT NULL DEFAULT '',
    cancel_party        text NOT NULL DEFAULT '',
    cancel_reason       text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- When the reconciliation job (or a reader) last asked ЮKassa about it.
    checked_at          timestamptz NOT NULL DEFAULT now()
);
-- At most one attempt in flight per order: asking to pay again finds it instead of making another.
CREATE UNIQUE INDEX payments_one_open_per_order ON payments (order_id)
    WHERE status IN ('new', 'pending', 'waiting_for_capture');
CREATE INDEX payments_open_checked_idx ON payments (checked_at)
    WHERE status IN ('new', 'pending', 'waiting_for_capture');
CREATE INDEX payments_order_idx ON payments (order_id);
COMMENT ON TABLE payments IS 'Attempts to take an order''s money through ЮKassa. Owner: package payment.';

-- Money given back from a succeeded payment, the same way: key saved first, then ЮKassa is called.
CREATE TABLE refunds (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id          bigint NOT NULL REFERENCES payments (id),
    order_id            bigint NOT NULL REFERENCES orders (id),
    idempotence_key     text NOT NULL UNIQUE,
    request             bytea NOT NULL,
    amount              bigint NOT NULL CHECK (amount > 0),
    reason              text NOT NULL,
    yookassa_id         text UNIQUE,
    status              text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'pending', 'succeeded', 'canceled')),
    cancel_reason       text NOT NULL DEFAULT '',
    created_by          bigint REFERENCES users (id) ON DELETE SET NULL, -- null: the shop itself (a cancelled order)
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    checked_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);
CREATE INDEX refunds_order_idx ON refunds (order_id);
CREATE INDEX refunds_open_checked_idx ON refunds (checked_at) WHERE status IN ('new', 'pending');
COMMENT ON TABLE refunds IS 'Money given back from a succeeded payment. Owner: package payment.';

-- +goose Down
DROP TABLE refunds;
DROP TABLE payments;
