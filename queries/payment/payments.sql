-- Lock order (docs/moving-parts.md): an order's row (order.Service.Lock) before any of its payment or refund
-- rows, everywhere, so the paths that pay, cancel and refund queue behind each other and never deadlock.

-- name: GetOpenPayment :one
SELECT * FROM payments WHERE order_id = @order_id AND status IN ('new', 'pending', 'waiting_for_capture');

-- name: InsertPayment :one
INSERT INTO payments (order_id, idempotence_key, request, amount)
VALUES (@order_id, @idempotence_key, @request, @amount)
RETURNING *;

-- name: GetPayment :one
SELECT * FROM payments WHERE id = @id;

-- name: LockPayment :one
SELECT * FROM payments WHERE id = @id FOR UPDATE;

-- name: PaymentByYooKassaID :one
SELECT * FROM payments WHERE yookassa_id = @yookassa_id;

-- name: HasLivePayment :one
-- Whether an attempt to pay the order is under way or has succeeded: its receipt, КИЗ included, is fixed.
SELECT EXISTS (SELECT 1 FROM payments WHERE order_id = @order_id AND status <> 'canceled');

-- name: LatestPayment :one
SELECT * FROM payments WHERE order_id = @order_id ORDER BY id DESC LIMIT 1;

-- name: SetPaymentState :exec
UPDATE payments
SET yookassa_id = @yookassa_id, status = @status, confirmation_url = @confirmation_url,
    cancel_party = @cancel_party, cancel_reason = @cancel_reason, updated_at = now(), checked_at = now()
WHERE id = @id;

-- name: ClosePayment :exec
-- Closes an attempt ЮKassa never confirmed (it refused it, its key expired, or its order was cancelled): only
-- while it is still 'new', so an answer recorded meanwhile is never overwritten.
UPDATE payments
SET status = 'canceled', cancel_party = 'merchant', cancel_reason = @cancel_reason, updated_at = now(), checked_at = now()
WHERE id = @id AND status = 'new';

-- name: CloseNewPayments :exec
-- An order being cancelled (its row locked by the caller): attempts whose confirmation URL nobody got can
-- never be paid now.
UPDATE payments
SET status = 'canceled', cancel_party = 'merchant', cancel_reason = 'order_cancelled', updated_at = now(), checked_at = now()
WHERE order_id = @order_id AND status = 'new';

-- name: TouchPayment :exec
UPDATE payments SET checked_at = now() WHERE id = @id;

-- name: ClaimStalePayments :many
-- Leases the open payments nobody has looked at for @stale_seconds to this process: SKIP LOCKED lets several
-- servers claim at once without taking the same row, and the new checked_at (committed at once) keeps the row
-- this process's while it asks ЮKassa outside any transaction.
UPDATE payments SET checked_at = now()
WHERE id IN (
    SELECT id FROM payments
    WHERE status IN ('new', 'pending', 'waiting_for_capture')
      AND checked_at < now() - make_interval(secs => @stale_seconds::double precision)
    ORDER BY checked_at
    LIMIT @batch
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: OrderPayments :many
SELECT * FROM payments WHERE order_id = @order_id ORDER BY id;

-- name: LockSucceededPayment :one
SELECT * FROM payments WHERE order_id = @order_id AND status = 'succeeded' ORDER BY id DESC LIMIT 1 FOR UPDATE;

-- name: InsertRefund :one
INSERT INTO refunds (payment_id, order_id, idempotence_key, request, amount, reason, created_by, returned_pieces, returned_units)
VALUES (@payment_id, @order_id, @idempotence_key, @request, @amount, @reason, @created_by,
        coalesce(@returned_pieces::integer[], '{}'), coalesce(@returned_units::bigint[], '{}'))
RETURNING *;

-- name: PaymentRefunds :many
-- A payment's refunds in the order they were made, read under the payment's lock: what each gave back and
-- which pieces it took back, for the next refund's return receipt to start where they ended.
SELECT id, status, amount, returned_pieces, returned_units FROM refunds WHERE payment_id = @payment_id ORDER BY id;

-- name: LockRefund :one
-- With the ЮKassa id of the refund's payment (set once it succeeded, never changed), which its refunds must name.
SELECT sqlc.embed(r), p.yookassa_id AS payment_yookassa_id
FROM refunds r JOIN payments p ON p.id = r.payment_id
WHERE r.id = @id
FOR UPDATE OF r;

-- name: RefundByYooKassaID :one
SELECT * FROM refunds WHERE yookassa_id = @yookassa_id;

-- name: CloseRefund :exec
-- Closes a refund ЮKassa refused on its first sending, while it is still 'new'.
UPDATE refunds SET status = 'canceled', cancel_reason = @cancel_reason, updated_at = now(), checked_at = now()
WHERE id = @id AND status = 'new';

-- name: SetRefundState :exec
UPDATE refunds
SET yookassa_id = @yookassa_id, status = @status, cancel_reason = @cancel_reason, updated_at = now(), checked_at = now()
WHERE id = @id;

-- name: OrderRefunds :many
SELECT * FROM refunds WHERE order_id = @order_id ORDER BY id;

-- name: ClaimStaleRefunds :many
UPDATE refunds SET checked_at = now()
WHERE id IN (
    SELECT id FROM refunds
    WHERE status IN ('new', 'pending')
      AND checked_at < now() - make_interval(secs => @stale_seconds::double precision)
    ORDER BY checked_at
    LIMIT @batch
    FOR UPDATE SKIP LOCKED
)
RETURNING *;

-- name: CountPaymentsWaiting :one
-- Online payments a customer started and ЮKassa has not settled yet (the staff panel's summary).
SELECT count(*)::bigint FROM payments WHERE status IN ('pending', 'waiting_for_capture');
