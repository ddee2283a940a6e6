-- +goose Up
-- How many pieces of an order line its customer sent back after it was handed over (POST
-- /api/admin/orders/{id}/return): goods without a КИЗ have no unit to mark returned, so the line counts them,
-- and never more than it sold. Fur units are counted by their own status. Owner: package order.
ALTER TABLE order_items ADD COLUMN returned integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT order_items_returned_check CHECK (returned >= 0 AND returned <= quantity);

-- +goose Down
ALTER TABLE order_items DROP COLUMN returned;
