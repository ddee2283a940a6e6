-- +goose Up
-- Orders, their lines and their status history. Owner: package order: it alone writes these tables; the
-- payment package marks an order paid and the staff's changes go through it too (order.Service).

CREATE TABLE orders (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Who owns an order must always be a real account; users are never deleted while they have orders.
    user_id           bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    phone_number      text NOT NULL CHECK (phone_number ~ '^7[0-9]{10}$'),
    requires_delivery boolean NOT NULL,
    delivery_address  text NOT NULL DEFAULT '',
    payment_on_get    boolean NOT NULL,
    is_paid           boolean NOT NULL DEFAULT false,
    -- Codes, not labels: processing, confirmed, assembled, shipped, ready_for_pickup, delivered, cancelled.
    -- The Russian labels («В обработке» …) live in the order package.
    status            text NOT NULL DEFAULT 'processing' CHECK (status IN
                          ('processing', 'confirmed', 'assembled', 'shipped', 'ready_for_pickup', 'delivered', 'cancelled')),
    total             bigint NOT NULL CHECK (total >= 0), -- kopecks
    -- A client's Idempotency-Key: the same key from the same user means the same order.
    idempotency_key   text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, idempotency_key),
    CHECK (NOT requires_delivery OR delivery_address <> '')
);
CREATE INDEX orders_user_newest_idx ON orders (user_id, created_at DESC, id DESC);
-- The back office lists all orders newest first and filters them.
CREATE INDEX orders_newest_idx ON orders (created_at DESC, id DESC);
COMMENT ON TABLE orders IS 'Customers'' orders. Owner: package order.';

-- What was bought: a snapshot of the product as it was at the moment of the order (id, name, price, whether
-- it is marked fur). On purpose it does not reference products: later price changes or a deleted product do
-- not rewrite history, and placing an order does not re-check rows it has just locked.
CREATE TABLE order_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id bigint NOT NULL,
    name       text NOT NULL,
    price      bigint NOT NULL CHECK (price >= 0),
    quantity   integer NOT NULL CHECK (quantity > 0),
    marked_fur boolean NOT NULL DEFAULT false,
    -- The КИЗ of each unit of the line, recorded by staff once they are known: one code per unit, in unit order.
    fur_codes  text[] NOT NULL DEFAULT '{}' CHECK (cardinality(fur_codes) <= quantity)
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
COMMENT ON TABLE order_items IS 'Order lines: what was bought, as it was then. Owner: package order.';

-- Every change of an order's status after it was placed, with who made it and why. The first status,
-- processing, is the order row itself (created_at, user_id): placing an order writes no history row, and the
-- order package shows the creation as the history's first entry.
CREATE TABLE order_status_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status     text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    -- The customer or staff member who made the change; null for the shop itself (a payment arriving).
    changed_by bigint REFERENCES users (id) ON DELETE SET NULL,
    note       text NOT NULL DEFAULT ''
);
CREATE INDEX order_status_history_order_id_idx ON order_status_history (order_id, changed_at, id);
COMMENT ON TABLE order_status_history IS 'Status changes of an order after it was placed, with who and why. Owner: package order.';

-- +goose Down
DROP TABLE order_status_history;
DROP TABLE order_items;
DROP TABLE orders;
