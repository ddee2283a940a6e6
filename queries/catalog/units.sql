-- Fur units (КИЗ) of marked variants. A marked variant's stock is its number of available units: every query
-- here that moves a unit into or out of 'available' runs beside the matching change of the variant's stock,
-- under the variant's row lock, in the same transaction (package catalog keeps the two equal).

-- name: ReserveUnits :many
-- An order takes, per variant, the oldest received available units: the variants are locked by TakeStock, so
-- no other order can take the same units meanwhile (FOR UPDATE is the backstop).
WITH wanted AS (
    SELECT unnest(@variant_ids::bigint[]) AS variant_id, unnest(@quantities::integer[]) AS quantity
), picked AS (
    SELECT u.id FROM wanted w CROSS JOIN LATERAL (
        SELECT f.id FROM fur_units f
        WHERE f.variant_id = w.variant_id AND f.status = 'available'
        ORDER BY f.received_at, f.id
        LIMIT w.quantity
        FOR UPDATE
    ) u
), reserved AS (
    UPDATE fur_units f SET status = 'reserved', order_id = @order_id, updated_at = now()
    FROM picked WHERE f.id = picked.id
    RETURNING f.id, f.variant_id, f.kiz
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, order_id, kiz) SELECT id, 'reserved', @order_id, kiz FROM reserved
)
SELECT id, variant_id, kiz FROM reserved ORDER BY id;

-- name: MoveOrderUnits :many
-- Moves an order's units from one status to another (reserved → available when it is cancelled, reserved →
-- sold when it is paid or handed over), with their history. To available also lets the order go.
WITH moved AS (
    UPDATE fur_units f
    SET status = @to_status::text, order_id = CASE WHEN @to_status::text = 'available' THEN NULL ELSE f.order_id END, updated_at = now()
    WHERE f.order_id = @order_id AND f.status = @from_status::text
    RETURNING f.id, f.variant_id, f.kiz
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, order_id, kiz, actor_id, note)
    SELECT id, @to_status::text, @order_id, kiz, sqlc.narg(actor_id), @note FROM moved
)
SELECT id, variant_id, kiz FROM moved ORDER BY id;

-- name: OrderUnits :many
-- The units orders hold, bought or sent back, with their variants, oldest first.
SELECT f.id, f.variant_id, f.kiz, f.status, f.order_id
FROM fur_units f
WHERE f.order_id = ANY (@order_ids::bigint[])
ORDER BY f.order_id, f.variant_id, f.id;

-- name: LockUnitsByKIZ :many
-- Units named by their codes, locked for a change (a swap, staff's inspection).
SELECT id, variant_id, kiz, status, order_id FROM fur_units WHERE kiz = ANY (@kizs::text[]) ORDER BY id FOR UPDATE;

-- name: LockUnits :many
-- Units locked for a change, each with whether it was received with its code (its first history entry has
-- it): such a code is the tag sewn into the piece, never replaced or cleared.
SELECT f.id, f.variant_id, f.kiz, f.status, f.order_id,
       coalesce((SELECT e.kiz IS NOT NULL FROM fur_unit_events e WHERE e.unit_id = f.id ORDER BY e.at, e.id LIMIT 1), false)::boolean AS received_with_kiz
FROM fur_units f WHERE f.id = ANY (@ids::bigint[]) ORDER BY f.id FOR UPDATE OF f;

-- name: SetUnit :exec
-- One unit's new state, with its history entry.
WITH changed AS (
    UPDATE fur_units f SET status = @status, order_id = sqlc.narg(order_id), kiz = sqlc.narg(kiz), updated_at = now()
    WHERE f.id = @id
    RETURNING f.id AS unit_id, f.status AS new_status, f.order_id AS new_order_id, f.kiz AS new_kiz
)
INSERT INTO fur_unit_events (unit_id, status, order_id, kiz, actor_id, note)
SELECT c.unit_id, c.new_status, c.new_order_id, c.new_kiz, sqlc.narg(actor_id), @note FROM changed c;

-- name: AddUnits :many
-- New units of a variant: one per code (an empty code: not known yet), with their history.
WITH added AS (
    INSERT INTO fur_units (variant_id, kiz)
    SELECT @variant_id, nullif(k, '') FROM unnest(@kizs::text[]) AS k -- '': not known yet
    RETURNING id, variant_id, kiz, status, received_at
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, kiz, actor_id, note)
    SELECT id, 'available', kiz, sqlc.narg(actor_id), @note FROM added
)
SELECT id, variant_id, kiz, status, received_at FROM added ORDER BY id;

