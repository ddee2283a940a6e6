-- Lock order (docs/moving-parts.md): an order's row first, then its products in id order (the catalog takes
-- them), then its payments and refunds (the payment package). Every path that changes an order keeps it.

-- name: LockIdempotencyKey :exec
-- Serialises requests that carry the same Idempotency-Key from the same customer: the second waits here until
-- the first commits or rolls back, then finds its order (or none) with GetOrderByKey. The unique constraint on
-- (user_id, idempotency_key) stays as the backstop.
SELECT pg_advisory_xact_lock(hashtextextended(format('%s:%s', @user_id::bigint, @idempotency_key::text), 7241));

-- name: GetOrderByKey :one
SELECT id FROM orders WHERE user_id = @user_id AND idempotency_key = @idempotency_key;

-- name: InsertOrder :one
-- The order and its lines at the prices of the moment, in one statement, once the stock is taken and the total
-- known. The order's first status («В обработке», set by its customer at created_at) is the order row itself:
-- the history holds the changes after it, so placing an order writes no history row (bench/README.md: one
-- row, two index entries and one foreign-key check fewer on the busiest write path).
WITH o AS (
    INSERT INTO orders (user_id, phone_number, requires_delivery, delivery_address, payment_on_get, total, idempotency_key)
    VALUES (@user_id, @phone_number, @requires_delivery, @delivery_address, @payment_on_get, @total, @idempotency_key)
    RETURNING id, created_at
), items AS (
    INSERT INTO order_items (order_id, product_id, variant_id, sku, size, height, color, name, slug, image, price,
                             quantity, marked_fur)
    SELECT o.id, unnest(@product_ids::bigint[]), unnest(@variant_ids::bigint[]), unnest(@skus::text[]),
           nullif(unnest(@sizes::text[]), ''), nullif(unnest(@heights::text[]), ''), nullif(unnest(@colors::text[]), ''),
           unnest(@names::text[]), unnest(@slugs::text[]), unnest(@images::text[]), unnest(@prices::bigint[]),
           unnest(@quantities::integer[]), unnest(@marked_fur::boolean[])
    FROM o
    RETURNING id, variant_id
)
SELECT o.id, o.created_at, array(SELECT items.id FROM items ORDER BY items.id)::bigint[] AS item_ids,
       array(SELECT items.variant_id FROM items ORDER BY items.id)::bigint[] AS item_variant_ids
FROM o;

-- name: LockOrder :one
-- The order's row, locked until commit: the first lock of every change to an order.
SELECT * FROM orders WHERE id = @id FOR UPDATE;

-- name: LockUserOrder :one
SELECT * FROM orders WHERE id = @id AND user_id = @user_id FOR UPDATE;

-- name: SetOrderStatus :exec
UPDATE orders SET status = @status, updated_at = now() WHERE id = @id;

-- name: MarkOrderPaid :exec
UPDATE orders SET is_paid = true, updated_at = now() WHERE id = @id;

-- name: InsertStatusHistory :exec
-- Written only under the order's row lock.
INSERT INTO order_status_history (order_id, status, changed_by, note) VALUES (@order_id, @status, @changed_by, @note);

-- name: GetOrder :one
SELECT * FROM orders WHERE id = @id;

-- name: GetUserOrder :one
SELECT * FROM orders WHERE id = @id AND user_id = @user_id;

-- name: CountUserOrders :one
SELECT count(*) FROM orders WHERE user_id = @user_id;

-- name: ListUserOrders :many
SELECT * FROM orders WHERE user_id = @user_id ORDER BY created_at DESC, id DESC LIMIT @page_size OFFSET @skip;

-- name: ListOrderItems :many
SELECT * FROM order_items WHERE order_id = ANY (@order_ids::bigint[]) ORDER BY order_id, id;

-- name: ListStatusHistory :many
SELECT order_id, status, changed_at, changed_by, note
FROM order_status_history WHERE order_id = ANY (@order_ids::bigint[]) ORDER BY order_id, changed_at, id;

-- name: OrderQuantities :many
-- What a cancelled order gives back: pieces per variant, in variant id order (the catalog's lock order).
SELECT variant_id, sum(quantity)::integer AS quantity
FROM order_items WHERE order_id = @order_id
GROUP BY variant_id ORDER BY variant_id;

-- name: GetOrderLines :many
-- An order's lines, run under the order's row lock (one line per variant: an order is made from a cart).
SELECT id, product_id, variant_id, quantity, marked_fur
FROM order_items
WHERE order_id = @order_id
ORDER BY id;

-- name: VariantsOrdered :one
-- Whether any order line names one of the variants (the catalog asks before it deletes one). Rare: a scan of
-- the lines beats an index every order would pay for.
SELECT EXISTS (SELECT 1 FROM order_items WHERE variant_id = ANY (@variant_ids::bigint[]));

-- name: VariantsInOpenOrders :one
-- Whether an order neither handed over nor cancelled holds one of the variants (the catalog asks before a
-- product starts or stops being sold as fur units).
SELECT EXISTS (
    SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
    WHERE oi.variant_id = ANY (@variant_ids::bigint[]) AND o.status NOT IN ('delivered', 'cancelled'));

-- name: ReturnLinePieces :execrows
-- Counts pieces of an order's line as sent back, under the order's row lock, never past what it sold.
UPDATE order_items SET returned = returned + @pieces::integer
WHERE id = @id AND order_id = @order_id AND returned + @pieces::integer <= quantity;

-- name: SetTrackingNumber :exec
UPDATE orders SET tracking_number = @tracking_number WHERE id = @id;
