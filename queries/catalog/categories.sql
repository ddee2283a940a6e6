-- name: ListCategories :many
-- The whole tree in display order; the catalog keeps it in memory and rebuilds it when the catalog changes.
SELECT id, parent_id, name, slug, position
FROM categories
ORDER BY position, name, id;

-- name: UpsertCategory :one
INSERT INTO categories (name, slug, parent_id, position)
VALUES (@name, @slug, @parent_id, @position)
ON CONFLICT (slug) DO UPDATE
SET name = excluded.name, parent_id = excluded.parent_id, position = excluded.position, updated_at = now()
RETURNING id;

-- name: SitemapCategories :many
-- Every category, for /sitemap.xml, with when it last changed.
SELECT slug, updated_at FROM categories ORDER BY id;
