-- Stock taken by orders and given back when they are cancelled. Lock order (docs/moving-parts.md): the order's
-- row first (the order package), then products in id order (here), then payments.

-- name: TakeStock :many
-- An order's stock, in one round trip. The ordered products are locked in id order first (locked), so that two
-- orders touching the same products in any order never deadlock; NO KEY UPDATE, not UPDATE: orders queue
-- behind each other, but carts (whose foreign key share-locks the product) do not wait. Then, only if every
-- line fits (sold, and no more than the stock), each product's stock is taken (taken). Every locked product
-- comes back as it was, with whether the stock was taken; a product not found is missing. The CHECK
-- (stock >= 0) on products is the last line of defence; the locks make it unreachable.
WITH wanted AS (
    SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity
), locked AS MATERIALIZED (
    SELECT p.id, p.name, p.price, p.stock, p.is_active, p.marked_fur
    FROM products p WHERE p.id = ANY (@ids::bigint[]) ORDER BY p.id FOR NO KEY UPDATE
), fits AS MATERIALIZED (
    SELECT count(*) = cardinality(@ids::bigint[]) AS every_line
    FROM locked l JOIN wanted w ON w.id = l.id
    WHERE l.is_active AND l.stock >= w.quantity
), taken AS (
    UPDATE products p SET stock = p.stock - w.quantity
    FROM wanted w, fits
    WHERE p.id = w.id AND fits.every_line
    RETURNING p.id
)
SELECT l.id, l.name, l.price, l.stock, l.is_active, l.marked_fur, (SELECT count(*) FROM taken) > 0 AS taken
FROM locked l
ORDER BY l.id;

-- name: LockProducts :exec
-- Before stock goes back: the products in id order, as placing an order locks them, so the two never deadlock.
SELECT id FROM products WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: ReturnStock :exec
-- Gives back the stock of a cancelled order (LockProducts first). A product deleted since is skipped.
UPDATE products p SET stock = p.stock + v.quantity
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity) AS v
WHERE p.id = v.id;
