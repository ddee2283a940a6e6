-- +goose Up
-- Stock changes no longer fire catalog_changed from inside their transaction. A NOTIFY is queued under a
-- cluster-wide lock held through commit, WAL flush included, so every order (which takes stock) was made to
-- commit one at a time: 169 orders/s at 32 connections. Orders and whoever else changes only stock now send
-- the notification themselves right after commit (catalog.Service.StockChanged); changes of anything else
-- still notify from the trigger.
DROP TRIGGER products_changed ON products;
CREATE TRIGGER products_changed
    AFTER INSERT OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER products_updated
    AFTER UPDATE OF category_id, slug, name, description, price, old_price, is_active, marked_fur, attributes ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();

-- +goose Down
DROP TRIGGER products_updated ON products;
DROP TRIGGER products_changed ON products;
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
