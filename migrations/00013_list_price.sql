-- +goose Up
-- A listing shows, filters and sorts a product by its lowest price: the cheapest variant on sale (its own price,
-- else the product's), with that variant's old price. Kept on the product's row, so the listing's indexes
-- walk it in order instead of computing it per product per request; the triggers below keep it current,
-- whatever path changes a price, a variant or whether it is on sale. Owner: package catalog.
ALTER TABLE products ADD COLUMN list_price bigint, ADD COLUMN list_old_price bigint;

-- +goose StatementBegin
-- The lowest price of product, whose own price and old price are given: its cheapest variant on sale, else its own.
CREATE FUNCTION product_list_price(product bigint, own_price bigint, own_old_price bigint,
                                   OUT list_price bigint, OUT list_old_price bigint) LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.price, own_price), CASE WHEN c.price IS NULL THEN own_old_price ELSE c.old_price END
    FROM (SELECT 1) one LEFT JOIN LATERAL (
        SELECT coalesce(v.price, own_price) AS price, CASE WHEN v.price IS NULL THEN own_old_price ELSE v.old_price END AS old_price
        FROM product_variants v WHERE v.product_id = product AND v.is_active
        ORDER BY 1, v.size::integer NULLS FIRST, v.height NULLS FIRST, v.color NULLS FIRST, v.id LIMIT 1 -- the card's tie-break
    ) c ON true;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION products_list_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT l.list_price, l.list_old_price INTO NEW.list_price, NEW.list_old_price
    FROM product_list_price(NEW.id, NEW.price, NEW.old_price) l;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER products_list_price BEFORE INSERT OR UPDATE OF price, old_price ON products
    FOR EACH ROW EXECUTE FUNCTION products_list_price();

-- +goose StatementBegin
CREATE FUNCTION products_refresh_list_price(product bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE products p SET list_price = l.list_price, list_old_price = l.list_old_price
    FROM product_list_price(product, (SELECT price FROM products WHERE id = product),
                            (SELECT old_price FROM products WHERE id = product)) l
    WHERE p.id = product AND (p.list_price, p.list_old_price) IS DISTINCT FROM (l.list_price, l.list_old_price);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION product_variants_list_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM products_refresh_list_price(OLD.product_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.product_id <> OLD.product_id) THEN
        PERFORM products_refresh_list_price(NEW.product_id);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER product_variants_list_price AFTER INSERT OR DELETE OR UPDATE OF product_id, price, old_price, is_active
    ON product_variants FOR EACH ROW EXECUTE FUNCTION product_variants_list_price();

UPDATE products p SET list_price = l.list_price, list_old_price = l.list_old_price
FROM products q, product_list_price(q.id, q.price, q.old_price) l WHERE q.id = p.id;
ALTER TABLE products ALTER COLUMN list_price SET NOT NULL, ADD CHECK (list_price >= 0);

DROP INDEX products_active_price_idx, products_active_name_idx, products_active_created_idx, products_active_category_price_idx;
CREATE INDEX products_active_price_idx ON products (list_price, id) INCLUDE (category_id) WHERE is_active;
CREATE INDEX products_active_name_idx ON products (name, id) INCLUDE (category_id, list_price) WHERE is_active;
CREATE INDEX products_active_created_idx ON products (created_at, id) INCLUDE (category_id, list_price) WHERE is_active;
CREATE INDEX products_active_category_price_idx ON products (category_id, list_price) WHERE is_active;

-- +goose Down
DROP INDEX products_active_price_idx, products_active_name_idx, products_active_created_idx, products_active_category_price_idx;
CREATE INDEX products_active_price_idx ON products (price, id) INCLUDE (category_id) WHERE is_active;
CREATE INDEX products_active_name_idx ON products (name, id) INCLUDE (category_id, price) WHERE is_active;
CREATE INDEX products_active_created_idx ON products (created_at, id) INCLUDE (category_id, price) WHERE is_active;
CREATE INDEX products_active_category_price_idx ON products (category_id, price) WHERE is_active;
DROP TRIGGER products_list_price ON products;
DROP FUNCTION products_list_price();
DROP TRIGGER product_variants_list_price ON product_variants;
DROP FUNCTION product_variants_list_price();
DROP FUNCTION products_refresh_list_price(bigint);
DROP FUNCTION product_list_price(bigint, bigint, bigint);
ALTER TABLE products DROP COLUMN list_price, DROP COLUMN list_old_price;
