-- +goose Up
-- What a storefront needs of a picture besides its URL (issue 12): the original's size in pixels, and its
-- alternative text. width and height are recorded at upload and at import; null for a row stored before this
-- migration until `furstore pictures` fills them in. alt is what staff set; null: made from the product's name
-- (package catalog). Owner: package catalog.
ALTER TABLE product_images
    ADD COLUMN width integer CHECK (width > 0),
    ADD COLUMN height integer CHECK (height > 0),
    ADD COLUMN alt text CHECK (alt <> '' AND length(alt) <= 300),
    ADD CONSTRAINT product_images_size_known CHECK ((width IS NULL) = (height IS NULL));
COMMENT ON COLUMN product_images.card_path IS
    'The card variant (800 px), made at upload and, since migration 00018, at import; null for a picture imported before, until `furstore pictures` makes it.';
COMMENT ON COLUMN product_images.thumb_path IS
    'The thumbnail variant (240 px), made with the card; null when the card is.';

-- +goose Down
COMMENT ON COLUMN product_images.card_path IS NULL;
COMMENT ON COLUMN product_images.thumb_path IS NULL;
ALTER TABLE product_images DROP CONSTRAINT product_images_size_known,
    DROP COLUMN width, DROP COLUMN height, DROP COLUMN alt;
