-- Product pictures as the back office manages them (catalog.Admin: UploadPicture, ArrangePictures, DeletePicture).

-- name: LockPictureProduct :one
-- Every change to a product's pictures locks the product row first, so that two changes to the same product
-- (two uploads racing for the next position, an upload and an arrange) take turns. FOR NO KEY UPDATE, not
-- FOR UPDATE: it does not block the KEY SHARE locks that inserting a row referencing the product takes
-- (cart lines, the pictures themselves).
SELECT id FROM products WHERE id = @id FOR NO KEY UPDATE;

-- name: LockPictureFile :exec
-- Serialises everything that adds or drops a reference to one stored picture file (keyed by its original's
-- path), so that a delete never removes files an upload of the same bytes is about to point a row at.
SELECT pg_advisory_xact_lock(hashtextextended(@path::text, 0));

-- name: ListProductPictures :many
SELECT id, path, card_path, thumb_path, width, height, position
FROM product_images
WHERE product_id = @product_id
ORDER BY position, id;

-- name: InsertProductPicture :one
-- The new picture goes last. The product row is locked (LockPictureProduct), so max(position) cannot move
-- under us.
INSERT INTO product_images (product_id, path, card_path, thumb_path, width, height, position)
VALUES (@product_id, @path, @card_path, @thumb_path, @width, @height,
        (SELECT coalesce(max(position) + 1, 0) FROM product_images WHERE product_id = @product_id))
RETURNING id, position;

-- name: DeleteProductPicture :one
DELETE FROM product_images
WHERE id = @id AND product_id = @product_id
RETURNING path, card_path, thumb_path;

-- name: SetProductPicturePositions :exec
-- Numbers the product's pictures 0…n-1 in the order of @ids. The caller has checked that @ids lists exactly
-- the product's pictures.
UPDATE product_images AS i
SET position = o.n - 1
FROM unnest(@ids::bigint[]) WITH ORDINALITY AS o(id, n)
WHERE i.id = o.id AND i.product_id = @product_id AND i.position <> o.n - 1;

-- name: PictureFileInUse :one
-- Whether any picture row still points at a stored file, as its original or as a variant: files are named by
-- content, so two rows (two products, or an import and an upload) can share one.
SELECT EXISTS (
    SELECT 1 FROM product_images WHERE path = @file::text OR card_path = @file::text OR thumb_path = @file::text
);

-- name: PicturesWithoutSizes :many
-- Stored files some picture row lacks the variants or the size of (rows imported before migration 00018), a
-- page at a time in path order, for `furstore pictures`.
SELECT DISTINCT path
FROM product_images
WHERE (card_path IS NULL OR thumb_path IS NULL OR width IS NULL) AND path > @after::text
ORDER BY path
LIMIT @max;

-- name: SetPictureSizes :execrows
-- Records the variants and size of a stored file on every row that shows it and lacks them. The caller holds
-- the file's lock (LockPictureFile), so no delete removes the files meanwhile.
UPDATE product_images
SET card_path = @card_path, thumb_path = @thumb_path, width = @width, height = @height
WHERE path = @path AND (card_path IS NULL OR thumb_path IS NULL OR width IS NULL);
