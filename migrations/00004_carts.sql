-- +goose Up
-- Shopping carts. Owner: package cart. What a line shows of its product (name, price, stock) is the
-- catalog's to say: the cart keeps only the product's id and the quantity.

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
COMMENT ON TABLE carts IS 'A user''s cart, or a guest''s by the SHA-256 of its token. Owner: package cart.';

CREATE TABLE cart_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cart_id    bigint NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    -- A product that leaves the catalog leaves every cart with it.
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- At most cart.MaxQuantity pieces per line, whatever path wrote it.
    quantity   integer NOT NULL CHECK (quantity > 0 AND quantity <= 1000),
    added_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cart_id, product_id)
);
COMMENT ON TABLE cart_items IS 'What a cart holds: product and quantity. Owner: package cart.';

-- +goose Down
DROP TABLE cart_items;
DROP TABLE carts;
