-- +goose Up
-- Stock changed by anyone but the application (psql, a script) must still reach the servers' caches. The
-- application announces its own stock changes after commit (folded, see catalog.Service.StockChanged) and says
-- so with the furstore.announces_stock setting on its connections; everyone else's are announced here.
-- +goose StatementBegin
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
CREATE TRIGGER products_stock_updated AFTER UPDATE OF stock, version, updated_at ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_stock_changed();

-- A cart line holds at most 1000 pieces (cart.MaxQuantity), whatever path wrote it.
ALTER TABLE cart_items ADD CONSTRAINT cart_items_quantity_limit CHECK (quantity <= 1000);

-- +goose Down
ALTER TABLE cart_items DROP CONSTRAINT cart_items_quantity_limit;
DROP TRIGGER products_stock_updated ON products;
DROP FUNCTION notify_stock_changed();