-- name: WriteOffAvailableUnits :many
-- Takes count available units of a variant off sale (stock lowered by number on a marked variant): those whose
-- code is not known first, then the newest.
WITH picked AS (
    SELECT u.id FROM fur_units u
    WHERE u.variant_id = @variant_id AND u.status = 'available'
    ORDER BY u.kiz IS NOT NULL, u.received_at DESC, u.id DESC
    LIMIT @count
    FOR UPDATE
), gone AS (
    UPDATE fur_units f SET status = 'written_off', updated_at = now() FROM picked WHERE f.id = picked.id
    RETURNING f.id, f.kiz
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, kiz, actor_id, note)
    SELECT id, 'written_off', kiz, sqlc.narg(actor_id), @note FROM gone
)
SELECT id FROM gone;

-- name: CountAvailableUnits :one
SELECT count(*)::integer FROM fur_units WHERE variant_id = @variant_id AND status = 'available';

-- name: DeleteAnonymousUnits :exec
-- Before a product (or variant) goes: the units that are nothing but a count, with no КИЗ and never in an
-- order, go with it, and their history with them (the one time history rows are deleted: nothing outside
-- the store ever knew these pieces as units). A unit with a КИЗ, or one that was ever ordered, stays (its
-- variant then cannot go).
WITH gone AS (
    SELECT f.id FROM fur_units f JOIN product_variants v ON v.id = f.variant_id
    WHERE (v.product_id = sqlc.narg(product_id) OR v.id = sqlc.narg(variant_id))
      AND f.kiz IS NULL AND f.order_id IS NULL AND f.status IN ('available', 'written_off')
      AND NOT EXISTS (SELECT 1 FROM fur_unit_events e WHERE e.unit_id = f.id AND e.order_id IS NOT NULL)
), events AS (
    DELETE FROM fur_unit_events e USING gone WHERE e.unit_id = gone.id
)
DELETE FROM fur_units f USING gone WHERE f.id = gone.id;

-- The staff's fur-unit routes (unit_*.go): receiving by scanning codes, the lists, inspection, units.csv.

-- name: AdminUnit :one
-- One unit with its variant's product, read without a lock (a unit never moves to another variant).
SELECT f.id, f.variant_id, v.product_id, f.kiz, f.status, f.order_id, f.received_at
FROM fur_units f JOIN product_variants v ON v.id = f.variant_id
WHERE f.id = @id;

-- name: KnownUnitCodes :many
-- The units that already carry any of the codes, in any status: a КИЗ is unique across the store forever.
SELECT id, variant_id, kiz::text AS kiz, status FROM fur_units WHERE kiz = ANY (@kizs::text[]) ORDER BY id;

-- name: AdminListUnits :many
-- A page of units, oldest received first (the order in which orders take them), each filter optional: a
-- variant's, the one with a code (the scanner's lookup), those in a status. total counts every page. Planned
-- per call (store.CustomPlans): which filters are given decides the best plan.
SELECT f.id, f.variant_id, v.product_id, f.kiz, f.status, f.order_id, f.received_at, count(*) OVER () AS total
FROM fur_units f JOIN product_variants v ON v.id = f.variant_id
WHERE (sqlc.narg(variant_id)::bigint IS NULL OR f.variant_id = sqlc.narg(variant_id)::bigint)
  AND (sqlc.narg(kiz)::text IS NULL OR f.kiz = sqlc.narg(kiz)::text)
  AND (sqlc.narg(status)::text IS NULL OR f.status = sqlc.narg(status)::text)
ORDER BY f.received_at, f.id
LIMIT @page_size OFFSET @skip;

-- name: UnitEvents :many
-- The history of units, oldest first. Who made each change is the account package's to tell.
SELECT unit_id, status, order_id, actor_id, note, at
FROM fur_unit_events
WHERE unit_id = ANY (@unit_ids::bigint[])
ORDER BY unit_id, at, id;

-- name: ExportUnits :many
-- One batch of units.csv in id order after after_id: each unit with its product and variant, and when it was
-- last sold and last returned (its latest history entries of those statuses; none: never).
SELECT f.id, f.kiz, p.name AS product_name, v.sku, v.size, f.status, f.order_id, f.received_at,
       sold.at AS sold_at, back.at AS returned_at
FROM fur_units f
JOIN product_variants v ON v.id = f.variant_id
JOIN products p ON p.id = v.product_id
LEFT JOIN fur_unit_events sold ON sold.id = (
    SELECT e.id FROM fur_unit_events e WHERE e.unit_id = f.id AND e.status = 'sold' ORDER BY e.at DESC, e.id DESC LIMIT 1)
LEFT JOIN fur_unit_events back ON back.id = (
    SELECT e.id FROM fur_unit_events e WHERE e.unit_id = f.id AND e.status = 'returned' ORDER BY e.at DESC, e.id DESC LIMIT 1)
WHERE f.id > @after_id
ORDER BY f.id
LIMIT @batch_size;
