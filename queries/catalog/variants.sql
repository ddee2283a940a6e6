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
       v.created_at, v.updated_at, v.marked_fur
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

-- name: AdminVariantProduct :one
-- The product of a variant, read without a lock: a variant never moves to another product, so a staff change
-- can lock the product, then the variant (then its units), in the lock order (docs/moving-parts.md).
SELECT product_id FROM product_variants WHERE id = @id;

-- name: AdminVariantKindTaken :one
-- Whether another variant of the product has this size, height and colour (the product is locked, so no
-- staff change adds one meanwhile; the unique index product_variants_kind_idx is the backstop).
SELECT EXISTS (
    SELECT 1 FROM product_variants
    WHERE product_id = @product_id AND id <> @except_id
      AND coalesce(size, '') = coalesce(sqlc.narg(size)::text, '')
      AND coalesce(height, '') = coalesce(sqlc.narg(height)::text, '')
      AND coalesce(color, '') = coalesce(sqlc.narg(color)::text, ''));

-- name: AdminCountVariants :one
SELECT count(*)::integer FROM product_variants WHERE product_id = @product_id;

-- name: VariantUnitCounts :many
-- Per variant, its available units and how many of those have no КИЗ (the only ones an import
-- may write off to bring the stock down to the file's).
SELECT v.id,
       count(f.id) FILTER (WHERE f.status = 'available')::integer AS available,
       count(f.id) FILTER (WHERE f.status = 'available' AND f.kiz IS NULL)::integer AS counted
FROM product_variants v LEFT JOIN fur_units f ON f.variant_id = v.id
WHERE v.id = ANY (@ids::bigint[])
GROUP BY v.id;

-- name: SKUOwners :many
-- The variants that hold any of these SKUs, each with its product's slug, size, height and colour (how a
-- catalog file names a variant).
SELECT v.sku, v.id, p.slug, v.size, v.height, v.color
FROM product_variants v JOIN products p ON p.id = v.product_id
WHERE v.sku = ANY (@skus::text[]);

-- name: KIZOwners :many
-- The units that already carry any of these КИЗ (a code is unique forever), each with its variant, named
-- as SKUOwners names it.
SELECT f.kiz::text AS kiz, f.id, f.status, v.id AS variant_id, p.slug, v.size, v.height, v.color
FROM fur_units f JOIN product_variants v ON v.id = f.variant_id JOIN products p ON p.id = v.product_id
WHERE f.kiz = ANY (@kizs::text[]);

-- name: ImportRetireVariants :exec
-- Import: a product's variants the file does not list any more are taken off sale (not deleted: their stock,
-- units and history stay for staff to see).
UPDATE product_variants SET is_active = false, updated_at = now()
WHERE product_id = ANY (@product_ids::bigint[]) AND NOT (id = ANY (@keep_ids::bigint[])) AND is_active;

-- name: ImportMarkingChanges :many
-- Import: the variants of the products whose marking the file changes, locked in id order as orders lock them,
-- so no order takes their stock between the check for open orders and the change.
SELECT v.id, p.slug
FROM product_variants v
JOIN products p ON p.id = v.product_id
JOIN (SELECT unnest(@slugs::text[]) AS slug, unnest(@marked::boolean[]) AS marked) f ON f.slug = p.slug
WHERE p.marked_fur <> f.marked
ORDER BY v.id
FOR NO KEY UPDATE OF v;

-- name: AdminVariantBySKU :one
-- A variant by its SKU (артикул), as staff scan or type it when receiving goods.
SELECT v.id, v.sku, v.size, v.height, v.color, v.stock, p.id AS product_id, p.name, p.marked_fur
FROM product_variants v JOIN products p ON p.id = v.product_id
WHERE v.sku = @sku;
