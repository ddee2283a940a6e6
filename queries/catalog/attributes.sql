-- Typed characteristics (migration 00017). Products' links to them are written by the triggers alone.

-- name: LockAttributes :exec
-- Taken first by every staff write to attributes (and an import that defines some): an attribute created or
-- renamed relinks products, and the product triggers take this table in SHARE mode, so writers of attributes
-- run one at a time instead of each waiting for the other's SHARE lock. Reads and the product writes of other
-- transactions are not blocked, only queued behind the write.
LOCK TABLE attributes IN SHARE ROW EXCLUSIVE MODE;

-- name: ListAttributes :many
SELECT id, slug, name, kind, unit, filterable, position
FROM attributes
ORDER BY position, name, id;

-- name: ListAttributeValues :many
SELECT id, attribute_id, slug, value
FROM attribute_values
ORDER BY attribute_id, position, value, id;

-- name: GetAttribute :one
SELECT id, slug, name, kind, unit, filterable, position FROM attributes WHERE id = @id;

-- name: AttributeValuesOf :many
SELECT id, attribute_id, slug, value FROM attribute_values WHERE attribute_id = @attribute_id ORDER BY position, value, id;

-- name: AttributeSlugTaken :one
SELECT EXISTS (SELECT 1 FROM attributes WHERE slug = @slug AND id <> @except_id);

-- name: AttributeNameTaken :one
-- Names are one when their attribute_key is: case, spaces around and ё/е do not tell them apart.
SELECT EXISTS (SELECT 1 FROM attributes WHERE attribute_key(name) = attribute_key(@name) AND id <> @except_id);

-- name: NextAttributePosition :one
SELECT coalesce(max(position) + 1, 0)::integer FROM attributes;

-- name: InsertAttribute :one
INSERT INTO attributes (name, slug, kind, unit, filterable, position)
VALUES (@name, @slug, @kind, sqlc.narg(unit), @filterable, @position)
RETURNING id;

-- name: UpdateAttribute :exec
UPDATE attributes
SET name = @name, slug = @slug, kind = @kind, unit = sqlc.narg(unit), filterable = @filterable, position = @position,
    updated_at = now()
WHERE id = @id;

-- name: LockAttribute :one
SELECT id FROM attributes WHERE id = @id FOR UPDATE;

-- name: AttributeInUse :one
-- How many products' pairs link to the attribute.
SELECT count(DISTINCT product_id) FROM product_attribute_values WHERE attribute_id = @attribute_id;

-- name: DeleteAttribute :exec
DELETE FROM attributes WHERE id = @id;

-- name: AttributeValueTaken :one
-- Whether the attribute has a value with the slug or the same value (as attribute_key compares them).
SELECT EXISTS (SELECT 1 FROM attribute_values
               WHERE attribute_id = @attribute_id AND (slug = @slug OR attribute_key(value) = attribute_key(@value)));

-- name: AttributeValueSlugTaken :one
SELECT EXISTS (SELECT 1 FROM attribute_values WHERE attribute_id = @attribute_id AND slug = @slug);

-- name: AttributeValueExists :one
SELECT EXISTS (SELECT 1 FROM attribute_values WHERE attribute_id = @attribute_id AND attribute_key(value) = attribute_key(@value));

-- name: InsertAttributeValue :one
INSERT INTO attribute_values (attribute_id, value, slug, position)
VALUES (@attribute_id, @value, @slug,
        (SELECT coalesce(max(position) + 1, 0)::integer FROM attribute_values WHERE attribute_id = @attribute_id))
RETURNING id;

-- name: ImportAttribute :exec
-- An attribute a catalog file defines, matched by slug: created, or made as the file says.
INSERT INTO attributes (name, slug, kind, unit, filterable, position)
VALUES (@name, @slug, @kind, sqlc.narg(unit), @filterable, @position)
ON CONFLICT (slug) DO UPDATE
SET name = excluded.name, kind = excluded.kind, unit = excluded.unit, filterable = excluded.filterable,
    position = excluded.position, updated_at = now()
WHERE (attributes.name, attributes.kind, attributes.unit, attributes.filterable, attributes.position)
      IS DISTINCT FROM (excluded.name, excluded.kind, excluded.unit, excluded.filterable, excluded.position);

-- name: ListProductAttributeLinks :many
-- Every linked pair of every active product, in the pairs' order: what a listing filters and counts by. Exactly
-- one of value_id (choice), number, flag (bool) is set, as the attribute's kind says.
SELECT l.product_id, l.attribute_id, l.value_id, l.number, l.flag
FROM product_attribute_values l JOIN products p ON p.id = l.product_id
WHERE p.is_active
ORDER BY l.product_id, l.position;
