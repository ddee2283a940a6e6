-- name: AdminListCategories :many
-- Every category, flat, roots first, then in display order. The counts are what keeps a category from being
-- deleted: products directly in it (inactive ones too) and child categories.
SELECT c.id, c.name, c.slug, c.parent_id, c.position,
       (SELECT count(*) FROM products p WHERE p.category_id = c.id) AS product_count,
       (SELECT count(*) FROM categories k WHERE k.parent_id = c.id) AS children_count
FROM categories c
ORDER BY c.parent_id IS NOT NULL, c.position, c.name, c.id;

-- name: AdminGetCategory :one
SELECT c.id, c.name, c.slug, c.parent_id, c.position,
       (SELECT count(*) FROM products p WHERE p.category_id = c.id) AS product_count,
       (SELECT count(*) FROM categories k WHERE k.parent_id = c.id) AS children_count
FROM categories c
WHERE c.id = @id;

-- name: AdminLockCategory :one
-- Taken before a category is changed or deleted. FOR UPDATE, not NO KEY UPDATE: a product or child category
-- being added under it share-locks the row (its foreign key check), so a delete and an addition never cross.
SELECT id FROM categories WHERE id = @id FOR UPDATE;

-- name: AdminLockCategoryTree :exec
-- Taken first by every staff write to categories, which are rare, so they run one at a time: two moves that
-- are each fine alone, A under B and B under A, would together make a cycle, and writers that took row locks
-- in different orders could deadlock. SHARE ROW EXCLUSIVE conflicts with itself and with row writes to
-- categories, but not with reads nor with the row share locks that products' foreign keys take, so the store
-- keeps browsing and selling meanwhile.
LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE;

-- name: AdminCategoryRef :one
SELECT id, slug, name FROM categories WHERE id = @id;

-- name: AdminCategorySlugTaken :one
SELECT EXISTS (SELECT 1 FROM categories WHERE slug = @slug AND id <> @except_id);

-- name: AdminNextCategoryPosition :one
-- A new category goes after its siblings unless told otherwise.
SELECT coalesce(max(position) + 1, 0)::integer FROM categories WHERE parent_id IS NOT DISTINCT FROM sqlc.narg(parent_id)::bigint;

-- name: AdminIsInSubtree :one
-- Whether @candidate is @root or one of its descendants: walks up from the candidate, which is cheap (a path,
-- not a subtree). UNION, not UNION ALL: should a cycle ever exist, the walk still ends.
WITH RECURSIVE up AS (
    SELECT c.id, c.parent_id FROM categories c WHERE c.id = @candidate::bigint
    UNION
    SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id
)
SELECT EXISTS (SELECT 1 FROM up WHERE up.id = @root::bigint);

-- name: AdminInsertCategory :one
INSERT INTO categories (name, slug, parent_id, position)
VALUES (@name, @slug, sqlc.narg(parent_id), @position)
RETURNING id;

-- name: AdminUpdateCategory :exec
UPDATE categories
SET name = @name, slug = @slug, parent_id = sqlc.narg(parent_id), position = @position, updated_at = now()
WHERE id = @id;

-- name: AdminDeleteCategory :exec
DELETE FROM categories WHERE id = @id;

-- name: AdminGetProduct :one
SELECT p.id, p.category_id, p.slug, p.name, p.description, p.price, p.old_price, (SELECT coalesce(sum(v.stock), 0) FROM product_variants v WHERE v.product_id = p.id)::integer AS stock,
       p.is_active, p.marked_fur,
       p.attributes, p.version, p.created_at, p.updated_at, c.slug AS category_slug, c.name AS category_name
FROM products p JOIN categories c ON c.id = p.category_id
WHERE p.id = @id;

-- name: AdminLockProduct :one
-- The product as it is now, locked until commit. NO KEY UPDATE, as orders take it (stock.sql): an order and
-- a staff change of the same product queue behind each other, while carts (whose foreign keys share-lock the
-- product) never wait. Under READ COMMITTED the row read here is the latest committed one, so a second of two
-- edits racing from the same version sees the first one's new version.
SELECT p.id, p.category_id, p.slug, p.name, p.description, p.price, p.old_price, (SELECT coalesce(sum(v.stock), 0) FROM product_variants v WHERE v.product_id = p.id)::integer AS stock,
       p.is_active, p.marked_fur,
       p.attributes, p.version, p.created_at, p.updated_at, c.slug AS category_slug, c.name AS category_name
FROM products p JOIN categories c ON c.id = p.category_id
WHERE p.id = @id
FOR NO KEY UPDATE OF p;

