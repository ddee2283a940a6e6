-- The back office's view of orders: every customer's orders, filtered, and the CSV exports.
--
-- Filters: each is off while its parameter is NULL; the time range [created_from, created_before) is always
-- given, as wide as PostgreSQL's timestamps when the caller set no bounds. These queries run with custom plans (store.CustomPlans), so
-- PostgreSQL plans each call for the filters actually given instead of one generic plan for all of them.
-- q_email is the search text lower-cased (e-mails are stored lower-case); q_phone, when the text reads as
-- (part of) a phone number, its digits: a row matches on either.

-- name: CountAdminOrders :one
SELECT count(*)
FROM orders o JOIN users u ON u.id = o.user_id
WHERE (sqlc.narg(status)::text IS NULL OR o.status = sqlc.narg(status)::text)
  AND (sqlc.narg(is_paid)::boolean IS NULL OR o.is_paid = sqlc.narg(is_paid)::boolean)
  AND (sqlc.narg(requires_delivery)::boolean IS NULL OR o.requires_delivery = sqlc.narg(requires_delivery)::boolean)
  AND o.created_at >= @created_from AND o.created_at < @created_before
  AND (sqlc.narg(q_email)::text IS NULL
       OR strpos(u.email, sqlc.narg(q_email)::text) > 0
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0
       OR strpos(u.phone, sqlc.narg(q_phone)::text) > 0);

-- name: ListAdminOrders :many
-- Newest first, walking orders_newest_idx.
SELECT sqlc.embed(o), u.email, u.first_name, u.last_name
FROM orders o JOIN users u ON u.id = o.user_id
WHERE (sqlc.narg(status)::text IS NULL OR o.status = sqlc.narg(status)::text)
  AND (sqlc.narg(is_paid)::boolean IS NULL OR o.is_paid = sqlc.narg(is_paid)::boolean)
  AND (sqlc.narg(requires_delivery)::boolean IS NULL OR o.requires_delivery = sqlc.narg(requires_delivery)::boolean)
  AND o.created_at >= @created_from AND o.created_at < @created_before
  AND (sqlc.narg(q_email)::text IS NULL
       OR strpos(u.email, sqlc.narg(q_email)::text) > 0
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0
       OR strpos(u.phone, sqlc.narg(q_phone)::text) > 0)
ORDER BY o.created_at DESC, o.id DESC
LIMIT @page_size OFFSET @skip;

-- name: GetAdminOrder :one
SELECT sqlc.embed(o), u.email, u.first_name, u.last_name
FROM orders o JOIN users u ON u.id = o.user_id
WHERE o.id = @id;

-- name: ListAdminOrderItems :many
-- A product deleted since the order is no longer known to be marked fur.
SELECT oi.id, oi.order_id, oi.product_id, oi.name, oi.price, oi.quantity, oi.fur_codes,
       coalesce(p.marked_fur, false)::boolean AS marked_fur
FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id
WHERE oi.order_id = ANY (@order_ids::bigint[])
ORDER BY oi.order_id, oi.id;

-- name: ListAdminStatusHistory :many
-- changed_by has no foreign key (migration 00009): an account since deleted shows with its id and no e-mail.
SELECT h.order_id, h.status, h.changed_at, h.changed_by, u.email AS changed_by_email, h.note
FROM order_status_history h LEFT JOIN users u ON u.id = h.changed_by
WHERE h.order_id = ANY (@order_ids::bigint[])
ORDER BY h.order_id, h.changed_at, h.id;

-- name: LockAdminOrder :one
-- Staff's changes to an order start here: the order's row first, then (on cancelling) its products in id
-- order, then its payments, the lock order every other path (placing, cancelling, paying) keeps too.
SELECT o.id, o.status, o.requires_delivery, o.delivery_address, o.is_paid, u.email, u.first_name
FROM orders o JOIN users u ON u.id = o.user_id
WHERE o.id = @id
FOR UPDATE OF o;

-- name: GetOrderLine :one
-- Run under the order's row lock (LockAdminOrder), which every writer of fur_codes takes first. An order has
-- one line per product (it is made from a cart, which has one line per product).
SELECT oi.id, oi.quantity, oi.fur_codes, coalesce(p.marked_fur, false)::boolean AS marked_fur
FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id
WHERE oi.order_id = @order_id AND oi.product_id = @product_id
ORDER BY oi.id
LIMIT 1;

-- name: SetOrderLineFurCodes :exec
-- CHECK (cardinality(fur_codes) <= quantity) is the backstop of the service's own check.
UPDATE order_items SET fur_codes = @fur_codes WHERE id = @id;

-- name: ExportAdminOrders :many
-- One batch of orders.csv, newest first from the keyset (after_created_at, after_id), exclusive; the first batch
-- starts from a key after every order. Same filters as ListAdminOrders.
SELECT o.id, o.created_at, u.first_name, u.last_name, u.email, o.phone_number, o.status, o.is_paid,
       o.payment_on_get, o.requires_delivery, o.delivery_address, o.total,
       l.lines, l.pieces, l.goods
FROM orders o JOIN users u ON u.id = o.user_id
CROSS JOIN LATERAL (
    SELECT count(*)::integer AS lines, coalesce(sum(oi.quantity), 0)::integer AS pieces,
           coalesce(string_agg(oi.name || ' × ' || oi.quantity, '; ' ORDER BY oi.id), '')::text AS goods
    FROM order_items oi
    WHERE oi.order_id = o.id
) l
WHERE (sqlc.narg(status)::text IS NULL OR o.status = sqlc.narg(status)::text)
  AND (sqlc.narg(is_paid)::boolean IS NULL OR o.is_paid = sqlc.narg(is_paid)::boolean)
  AND (sqlc.narg(requires_delivery)::boolean IS NULL OR o.requires_delivery = sqlc.narg(requires_delivery)::boolean)
  AND o.created_at >= @created_from AND o.created_at < @created_before
  AND (sqlc.narg(q_email)::text IS NULL
       OR strpos(u.email, sqlc.narg(q_email)::text) > 0
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0
       OR strpos(u.phone, sqlc.narg(q_phone)::text) > 0)
  AND (o.created_at, o.id) < (@after_created_at::timestamptz, @after_id::bigint)
ORDER BY o.created_at DESC, o.id DESC
LIMIT @batch_size;

-- name: ExportProducts :many
-- One batch of products.csv in id order after after_id, each product with its category's path from the root,
-- e.g. «Женщинам / Шубы / Норковые». Inactive products included.
WITH RECURSIVE paths (id, path) AS (
    SELECT c.id, c.name::text FROM categories c WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id, paths.path || ' / ' || c.name FROM categories c JOIN paths ON c.parent_id = paths.id
)
SELECT p.id, p.slug, p.name, coalesce(paths.path, '')::text AS category_path, p.price, p.old_price, p.stock,
       p.is_active, p.marked_fur
FROM products p LEFT JOIN paths ON paths.id = p.category_id
WHERE p.id > @after_id
ORDER BY p.id
LIMIT @batch_size;
