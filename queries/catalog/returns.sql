-- Fur units that come back from an order after they were sold: returned by the customer after hand-over
-- (awaiting inspection); a paid order cancelled before it left the shop puts them back on the shelf through
-- MoveOrderUnits (units.sql), and LockUnits locks the units named for a return. Run under
-- the order's row lock (docs/moving-parts.md: the order's row first, then its payments, then its units, as a
-- payment applied takes them).

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
