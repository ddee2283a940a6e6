-- +goose Up
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

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id bigint NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 200),
    name        text NOT NULL CHECK (name <> '' AND length(name) <= 300),
    description text NOT NULL DEFAULT '',
    -- Money is integer kopecks; never a float.
    price       bigint NOT NULL CHECK (price >= 0),
    old_price   bigint CHECK (old_price >= 0),
    stock       integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
    is_active   boolean NOT NULL DEFAULT true,
    marked_fur  boolean NOT NULL DEFAULT false,
    -- Characteristics in display order: [{"name":"Мех","value":"Норка"}, …]. They are only ever read with the
    -- product card, so one ordered JSON array beats a row per characteristic.
    attributes  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attributes) = 'array'),
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

CREATE TABLE product_images (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- Path under MEDIA_DIR, named by content hash, e.g. "products/3f/3fa2….png".
    path       text NOT NULL,
    position   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_images_product_id_idx ON product_images (product_id, position, id);

-- Every committed change to the catalog tells the servers to drop their cached catalog (see catalog/cache.go).
-- NOTIFY is delivered on commit and folded to one per transaction, so a bulk import sends one.
-- +goose StatementBegin
CREATE FUNCTION notify_catalog_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_changed', '');
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER product_images_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_images
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- +goose Down
DROP TABLE product_images;
DROP TABLE products;
DROP TABLE categories;
DROP FUNCTION notify_catalog_changed();
