-- +goose Up
-- Sizes, heights and colours: every product is sold as one or more variants, each with its own SKU (артикул),
-- optional own price and its own stock. Existing products become one-variant products with their stock.
-- Owner of product_variants: package catalog, as of every table that holds stock. The cart and order columns
-- below belong to their packages; they change here because a line is now of a variant.

CREATE TABLE product_variants (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- Unique store-wide; generated from the product when staff give none.
    sku        text NOT NULL UNIQUE CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
    -- The Russian size grid ("40"…"64"; hats "53"…"62"), or null for one size; the catalog checks the grid.
    size       text CHECK (size ~ '^[0-9]{2}$'),
    height     text CHECK (height <> '' AND length(height) <= 20),  -- рост, e.g. "164-170"
    color      text CHECK (color <> '' AND length(color) <= 50),
    -- Null: the product's price (and old price) apply.
    price      bigint CHECK (price >= 0),
    old_price  bigint CHECK (old_price >= 0),
    -- Pieces on sale; for marked fur, the variant's available units (package catalog keeps the two equal).
    stock      integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
    is_active  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- One variant per size, height and colour of a product.
CREATE UNIQUE INDEX product_variants_kind_idx
    ON product_variants (product_id, coalesce(size, ''), coalesce(height, ''), coalesce(color, ''));
-- A listing's size and in-stock filters and a summary's in-stock sizes look up the sold, stocked variants.
CREATE INDEX product_variants_on_sale_idx ON product_variants (product_id, size) WHERE is_active AND stock > 0;
COMMENT ON TABLE product_variants IS 'Sizes, heights and colours of a product, each with its SKU and stock. Owner: package catalog.';

INSERT INTO product_variants (product_id, sku, stock)
SELECT id, 'MS-' || lpad(id::text, 6, '0'), stock FROM products ORDER BY id;

-- Stock is the variants' now.
DROP TRIGGER products_stock_updated ON products;
ALTER TABLE products DROP COLUMN stock;
ALTER TABLE stock_movements ADD COLUMN variant_id bigint REFERENCES product_variants (id) ON DELETE CASCADE;
UPDATE stock_movements m SET variant_id = v.id FROM product_variants v WHERE v.product_id = m.product_id;
ALTER TABLE stock_movements ALTER COLUMN variant_id SET NOT NULL;
CREATE INDEX stock_movements_variant_idx ON stock_movements (variant_id, created_at DESC, id DESC);

-- A variant's change tells every server, as a product's does (docs/moving-parts.md, «Caches»): from the
-- trigger for everything but stock, which the catalog announces itself after commit.
CREATE TRIGGER product_variants_changed AFTER INSERT OR DELETE OR TRUNCATE ON product_variants
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER product_variants_updated
    AFTER UPDATE OF product_id, sku, size, height, color, price, old_price, is_active ON product_variants
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER product_variants_stock_updated AFTER UPDATE OF stock ON product_variants
    FOR EACH STATEMENT EXECUTE FUNCTION notify_stock_changed();

-- A cart line is of a variant (owner: package cart).
ALTER TABLE cart_items ADD COLUMN variant_id bigint REFERENCES product_variants (id) ON DELETE CASCADE;
UPDATE cart_items ci SET variant_id = v.id FROM product_variants v WHERE v.product_id = ci.product_id;
ALTER TABLE cart_items ALTER COLUMN variant_id SET NOT NULL;
ALTER TABLE cart_items DROP COLUMN product_id; -- its unique (cart_id, product_id) goes with it
ALTER TABLE cart_items ADD CONSTRAINT cart_items_cart_variant_key UNIQUE (cart_id, variant_id);

-- An order line names the variant it sold and how the product looked, as they were (owner: package order; a
-- snapshot, no key), so that an order page needs no second request per line.
ALTER TABLE order_items ADD COLUMN variant_id bigint, ADD COLUMN sku text, ADD COLUMN size text,
    ADD COLUMN height text, ADD COLUMN color text, ADD COLUMN slug text NOT NULL DEFAULT '',
    ADD COLUMN image text NOT NULL DEFAULT '';
UPDATE order_items oi SET variant_id = v.id, sku = v.sku, slug = p.slug,
       image = coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')
FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.product_id = oi.product_id;
UPDATE order_items SET variant_id = 0, sku = '' WHERE variant_id IS NULL; -- a product deleted before this migration
ALTER TABLE order_items ALTER COLUMN variant_id SET NOT NULL, ALTER COLUMN sku SET NOT NULL;

-- +goose Down
ALTER TABLE order_items DROP COLUMN variant_id, DROP COLUMN sku, DROP COLUMN size, DROP COLUMN height, DROP COLUMN color,
    DROP COLUMN slug, DROP COLUMN image;
ALTER TABLE cart_items ADD COLUMN product_id bigint REFERENCES products (id) ON DELETE CASCADE;
UPDATE cart_items ci SET product_id = v.product_id FROM product_variants v WHERE v.id = ci.variant_id;
DELETE FROM cart_items WHERE product_id IS NULL;
ALTER TABLE cart_items DROP CONSTRAINT cart_items_cart_variant_key, DROP COLUMN variant_id;
ALTER TABLE cart_items ALTER COLUMN product_id SET NOT NULL, ADD UNIQUE (cart_id, product_id);
ALTER TABLE products ADD COLUMN stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0);
UPDATE products p SET stock = (SELECT coalesce(sum(v.stock), 0) FROM product_variants v WHERE v.product_id = p.id);
CREATE TRIGGER products_stock_updated AFTER UPDATE OF stock, version, updated_at ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_stock_changed();
ALTER TABLE stock_movements DROP COLUMN variant_id;
DROP TABLE product_variants;
