-- +goose Up
-- A cart belongs to a user, or to a guest who holds its token (only the token's hash is stored).
CREATE TABLE carts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (token_hash IS NULL))
);
CREATE INDEX carts_guest_updated_idx ON carts (updated_at) WHERE user_id IS NULL;

CREATE TABLE cart_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cart_id    bigint NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    quantity   integer NOT NULL CHECK (quantity > 0),
    added_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cart_id, product_id)
);

CREATE TABLE orders (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

-- What was bought, at the price of that moment: later price changes or a deleted product do not rewrite history.
CREATE TABLE order_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id bigint REFERENCES products (id) ON DELETE SET NULL,
    name       text NOT NULL,
    price      bigint NOT NULL CHECK (price >= 0),
    quantity   integer NOT NULL CHECK (quantity > 0)
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);

CREATE TABLE order_status_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status     text NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by bigint REFERENCES users (id) ON DELETE SET NULL,
    note       text NOT NULL DEFAULT ''
);
CREATE INDEX order_status_history_order_id_idx ON order_status_history (order_id, changed_at, id);

-- +goose Down
DROP TABLE order_status_history;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE cart_items;
DROP TABLE carts;
