-- name: LockIdempotencyKey :exec
-- Serialises requests that carry the same Idempotency-Key from the same customer: the second waits here until
-- the first commits or rolls back, then finds its order (or none) with GetOrderByKey. The unique constraint on
-- (user_id, idempotency_key) stays as the backstop.
SELECT pg_advisory_xact_lock(hashtextextended(format('%s:%s', @user_id::bigint, @idempotency_key::text), 7241));

-- name: LockProductsForOrder :many
-- Locks the ordered products in id order, so that two orders touching the same products in any order never
-- deadlock; the order then checks and takes stock under the locks. NO KEY UPDATE, not UPDATE: orders queue
-- behind each other, but other customers' carts (whose foreign key share-locks the product) do not wait.
SELECT id, name, price, stock, is_active FROM products WHERE id = ANY (@ids::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: TakeStock :exec
-- The CHECK (stock >= 0) on products is the last line of defence; the locks above make it unreachable.
UPDATE products p SET stock = p.stock - v.quantity
FROM (SELECT unnest(@ids::bigint[]) AS id, unnest(@quantities::integer[]) AS quantity) AS v
WHERE p.id = v.id;

-- name: ReturnStock :exec
-- Gives back the stock of a cancelled order; LockOrderProducts has locked the rows in id order first.
UPDATE products p SET stock = p.stock + v.quantity
FROM (SELECT oi.product_id AS id, sum(oi.quantity)::integer AS quantity
      FROM order_items oi WHERE oi.order_id = @order_id AND oi.product_id IS NOT NULL
      GROUP BY oi.product_id ORDER BY oi.product_id) AS v
WHERE p.id = v.id;

-- name: InsertOrder :one
-- The order, its lines at the prices of the moment and its first history entry, in one statement, once the
-- stock is taken and the total known.
WITH o AS (
    INSERT INTO orders (user_id, phone_number, requires_delivery, delivery_address, payment_on_get, total, idempotency_key)
    VALUES (@user_id, @phone_number, @requires_delivery, @delivery_address, @payment_on_get, @total, @idempotency_key)
    RETURNING id, created_at
), items AS (
    INSERT INTO order_items (order_id, product_id, name, price, quantity)
    SELECT o.id, unnest(@product_ids::bigint[]), unnest(@names::text[]), unnest(@prices::bigint[]), unnest(@quantities::integer[])
    FROM o
), history AS (
    INSERT INTO order_status_history (order_id, status, changed_by)
    SELECT o.id, 'processing', @user_id FROM o
)
SELECT id, created_at FROM o;

-- name: InsertStatusHistory :exec
INSERT INTO order_status_history (order_id, status, changed_by, note) VALUES (@order_id, @status, @changed_by, @note);

-- name: GetOrderByKey :one
SELECT id FROM orders WHERE user_id = @user_id AND idempotency_key = @idempotency_key;

-- name: GetUserOrder :one
SELECT * FROM orders WHERE id = @id AND user_id = @user_id;

-- name: LockUserOrder :one
SELECT * FROM orders WHERE id = @id AND user_id = @user_id FOR UPDATE;

-- name: SetOrderStatus :exec
UPDATE orders SET status = @status, updated_at = now() WHERE id = @id;

-- name: CountUserOrders :one
SELECT count(*) FROM orders WHERE user_id = @user_id;

-- name: ListUserOrders :many
SELECT * FROM orders WHERE user_id = @user_id ORDER BY created_at DESC, id DESC LIMIT @page_size OFFSET @skip;

-- name: ListOrderItems :many
SELECT order_id, product_id, name, price, quantity FROM order_items WHERE order_id = ANY (@order_ids::bigint[]) ORDER BY order_id, id;

-- name: ListStatusHistory :many
SELECT order_id, status, changed_at FROM order_status_history WHERE order_id = ANY (@order_ids::bigint[]) ORDER BY order_id, changed_at, id;

-- name: LockOrderProducts :exec
-- Before stock goes back, lock the products in id order, as placing an order does: never a deadlock.
SELECT id FROM products WHERE id IN (SELECT product_id FROM order_items WHERE order_id = @order_id) ORDER BY id FOR NO KEY UPDATE;
