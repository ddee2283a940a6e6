-- +goose Up
-- Two costs found on the order write path with pg_stat_statements (bench/README.md):
--
-- ClaimMail orders due mail by (next_attempt_at, id); with only next_attempt_at in the index PostgreSQL sorted
-- every pending row on each claim (3.2 ms with a few thousand queued during the order benchmark).
DROP INDEX mail_outbox_due_idx;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, id) WHERE status = 'pending';

-- An order line names its product by id, name and price as they were. The foreign key to products made every
-- line re-check (and share-lock) a product row the order had just locked, and would have rewritten history
-- (SET NULL) when a product is deleted. The line keeps the id as it was, whether or not the product remains.
ALTER TABLE order_items DROP CONSTRAINT order_items_product_id_fkey;

-- +goose Down
ALTER TABLE order_items ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE SET NULL;
DROP INDEX mail_outbox_due_idx;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
