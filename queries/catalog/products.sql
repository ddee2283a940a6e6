-- name: GetActiveProduct :one
-- The product card. Pictures come along as JSON in their order, and the variants on sale as JSON, in size
-- order (numeric), then height, then colour, so a card is one round trip.
SELECT p.id, p.slug, p.name, p.description, p.price, p.old_price, p.category_id, p.attributes,
       coalesce((SELECT jsonb_agg(jsonb_build_object('path', i.path, 'card_path', i.card_path,
                                                     'thumb_path', i.thumb_path, 'width', i.width,
                                                     'height', i.height, 'alt', i.alt)
                                  ORDER BY i.position, i.id)
                 FROM product_images i WHERE i.product_id = p.id), '[]')::jsonb AS pictures,
       coalesce((SELECT jsonb_agg(jsonb_build_object('id', v.id, 'sku', v.sku, 'size', v.size, 'height', v.height,
                                                     'color', v.color, 'price', v.price, 'old_price', v.old_price,
                                                     'stock', v.stock)
                                  ORDER BY v.size::integer NULLS FIRST, v.height NULLS FIRST, v.color NULLS FIRST, v.id)
                 FROM product_variants v WHERE v.product_id = p.id AND v.is_active), '[]')::jsonb AS variants,
       p.meta_title, p.meta_description
FROM products p
WHERE p.id = @id AND p.is_active;

-- name: GetActiveProductIDBySlug :one
SELECT id FROM products WHERE slug = @slug AND is_active;

-- name: CountProducts :one
SELECT count(*) FROM products;

-- name: UpsertProduct :batchone
-- Import: a product is known by its slug; importing it again updates it in place.
-- Meta the file does not give stays as it is (staff may have set it).
INSERT INTO products (category_id, slug, name, description, price, old_price, is_active, marked_fur, attributes,
                      meta_title, meta_description)
VALUES (@category_id, @slug, @name, @description, @price, @old_price, @is_active, @marked_fur, @attributes,
        sqlc.narg(meta_title), sqlc.narg(meta_description))
ON CONFLICT (slug) DO UPDATE
SET category_id = excluded.category_id, name = excluded.name, description = excluded.description,
    price = excluded.price, old_price = excluded.old_price, is_active = excluded.is_active,
    marked_fur = excluded.marked_fur, attributes = excluded.attributes,
    meta_title = coalesce(excluded.meta_title, products.meta_title),
    meta_description = coalesce(excluded.meta_description, products.meta_description),
    version = products.version + 1, updated_at = now()
RETURNING id;

-- name: UpsertVariant :batchone
-- Import: a variant is known by its product and its size, height and colour; importing it again updates it
-- and puts it back on sale. A SKU the file gives replaces the variant's; without one, a new variant gets
-- generated_sku and an existing one keeps its own (staff may have set it).
INSERT INTO product_variants (product_id, sku, size, height, color, price, old_price, stock)
VALUES (@product_id, coalesce(sqlc.narg(sku)::text, @generated_sku::text), sqlc.narg(size), sqlc.narg(height),
        sqlc.narg(color), sqlc.narg(price), sqlc.narg(old_price), @stock)
ON CONFLICT (product_id, coalesce(size, ''), coalesce(height, ''), coalesce(color, '')) DO UPDATE
SET sku = coalesce(sqlc.narg(sku)::text, product_variants.sku), price = excluded.price, old_price = excluded.old_price,
    stock = excluded.stock, is_active = true, updated_at = now()
RETURNING id;

-- name: DeleteProductImages :batchexec
DELETE FROM product_images WHERE product_id = @product_id;

-- name: InsertProductImage :batchexec
INSERT INTO product_images (product_id, path, card_path, thumb_path, width, height, position)
VALUES (@product_id, @path, @card_path, @thumb_path, @width, @height, @position);

-- name: NotifyCatalogChanged :exec
-- Sent after a commit that changed only stock, which the products trigger leaves to us (docs/moving-parts.md).
SELECT pg_notify('catalog_changed', '');

-- name: VariantOffers :many
-- What other packages show of variants (a cart's lines): each with its product as it is now, sold or not, its
-- category and main picture (img, all null when it has none), and the price that applies (its own, else the
-- product's). Variants since deleted are simply missing. The variants are those named by id, and every variant of product @product_id (a client
-- that names only the product), in size order.
SELECT v.id AS variant_id, v.sku, v.size, v.height, v.color, v.stock, (v.is_active AND p.is_active)::boolean AS active,
       coalesce(v.price, p.price)::bigint AS price,
       coalesce(CASE WHEN v.price IS NULL THEN p.old_price ELSE v.old_price END, -1)::bigint AS old_price, -- -1: none
       p.id AS product_id, p.slug, p.name, p.category_id, p.marked_fur, cat.slug AS category_slug, cat.name AS category_name,
       coalesce(img.path, '')::text AS image, img.card_path, img.thumb_path,
       img.width AS picture_width, img.height AS picture_height, img.alt AS picture_alt
FROM product_variants v JOIN products p ON p.id = v.product_id JOIN categories cat ON cat.id = p.category_id
    LEFT JOIN LATERAL (SELECT i.path, i.card_path, i.thumb_path, i.width, i.height, i.alt FROM product_images i
                       WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1) img ON true
WHERE v.id = ANY (@ids::bigint[]) OR v.product_id = @product_id
ORDER BY v.product_id, v.size::integer NULLS FIRST, v.height NULLS FIRST, v.color NULLS FIRST, v.id;

-- name: VariantAvailability :many
-- Whether variants are sold and how many are in stock, read fresh (a cart checks what it may hold).
SELECT v.id, p.name, v.stock, (v.is_active AND p.is_active)::boolean AS active
FROM product_variants v JOIN products p ON p.id = v.product_id
WHERE v.id = ANY (@ids::bigint[]);


-- name: SitemapProducts :many
-- The active products, for /sitemap.xml, with when they last changed.
SELECT slug, updated_at FROM products WHERE is_active ORDER BY id;

-- name: AdminSetProductMeta :one
-- What staff set a search engine to be shown of a product's page (null: made from the product); a change of
-- the product, so its version goes up.
UPDATE products SET meta_title = sqlc.narg(meta_title), meta_description = sqlc.narg(meta_description),
    version = version + 1, updated_at = now()
WHERE id = @id
RETURNING version;
