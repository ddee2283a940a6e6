-- name: ListCategories :many
-- The whole tree in display order; the catalog keeps it in memory and rebuilds it when the catalog changes.
SELECT id, parent_id, name, slug, position, meta_title, meta_description
FROM categories
ORDER BY position, name, id;

-- name: UpsertCategory :one
-- Meta the file does not give stays as it is (staff may have set it).
INSERT INTO categories (name, slug, parent_id, position, meta_title, meta_description)
VALUES (@name, @slug, @parent_id, @position, sqlc.narg(meta_title), sqlc.narg(meta_description))
ON CONFLICT (slug) DO UPDATE
SET name = excluded.name, parent_id = excluded.parent_id, position = excluded.position,
    meta_title = coalesce(excluded.meta_title, categories.meta_title),
    meta_description = coalesce(excluded.meta_description, categories.meta_description), updated_at = now()
RETURNING id;

-- name: SitemapCategories :many
-- Every category, for /sitemap.xml, with when it last changed.
SELECT slug, updated_at FROM categories ORDER BY id;

-- name: AdminSetCategoryMeta :execrows
-- What staff set a search engine to be shown of a category's page (null: made from its place in the tree).
UPDATE categories SET meta_title = sqlc.narg(meta_title), meta_description = sqlc.narg(meta_description), updated_at = now()
WHERE id = @id;

-- name: AdminCategoryMeta :one
SELECT meta_title, meta_description FROM categories WHERE id = @id FOR UPDATE;
