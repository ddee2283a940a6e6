-- +goose Up
-- The carrier's tracking number of a shipped order, given by staff when they mark it «Отправлен»; shown on the
-- order and mailed to the customer. Owner: package order (the orders table's).
ALTER TABLE orders ADD COLUMN tracking_number text
    CHECK (tracking_number <> '' AND length(tracking_number) <= 100);

-- +goose Down
ALTER TABLE orders DROP COLUMN tracking_number;
