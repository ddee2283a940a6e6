-- Stock taken by orders and given back when they are cancelled. Lock order (docs/moving-parts.md): the order's
-- row first (the order package), then products in id order (here), then payments.

-- name: LockProductsForOrder :many
-- Locks the ordered products in id order, so that two orders touching the same products in any order never
-- deadlock; the order then checks and takes stock under the locks. NO KEY UPDATE, not UPDATE: orders queue
-- behind each other, but carts (whose foreign key share-locks the product) do not wait.
SELECT id, name, price, stock, is_active, marked_fur
FROM products WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: TakeStock :exec
-- The CHECK (stock >= 0) on products is the last line of defence; the locks above make it unreachable.
UPDATE products p SET stock = p.stock - v.quantity
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity) AS v
WHERE p.id = v.id;

-- name: LockProducts :exec
-- Before stock goes back: the products in id order, as placing an order locks them, so the two never deadlock.
SELECT id FROM products WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: ReturnStock :exec
-- Gives back the stock of a cancelled order (LockProducts first). A product deleted since is skipped.
UPDATE products p SET stock = p.stock + v.quantity
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity) AS v
WHERE p.id = v.id;
