-- +goose Up
-- Natural-fur garments (products.marked_fur) are sold as units, each with its КИЗ (fur marking tag): received
-- by staff scanning codes into a variant, reserved by an order (oldest received first), sold once paid or
-- handed over, returned by a customer, made available again or written off after inspection. A marked
-- variant's stock is its number of available units. Owner: package catalog, with the stock.
CREATE TABLE fur_units (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Units are never deleted, so a variant (or product) with units cannot be: it is deactivated instead.
    variant_id  bigint NOT NULL REFERENCES product_variants (id) ON DELETE RESTRICT,
    -- Unique across the store forever. Null: not known yet (a piece counted by number, from a v1 client or an
    -- import without codes); staff attach it later.
    kiz         text UNIQUE CHECK (kiz ~ '^[A-Z]{2}-[0-9]{6}-[A-Z]{3}[0-9]{7}$'),
    status      text NOT NULL DEFAULT 'available'
                    CHECK (status IN ('available', 'reserved', 'sold', 'returned', 'written_off')),
    -- The order that holds it (reserved), bought it (sold) or sent it back (returned).
    order_id    bigint REFERENCES orders (id),
    received_at timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((status IN ('reserved', 'sold', 'returned')) = (order_id IS NOT NULL))
);
-- An order takes the oldest received available units of a variant.
CREATE INDEX fur_units_available_idx ON fur_units (variant_id, received_at, id) WHERE status = 'available';
CREATE INDEX fur_units_variant_idx ON fur_units (variant_id, id);
CREATE INDEX fur_units_order_idx ON fur_units (order_id) WHERE order_id IS NOT NULL;
COMMENT ON TABLE fur_units IS 'Natural-fur garments, one row a piece, with its КИЗ and where it is. Owner: package catalog.';

-- Every change of a unit: who, when, what. Rows are only ever added.
CREATE TABLE fur_unit_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id    bigint NOT NULL REFERENCES fur_units (id),
    status     text NOT NULL,
    order_id   bigint,
    kiz        text,  -- the code the unit had after the change (a code attached later shows when)
    actor_id   bigint REFERENCES users (id) ON DELETE SET NULL, -- null: the shop itself (an order, a payment)
    note       text NOT NULL DEFAULT '',
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fur_unit_events_unit_idx ON fur_unit_events (unit_id, at, id);
COMMENT ON TABLE fur_unit_events IS 'The history of every fur unit. Owner: package catalog.';

-- The КИЗ of an order's pieces are its units' now (package catalog), not codes typed onto the line.
ALTER TABLE order_items DROP COLUMN fur_codes;

-- Marked variants that have stock get one unit per piece, code not known yet.
INSERT INTO fur_units (variant_id)
SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id, generate_series(1, v.stock)
WHERE p.marked_fur;
INSERT INTO fur_unit_events (unit_id, status, note) SELECT id, 'available', 'counted when units began' FROM fur_units;

-- +goose Down
ALTER TABLE order_items ADD COLUMN fur_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(fur_codes) <= quantity);
DROP TABLE fur_unit_events;
DROP TABLE fur_units;
