-- +goose Up
-- Whether a variant's pieces are fur units with a КИЗ, on the variant's own row: an order locks its variants
-- (catalog.TakeStock) and reads the flag under that lock, so a product marked or unmarked meanwhile is seen as
-- it is, never as the order's snapshot had it (PostgreSQL re-reads a locked row that changed, not the rows
-- joined to it). The product's flag stays the one staff set; these triggers copy it, on the catalog's own
-- tables, whatever path writes it. Owner: package catalog.
ALTER TABLE product_variants ADD COLUMN marked_fur boolean NOT NULL DEFAULT false;
UPDATE product_variants v SET marked_fur = true FROM products p WHERE p.id = v.product_id AND p.marked_fur;

-- +goose StatementBegin
CREATE FUNCTION product_variants_take_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.marked_fur := (SELECT p.marked_fur FROM products p WHERE p.id = NEW.product_id);
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER product_variants_mark BEFORE INSERT OR UPDATE OF product_id ON product_variants
    FOR EACH ROW EXECUTE FUNCTION product_variants_take_mark();

-- +goose StatementBegin
CREATE FUNCTION products_pass_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Takes every variant's row lock, in id order as orders do (docs/moving-parts.md, «Lock order»): orders
    -- placing pieces of the product finish first, and those that come after read the new flag.
    PERFORM 1 FROM product_variants WHERE product_id = NEW.id ORDER BY id FOR NO KEY UPDATE;
    UPDATE product_variants SET marked_fur = NEW.marked_fur WHERE product_id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER products_mark AFTER UPDATE OF marked_fur ON products
    FOR EACH ROW WHEN (OLD.marked_fur IS DISTINCT FROM NEW.marked_fur) EXECUTE FUNCTION products_pass_mark();

-- +goose Down
DROP TRIGGER products_mark ON products;
DROP FUNCTION products_pass_mark();
DROP TRIGGER product_variants_mark ON product_variants;
DROP FUNCTION product_variants_take_mark();
ALTER TABLE product_variants DROP COLUMN marked_fur;
