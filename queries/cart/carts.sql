-- Carts hold variant ids and quantities; whether a variant is sold, its price and stock are the catalog's to
-- say (catalog.Service.Summaries, catalog.Service.Availability).

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

-- name: ListCartItems :many
SELECT id, variant_id, quantity FROM cart_items WHERE cart_id = @cart_id ORDER BY added_at, id;

-- name: ListUserCartItems :many
-- A signed-in user's cart lines in one statement (GET /api/cart is read far more often than it is changed).
SELECT ci.id, ci.variant_id, ci.quantity
FROM carts c JOIN cart_items ci ON ci.cart_id = c.id
WHERE c.user_id = @user_id
ORDER BY ci.added_at, ci.id;

-- name: AddToUserCart :many
-- A signed-in user's add, in one round trip: the line grows only while it stays within @max_quantity (the least
-- of the stock the catalog reported and the per-line limit), and the cart's lines come back, the one just added
-- or grown marked. No line marked means nothing was added: the user has no cart yet, or it did not fit. (The
-- other lines are read as they were when the statement began, which is all this request can promise anyway.)
WITH cart AS (
    SELECT id FROM carts WHERE user_id = @user_id
), added AS (
    INSERT INTO cart_items (cart_id, variant_id, quantity)
    SELECT cart.id, @variant_id, @quantity FROM cart WHERE @quantity <= @max_quantity::integer
    ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
    WHERE cart_items.quantity + excluded.quantity <= @max_quantity::integer
    RETURNING id, variant_id, quantity, added_at
)
SELECT a.id, a.variant_id, a.quantity, a.added_at, true AS added FROM added a
UNION ALL
SELECT ci.id, ci.variant_id, ci.quantity, ci.added_at, false FROM cart_items ci JOIN cart ON ci.cart_id = cart.id
WHERE ci.variant_id <> @variant_id
ORDER BY added_at, id;

-- name: GetCartQuantity :one
SELECT quantity FROM cart_items WHERE cart_id = @cart_id AND variant_id = @variant_id;

-- name: AddCartItem :one
-- Adds to a line in one statement, only while the new quantity stays within @max_quantity (the least of the
-- stock the catalog reported and the per-line limit); no row back means it did not fit.
INSERT INTO cart_items (cart_id, variant_id, quantity)
SELECT @cart_id, @variant_id, @quantity WHERE @quantity <= @max_quantity::integer
ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity
WHERE cart_items.quantity + excluded.quantity <= @max_quantity::integer
RETURNING quantity;

-- name: UpsertCartItem :exec
INSERT INTO cart_items (cart_id, variant_id, quantity) VALUES (@cart_id, @variant_id, @quantity)
ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity;

-- name: DeleteCartItem :execrows
DELETE FROM cart_items WHERE cart_id = @cart_id AND variant_id = @variant_id;

-- name: TakeUserCart :many
-- Empties a user's cart for an order and returns what it held, in one statement. A second order racing from
-- the same cart waits on these rows and then finds them gone: it gets an empty cart, not the same lines.
DELETE FROM cart_items
WHERE cart_id = (SELECT id FROM carts WHERE user_id = @user_id)
RETURNING variant_id, quantity;

-- name: MergeCartItems :exec
-- Moves a guest cart's lines into a user's cart. @caps is, per variant, the most a line of it may hold: the
-- least of the catalog's stock and the per-line limit, 0 for a variant no longer sold (left behind).
-- Quantities add up within the cap; a line already over it keeps its quantity (the cart shows it, the order
-- refuses it). One statement, so a customer adding to the same cart meanwhile loses nothing.
WITH v AS (
    SELECT unnest(@variant_ids::bigint[]) AS variant_id, unnest(@quantities::integer[]) AS quantity,
           unnest(@caps::integer[]) AS cap
)
INSERT INTO cart_items (cart_id, variant_id, quantity)
SELECT @into_cart_id, v.variant_id, least(v.quantity, v.cap) FROM v WHERE v.cap > 0
ON CONFLICT (cart_id, variant_id) DO UPDATE
SET quantity = greatest(cart_items.quantity, least(cart_items.quantity + excluded.quantity,
                        (SELECT v.cap FROM v WHERE v.variant_id = excluded.variant_id)));

-- name: DeleteOldGuestCarts :execrows
DELETE FROM carts WHERE user_id IS NULL AND updated_at < @before;
