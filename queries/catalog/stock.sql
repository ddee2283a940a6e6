-- Stock taken by orders and given back when they are cancelled, per variant. Lock order (docs/moving-parts.md):
-- the order's row first (the order package), then variants in id order (here), then payments. Fur units of a
-- marked variant move with its stock (units.sql), under the variant's lock.

-- name: TakeStock :many
-- An order's stock, in one round trip. The ordered variants are locked in id order first (locked), so that two
-- orders touching the same variants in any order never deadlock; NO KEY UPDATE, not UPDATE: orders queue
-- behind each other, but carts (whose foreign key share-locks the variant) do not wait. Then, only if every
-- line fits (product and variant sold, and no more than the stock), each variant's stock is taken (taken).
-- Every locked variant comes back as it was, with its product and price as the order records them, and whether
-- the stock was taken; a variant not found is missing. The CHECK (stock >= 0) on variants is the last line of
-- defence; the locks make it unreachable.
WITH wanted AS (
    SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity
), locked AS MATERIALIZED (
    SELECT v.id, v.product_id, v.sku, v.size, v.height, v.color, v.stock, (v.is_active AND p.is_active) AS active,
           p.name, p.slug, v.marked_fur, coalesce(v.price, p.price) AS price,
           coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '') AS image
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE v.id = ANY (@ids::bigint[]) ORDER BY v.id FOR NO KEY UPDATE OF v
), fits AS MATERIALIZED (
    SELECT count(*) = cardinality(@ids::bigint[]) AS every_line
    FROM locked l JOIN wanted w ON w.id = l.id
    WHERE l.active AND l.stock >= w.quantity
), taken AS (
    UPDATE product_variants v SET stock = v.stock - w.quantity
    FROM wanted w, fits
    WHERE v.id = w.id AND fits.every_line
    RETURNING v.id
)
SELECT l.id, l.product_id, l.sku, l.size, l.height, l.color, l.stock, l.active::boolean AS active, l.name, l.slug,
       l.marked_fur, l.price::bigint AS price, l.image::text AS image, (SELECT count(*) FROM taken) > 0 AS taken
FROM locked l
ORDER BY l.id;

-- name: LockVariants :exec
-- Before stock goes back: the variants in id order, as placing an order locks them, so the two never deadlock.
SELECT id FROM product_variants WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: ReturnStock :many
-- Gives back the stock of a cancelled order (LockVariants first), returning the products of the variants. A
-- variant deleted since is skipped.
UPDATE product_variants v SET stock = v.stock + r.quantity
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity) AS r
WHERE v.id = r.id
RETURNING v.product_id;

-- name: LowStock :many
-- Sizes of active products on sale with at most @at_most left, fewest first (the staff panel's summary).
SELECT p.id AS product_id, p.name, v.id AS variant_id, v.sku, v.size, v.color, v.stock
FROM product_variants v JOIN products p ON p.id = v.product_id
WHERE p.is_active AND v.is_active AND v.stock <= @at_most
ORDER BY v.stock, p.name, v.id
LIMIT @max_rows;
