-- The back office's view of orders: every customer's orders, filtered, and the CSV export.
--
-- Filters: each is off while its parameter is NULL; the time range [created_from, created_before) is always
-- given, as wide as PostgreSQL's timestamps when the caller set no bounds. These queries run with custom plans
-- (store.CustomPlans), so PostgreSQL plans each call for the filters actually given instead of one generic plan
-- for all of them. A customer search matches the order's phone (q_phone: the digits, when the text reads as
-- part of a phone number) or one of the accounts the account package found for the text (q_users).

-- name: CountStaffOrders :one
SELECT count(*)
FROM orders o
WHERE (sqlc.narg(status)::text IS NULL OR o.status = sqlc.narg(status)::text)
  AND (sqlc.narg(is_paid)::boolean IS NULL OR o.is_paid = sqlc.narg(is_paid)::boolean)
  AND (sqlc.narg(requires_delivery)::boolean IS NULL OR o.requires_delivery = sqlc.narg(requires_delivery)::boolean)
  AND o.created_at >= @created_from AND o.created_at < @created_before
  AND (sqlc.narg(q_users)::bigint[] IS NULL
       OR o.user_id = ANY (sqlc.narg(q_users)::bigint[])
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0);

-- name: ListStaffOrders :many
-- Newest first, walking orders_newest_idx.
SELECT *
FROM orders o
WHERE (sqlc.narg(status)::text IS NULL OR o.status = sqlc.narg(status)::text)
  AND (sqlc.narg(is_paid)::boolean IS NULL OR o.is_paid = sqlc.narg(is_paid)::boolean)
  AND (sqlc.narg(requires_delivery)::boolean IS NULL OR o.requires_delivery = sqlc.narg(requires_delivery)::boolean)
  AND o.created_at >= @created_from AND o.created_at < @created_before
  AND (sqlc.narg(q_users)::bigint[] IS NULL
       OR o.user_id = ANY (sqlc.narg(q_users)::bigint[])
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0)
ORDER BY o.created_at DESC, o.id DESC
LIMIT @page_size OFFSET @skip;

-- name: ExportOrders :many
-- One batch of orders.csv, newest first from the keyset (after_created_at, after_id), exclusive; the first batch
-- starts from a key after every order. Same filters as ListStaffOrders.
SELECT o.id, o.user_id, o.created_at, o.phone_number, o.status, o.is_paid, o.payment_on_get, o.requires_delivery,
       o.delivery_address, o.total, l.lines, l.pieces, l.goods
FROM orders o
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
  AND (sqlc.narg(q_users)::bigint[] IS NULL
       OR o.user_id = ANY (sqlc.narg(q_users)::bigint[])
       OR strpos(o.phone_number, sqlc.narg(q_phone)::text) > 0)
  AND (o.created_at, o.id) < (@after_created_at::timestamptz, @after_id::bigint)
ORDER BY o.created_at DESC, o.id DESC
LIMIT @batch_size;

-- name: StaffOrderSummary :one
-- The staff panel's summary (Сводка): orders and revenue since the start of today and of this week (cancelled
-- orders count as orders, not as revenue), and the orders waiting for confirmation. The newest-first index
-- serves the ranges; the waiting ones are few.
SELECT count(*) FILTER (WHERE o.created_at >= @today)::bigint AS today_orders,
       coalesce(sum(o.total) FILTER (WHERE o.created_at >= @today AND o.status <> 'cancelled'), 0)::bigint AS today_revenue,
       count(*)::bigint AS week_orders,
       coalesce(sum(o.total) FILTER (WHERE o.status <> 'cancelled'), 0)::bigint AS week_revenue,
       (SELECT count(*) FROM orders w WHERE w.status = 'processing')::bigint AS waiting
FROM orders o
WHERE o.created_at >= @week;