-- name: AdminProductSlugTaken :one
SELECT EXISTS (SELECT 1 FROM products WHERE slug = @slug AND id <> @except_id);

-- name: AdminInsertProduct :one
INSERT INTO products (category_id, slug, name, description, price, old_price, is_active, marked_fur, attributes)
VALUES (@category_id, @slug, @name, @description, @price, sqlc.narg(old_price), @is_active, @marked_fur, @attributes)
RETURNING id, version, created_at, updated_at;

-- name: AdminUpdateProduct :one
-- The whole product, written only while it still has the version the change was made from: of two staff
-- saving the same version, one wins and the other hears of it (no rows) instead of overwriting silently.
UPDATE products
SET category_id = @category_id, slug = @slug, name = @name, description = @description, price = @price,
    old_price = sqlc.narg(old_price), is_active = @is_active, marked_fur = @marked_fur,
    attributes = @attributes, version = version + 1, updated_at = now()
WHERE id = @id AND version = @version
RETURNING version, updated_at;

-- name: AdminSetVariantStock :exec
-- Stock only (the variant is locked by AdminLockVariant); announced after commit like every stock change
-- (docs/moving-parts.md).
UPDATE product_variants SET stock = @stock, updated_at = now() WHERE id = @id;

-- name: AdminBumpProductVersion :exec
-- A change of a product's variants or stock is a change of the product: staff editing it from an older version
-- hear of it.
UPDATE products SET version = version + 1, updated_at = now() WHERE id = @id;

-- name: AdminDeleteProduct :execrows
DELETE FROM products WHERE id = @id;

-- name: AdminListProducts :many
-- The back office listing: inactive products too, the public filters, and a text match on name or slug. One
-- statement sorts by any key (staff list far less often than customers browse, so no index per order); the
-- final id keeps the order total. total counts the matches over all pages.
SELECT p.id, p.category_id, p.slug, p.name, p.price, p.old_price, (SELECT coalesce(sum(v.stock), 0) FROM product_variants v WHERE v.product_id = p.id)::integer AS stock,
       p.is_active, p.marked_fur, p.version,
       p.created_at, p.updated_at, c.slug AS category_slug, c.name AS category_name,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image,
       count(*) OVER () AS total
FROM products p JOIN categories c ON c.id = p.category_id
WHERE (sqlc.narg(category_ids)::bigint[] IS NULL OR p.category_id = ANY (sqlc.narg(category_ids)::bigint[]))
  AND p.price BETWEEN @min_price AND @max_price
  AND (sqlc.narg(is_active)::boolean IS NULL OR p.is_active = sqlc.narg(is_active)::boolean)
  AND (sqlc.narg(in_stock)::boolean IS NULL OR sqlc.narg(in_stock)::boolean =
       EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.is_active AND v.stock > 0))
  AND (sqlc.narg(on_sale)::boolean IS NULL OR sqlc.narg(on_sale)::boolean = (p.list_old_price IS NOT NULL))
  AND (sqlc.narg(pattern)::text IS NULL OR p.name ILIKE sqlc.narg(pattern)::text ESCAPE '\'
       OR p.slug ILIKE sqlc.narg(pattern)::text ESCAPE '\')
ORDER BY CASE WHEN @sort::text = 'price' THEN p.price END,
         CASE WHEN @sort::text = '-price' THEN p.price END DESC,
         CASE WHEN @sort::text = 'name' THEN p.name END,
         CASE WHEN @sort::text = '-name' THEN p.name END DESC,
         CASE WHEN @sort::text = 'created' THEN p.created_at END,
         CASE WHEN @sort::text = '-created' THEN p.created_at END DESC,
         CASE WHEN @sort::text LIKE '-%' THEN p.id END DESC,
         p.id
LIMIT @page_size OFFSET @skip;

-- name: AdminInsertStockMovement :one
INSERT INTO stock_movements (product_id, variant_id, delta, stock_after, reason, actor_id)
VALUES (@product_id, @variant_id, @delta, @stock_after, @reason, sqlc.narg(actor_id))
RETURNING id, created_at;

-- name: AdminListStockMovements :many
-- total counts the product's movements over all pages.
-- The actors' e-mails are the account package's to tell.
SELECT m.id, m.variant_id, m.delta, m.stock_after, m.reason, m.actor_id, m.created_at, count(*) OVER () AS total
FROM stock_movements m
WHERE m.product_id = @product_id
ORDER BY m.created_at DESC, m.id DESC
LIMIT @page_size OFFSET @skip;

-- name: AdminProductExists :one
SELECT EXISTS (SELECT 1 FROM products WHERE id = @id);

