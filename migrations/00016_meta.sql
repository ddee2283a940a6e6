-- +goose Up
-- What a search engine is shown of a product's or a category's page, when staff set it (issue 12); null: made
-- from the name, price, description and place in the tree (package catalog). Owner: package catalog.
ALTER TABLE products
    ADD COLUMN meta_title text CHECK (meta_title <> '' AND length(meta_title) <= 200),
    ADD COLUMN meta_description text CHECK (meta_description <> '' AND length(meta_description) <= 500);
ALTER TABLE categories
    ADD COLUMN meta_title text CHECK (meta_title <> '' AND length(meta_title) <= 200),
    ADD COLUMN meta_description text CHECK (meta_description <> '' AND length(meta_description) <= 500);

-- +goose Down
ALTER TABLE categories DROP COLUMN meta_title, DROP COLUMN meta_description;
ALTER TABLE products DROP COLUMN meta_title, DROP COLUMN meta_description;
