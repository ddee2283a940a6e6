-- +goose Up
-- A refund may take goods back (issue 11: returns after hand-over, and the full refund of a paid order that is
-- cancelled). Its return receipt then names those pieces, with their КИЗ, as returned; a later refund must
-- know which pieces of the payment's receipt are back already and how much of each was given back, so every
-- refund records the pieces it took back. Owner: package payment, as the table.
ALTER TABLE refunds
    -- The pieces of the payment's receipt this refund took back, by their place in it (every item laid out one
    -- piece at a time, in order); empty: money only, nothing came back.
    ADD COLUMN returned_pieces integer[] NOT NULL DEFAULT '{}',
    -- The fur units staff named as sent back (POST /api/admin/orders/{id}/refund "return_units").
    ADD COLUMN returned_units bigint[] NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE refunds DROP COLUMN returned_units, DROP COLUMN returned_pieces;
