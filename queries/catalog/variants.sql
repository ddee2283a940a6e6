-- The staff's variants.

-- name: AdminLockVariant :one
-- A variant with its product, locked (the variant) as an order locks it: a staff change and an order of the
-- same variant queue behind each other.
SELECT v.id, v.product_id, v.sku, v.size, v.height, v.color, v.price, v.old_price, v.stock, v.is_active,
       p.marked_fur, p.name AS product_name
FROM product_variants v JOIN products p ON p.id = v.product_id
WHERE v.id = @id
FOR NO KEY UPDATE OF v;

-- name: AdminProductVariants :many
SELECT v.id, v.product_id, v.sku, v.size, v.height, v.color, v.price, v.old_price, v.stock, v.is_active,
       v.created_at, v.updated_at
FROM product_variants v
WHERE v.product_id = ANY (@product_ids::bigint[])
ORDER BY v.product_id, v.size::integer NULLS FIRST, v.height NULLS FIRST, v.color NULLS FIRST, v.id;

-- name: AdminInsertVariant :one
INSERT INTO product_variants (product_id, sku, size, height, color, price, old_price, stock, is_active)
VALUES (@product_id, @sku, sqlc.narg(size), sqlc.narg(height), sqlc.narg(color), sqlc.narg(price),
        sqlc.narg(old_price), @stock, @is_active)
RETURNING id, created_at, updated_at;

-- name: AdminUpdateVariant :exec
UPDATE product_variants
SET sku = @sku, size = sqlc.narg(size), height = sqlc.narg(height), color = sqlc.narg(color),
    price = sqlc.narg(price), old_price = sqlc.narg(old_price), is_active = @is_active, updated_at = now()
WHERE id = @id;

-- name: AdminDeleteVariant :execrows
DELETE FROM product_variants WHERE id = @id;

-- name: AdminSKUTaken :one
SELECT EXISTS (SELECT 1 FROM product_variants WHERE sku = @sku AND id <> @except_id);
