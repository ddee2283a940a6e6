-- name: EnqueueMail :exec
INSERT INTO mail_outbox (kind, to_address, subject, text_body, html_body)
VALUES (@kind, @to_address, @subject, @text_body, @html_body);

-- name: ClaimMail :many
-- Leases up to @batch due mails to this worker. SKIP LOCKED lets several processes claim at once without
-- waiting on each other or taking the same mail; the lease (committed at once) keeps the mail theirs while they
-- talk to the SMTP server outside any transaction.
UPDATE mail_outbox
SET locked_until = now() + make_interval(secs => @lease_seconds::double precision), attempts = attempts + 1
WHERE id IN (
    SELECT id FROM mail_outbox
    WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
    ORDER BY next_attempt_at, id
    LIMIT @batch
    FOR UPDATE SKIP LOCKED
)
RETURNING id, kind, to_address, subject, coalesce(text_body, '')::text AS text_body,
          coalesce(html_body, '')::text AS html_body, attempts;

-- name: MarkMailSent :exec
UPDATE mail_outbox
SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL, text_body = NULL, html_body = NULL
WHERE id = @id;

-- name: RetryMail :exec
UPDATE mail_outbox
SET next_attempt_at = now() + make_interval(secs => @delay_seconds::double precision), locked_until = NULL,
    last_error = @last_error
WHERE id = @id;

-- name: FailMail :exec
UPDATE mail_outbox
SET status = 'failed', locked_until = NULL, last_error = @last_error, text_body = NULL, html_body = NULL
WHERE id = @id;

-- name: ReleaseMail :exec
-- Gives back a claimed mail untried (the worker is shutting down): the attempt does not count.
UPDATE mail_outbox SET locked_until = NULL, attempts = greatest(attempts - 1, 0) WHERE id = @id;

-- name: OutboxPending :one
-- How many mails wait to be sent and since when the oldest waits (the operator's metrics).
SELECT count(*)::bigint AS pending, coalesce(min(created_at), now())::timestamptz AS oldest
FROM mail_outbox WHERE status = 'pending';
