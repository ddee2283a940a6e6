-- name: ExportProducts :many
-- One batch of products.csv in id order after after_id, each product with its category's path from the root,
-- e.g. «Женщинам / Шубы / Норковые», and its stock over all variants. Inactive products included.
WITH RECURSIVE paths (id, path) AS (
    SELECT c.id, c.name::text FROM categories c WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id, paths.path || ' / ' || c.name FROM categories c JOIN paths ON c.parent_id = paths.id
)
SELECT p.id, p.slug, p.name, coalesce(paths.path, '')::text AS category_path, p.price, p.old_price,
       (SELECT coalesce(sum(v.stock), 0) FROM product_variants v WHERE v.product_id = p.id)::integer AS stock,
       p.is_active, p.marked_fur
FROM products p LEFT JOIN paths ON paths.id = p.category_id
WHERE p.id > @after_id
ORDER BY p.id
LIMIT @batch_size;
