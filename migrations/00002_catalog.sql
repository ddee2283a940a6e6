-- +goose Up
-- The catalog: the category tree, products with their price and stock, their pictures, and the stock history
-- kept for staff. Owner: package catalog (the only writer of these tables; others ask it, see
-- docs/moving-parts.md).

CREATE TABLE categories (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint REFERENCES categories (id) ON DELETE RESTRICT,
    name       text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 200),
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id <> id)
);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);
COMMENT ON TABLE categories IS 'The category tree, any depth. Owner: package catalog.';

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id bigint NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 200),
    name        text NOT NULL CHECK (name <> '' AND length(name) <= 300),
    description text NOT NULL DEFAULT '',
    -- Money is integer kopecks; never a float.
    price       bigint NOT NULL CHECK (price >= 0),
    old_price   bigint CHECK (old_price >= 0),
    -- Taken by orders under the product's row lock; the CHECK is the last line of defence, never reached.
    stock       integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
    is_active   boolean NOT NULL DEFAULT true,
    -- A natural-fur garment: each piece carries a КИЗ (fur marking tag), named in the 54-ФЗ receipt.
    marked_fur  boolean NOT NULL DEFAULT false,
    -- Characteristics in display order: [{"name":"Мех","value":"Норка"}, …]. They are only ever read with the
    -- product card, so one ordered JSON array beats a row per characteristic.
    attributes  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attributes) = 'array'),
    -- Bumped by every staff change, so that of two staff saving the same version one wins and the other hears
    -- of it. Orders take stock without bumping it.
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Listing indexes, one per sort key, partial on active products (the only ones the public catalog lists).
-- category_id rides along in each so that a subtree filter is checked inside the index while it is walked in
-- the requested order; the walk stops after one page of matches.
CREATE INDEX products_active_price_idx ON products (price, id) INCLUDE (category_id) WHERE is_active;
CREATE INDEX products_active_name_idx ON products (name, id) INCLUDE (category_id, price) WHERE is_active;
CREATE INDEX products_active_created_idx ON products (created_at, id) INCLUDE (category_id, price) WHERE is_active;
-- Counting a subtree's matches is an index-only scan of this one.
CREATE INDEX products_active_category_price_idx ON products (category_id, price) WHERE is_active;
COMMENT ON TABLE products IS 'Products with price and stock. Owner: package catalog, which takes and returns stock for orders.';

CREATE TABLE product_images (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- Paths under MEDIA_DIR, named by content hash, e.g. "products/3f/3fa2….png". Two rows may share a file.
    path       text NOT NULL,
    -- Resized variants made once at upload (card 800 px, thumbnail 240 px); null for imported pictures.
    card_path  text,
    thumb_path text,
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_id_idx ON product_images (product_id, position, id);
COMMENT ON TABLE product_images IS 'Pictures of a product, main one first. Owner: package catalog.';

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
COMMENT ON TABLE stock_movements IS 'Staff changes of stock, with the reason. Owner: package catalog.';

-- How other servers hear of a catalog change (docs/moving-parts.md, «Caches»): every committed change to the
-- catalog sends NOTIFY catalog_changed, which each server's listener turns into a new catalog generation.
-- NOTIFY is delivered on commit and folded to one per transaction, so a bulk import sends one.
--
-- Stock is the exception. A NOTIFY queued inside a transaction takes a cluster-wide lock held through commit,
-- WAL flush included, so a notifying trigger on stock made every order commit one at a time (169 orders/s at
-- 32 customers). The catalog package therefore announces its own stock changes after commit, folded to one
-- NOTIFY per 20 ms, and says so with the furstore.announces_stock setting on the application's connections
-- (store.Open); stock changed by anyone else (psql, a script) is still announced here.
-- +goose StatementBegin
CREATE FUNCTION notify_catalog_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', '');
    RETURN NULL;
END
$$;
CREATE FUNCTION notify_stock_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('furstore.announces_stock', true), '') <> 'on' THEN
        PERFORM pg_notify('catalog_changed', '');
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER product_images_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_images
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER products_changed AFTER INSERT OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER products_updated
    AFTER UPDATE OF category_id, slug, name, description, price, old_price, is_active, marked_fur, attributes ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER products_stock_updated AFTER UPDATE OF stock, version, updated_at ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_stock_changed();

-- +goose Down
DROP TABLE stock_movements;
DROP TABLE product_images;
DROP TABLE products;
DROP TABLE categories;
DROP FUNCTION notify_stock_changed();
DROP FUNCTION notify_catalog_changed();
