-- +goose Up
-- The back office: who changed what, and why stock moved.

-- Every change staff make, with the object as it was before and after. Rows are only ever added.
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

-- Stock set or adjusted by staff, with the reason: the history of a product's stock outside orders.
CREATE TABLE stock_movements (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    delta       integer NOT NULL,
    stock_after integer NOT NULL CHECK (stock_after >= 0),
    reason      text NOT NULL CHECK (reason <> ''),
    actor_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, created_at DESC, id DESC);

-- Resized variants of an uploaded picture (card, thumbnail), generated once at upload; null for pictures
-- that came with an import.
ALTER TABLE product_images ADD COLUMN card_path text, ADD COLUMN thumb_path text;

-- The back office lists all orders newest first and filters them.
CREATE INDEX orders_newest_idx ON orders (created_at DESC, id DESC);

-- +goose Down
DROP INDEX orders_newest_idx;
ALTER TABLE product_images DROP COLUMN card_path, DROP COLUMN thumb_path;
DROP TABLE stock_movements;
DROP TABLE audit_log;
