-- name: GetUserCartID :one
SELECT id FROM carts WHERE user_id = @user_id;

-- name: GetGuestCartID :one
SELECT id FROM carts WHERE token_hash = @token_hash;

-- name: CreateUserCart :one
-- Two first requests of one user may race here; the second takes the cart the first made.
INSERT INTO carts (user_id) VALUES (@user_id)
ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
RETURNING id;

-- name: CreateGuestCart :one
INSERT INTO carts (token_hash) VALUES (@token_hash) RETURNING id;

-- name: LockCart :one
-- Serialises work on one cart (an order being placed from it, a merge into it).
SELECT id FROM carts WHERE id = @id FOR UPDATE;

-- name: TouchCart :exec
UPDATE carts SET updated_at = now() WHERE id = @id;

-- name: DeleteCart :exec
DELETE FROM carts WHERE id = @id;

-- name: ListCartLines :many
-- The cart with each product's current state: price, stock and whether it is still sold.
SELECT ci.id, ci.product_id, ci.quantity, p.slug, p.name, p.price, p.old_price, p.stock, p.is_active, p.category_id,
       cat.slug AS category_slug, cat.name AS category_name,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image
FROM cart_items ci
JOIN products p ON p.id = ci.product_id
JOIN categories cat ON cat.id = p.category_id
WHERE ci.cart_id = @cart_id
ORDER BY ci.added_at, ci.id;

-- name: GetCartQuantity :one
SELECT quantity FROM cart_items WHERE cart_id = @cart_id AND product_id = @product_id;

-- name: AddCartItem :one
-- Adds to a line in one statement, only while the product is sold and the new quantity fits its stock; no row
-- back means it did not fit (the caller then reads why). One statement is atomic: no transaction, no lock.
INSERT INTO cart_items (cart_id, product_id, quantity)
SELECT @cart_id, p.id, @quantity FROM products p
WHERE p.id = @product_id AND p.is_active AND p.stock >= @quantity AND @quantity <= @max_quantity::integer
ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
WHERE cart_items.quantity + excluded.quantity <= least(@max_quantity::integer,
      (SELECT p.stock FROM products p WHERE p.id = excluded.product_id AND p.is_active))
RETURNING quantity;

-- name: UpsertCartItem :exec
INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (@cart_id, @product_id, @quantity)
ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity;

-- name: DeleteCartItem :execrows
DELETE FROM cart_items WHERE cart_id = @cart_id AND product_id = @product_id;

-- name: TakeUserCart :many
-- Empties a user's cart for an order and returns what it held, in one statement. A second order racing from
-- the same cart waits on these rows and then finds them gone: it gets an empty cart, not the same lines.
DELETE FROM cart_items
WHERE cart_id = (SELECT id FROM carts WHERE user_id = @user_id)
RETURNING product_id, quantity;

-- name: MergeCartItems :exec
-- Moves a guest cart's lines into a user's cart: quantities add up, capped by the stock of the moment and by
-- the per-line limit; a line already over the stock keeps its quantity (the cart shows it, the order refuses
-- it). Products no longer sold or sold out are left behind.
INSERT INTO cart_items (cart_id, product_id, quantity)
SELECT @into_cart_id, g.product_id, least(g.quantity, p.stock, @max_quantity::integer)
FROM cart_items g JOIN products p ON p.id = g.product_id
WHERE g.cart_id = @from_cart_id AND p.is_active AND p.stock > 0
ON CONFLICT (cart_id, product_id) DO UPDATE
SET quantity = greatest(cart_items.quantity, least(cart_items.quantity + excluded.quantity,
                        (SELECT stock FROM products WHERE id = excluded.product_id), @max_quantity::integer));

-- name: DeleteOldGuestCarts :execrows
DELETE FROM carts WHERE user_id IS NULL AND updated_at < @before;

-- name: GetProductStock :one
SELECT stock, is_active, name FROM products WHERE id = @id;

-- name: ListUserCartLines :many
-- A signed-in user's cart in one statement (GET /api/cart is read far more often than it is changed). The
-- category comes along: the in-memory tree is rebuilt after every order (any catalog change), which the cart
-- has no need to wait for.
SELECT ci.id, ci.product_id, ci.quantity, p.slug, p.name, p.price, p.old_price, p.stock, p.is_active, p.category_id,
       cat.slug AS category_slug, cat.name AS category_name,
       coalesce((SELECT i.path FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), '')::text AS image
FROM carts c
JOIN cart_items ci ON ci.cart_id = c.id
JOIN products p ON p.id = ci.product_id
JOIN categories cat ON cat.id = p.category_id
WHERE c.user_id = @user_id
ORDER BY ci.added_at, ci.id;
