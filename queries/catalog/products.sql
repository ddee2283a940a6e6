-- name: GetActiveProduct :one
-- The product card. Pictures come along as an ordered array, so a card is one round trip.
SELECT p.id, p.slug, p.name, p.description, p.price, p.old_price, p.stock, p.category_id, p.attributes,
       array(SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id)::text[] AS images
FROM products p
WHERE p.id = @id AND p.is_active;

-- name: GetActiveProductIDBySlug :one
SELECT id FROM products WHERE slug = @slug AND is_active;

-- name: CountProducts :one
SELECT count(*) FROM products;

-- name: UpsertProduct :batchone
-- Import: a product is known by its slug; importing it again updates it in place.
INSERT INTO products (category_id, slug, name, description, price, old_price, stock, is_active, marked_fur, attributes)
VALUES (@category_id, @slug, @name, @description, @price, @old_price, @stock, @is_active, @marked_fur, @attributes)
ON CONFLICT (slug) DO UPDATE
SET category_id = excluded.category_id, name = excluded.name, description = excluded.description,
    price = excluded.price, old_price = excluded.old_price, stock = excluded.stock, is_active = excluded.is_active,
    marked_fur = excluded.marked_fur, attributes = excluded.attributes,
    version = products.version + 1, updated_at = now()
RETURNING id;

-- name: DeleteProductImages :batchexec
DELETE FROM product_images WHERE product_id = @product_id;

-- name: InsertProductImage :batchexec
INSERT INTO product_images (product_id, path, position) VALUES (@product_id, @path, @position);

-- name: NotifyCatalogChanged :exec
-- Sent after a commit that changed only stock, which the products trigger leaves to us (docs/moving-parts.md).
SELECT pg_notify('catalog_changed', '');

-- name: ProductSummaries :many
-- What other packages show of products (a cart's lines): each as it is now, sold or not, with its category and
-- main picture. Products since deleted are simply missing.
SELECT p.id, p.slug, p.name, p.price, p.old_price, p.stock, p.is_active, p.category_id,
       cat.slug AS category_slug, cat.name AS category_name,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image
FROM products p JOIN categories cat ON cat.id = p.category_id
WHERE p.id = ANY (@ids::bigint[]);

-- name: ProductAvailability :many
-- Whether products are sold and how many are in stock, read fresh (a cart checks what it may hold).
SELECT id, name, stock, is_active FROM products WHERE id = ANY (@ids::bigint[]);
