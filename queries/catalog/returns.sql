-- Fur units that come back from an order after they were sold: returned by the customer after hand-over
-- (awaiting inspection), or back on the shelf when a paid order is cancelled before it left the shop. Run under
-- the order's row lock (docs/moving-parts.md: the order's row first, then its payments, then its units, as a
-- payment applied takes them).

-- name: LockUnitsForReturn :many
-- The units named for a return, locked in id order, with the order that holds them: the caller checks each is
-- the order's and sold (or already returned by it) before anything moves.
SELECT id, variant_id, kiz, status, order_id FROM fur_units WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR UPDATE;

-- name: ReturnSoldUnits :many
-- The order's sold units among ids become returned, keeping the order (it is the one they came back from), with
-- their history. A sold unit is not in any variant's stock, and a returned one is not either: stock does not
-- move until inspection makes the unit available.
WITH moved AS (
    UPDATE fur_units f SET status = 'returned', updated_at = now()
    WHERE f.id = ANY (@ids::bigint[]) AND f.order_id = @order_id AND f.status = 'sold'
    RETURNING f.id, f.kiz
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, order_id, kiz, actor_id, note)
    SELECT id, 'returned', @order_id, kiz, sqlc.narg(actor_id), @note FROM moved
)
SELECT id FROM moved ORDER BY id;

-- name: ReleaseSoldUnits :many
-- A paid order cancelled before it left the shop: the units it had sold go back on the shelf and leave the
-- order. Their variants' stock was given back by number with the order's lines (ReturnStock, under the
-- variants' locks, earlier in the same transaction), so stock and available units stay equal.
WITH moved AS (
    UPDATE fur_units f SET status = 'available', order_id = NULL, updated_at = now()
    WHERE f.order_id = @order_id AND f.status = 'sold'
    RETURNING f.id, f.kiz
), events AS (
    INSERT INTO fur_unit_events (unit_id, status, order_id, kiz, note)
    SELECT id, 'available', @order_id, kiz, @note FROM moved
)
SELECT id FROM moved ORDER BY id;
