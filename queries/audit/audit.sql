-- name: InsertAudit :exec
INSERT INTO audit_log (actor_id, actor_email, action, object_type, object_id, before, after)
VALUES (@actor_id, @actor_email, @action, @object_type, @object_id, @before, @after);

-- name: CountAudit :one
SELECT count(*) FROM audit_log
WHERE (sqlc.narg(action)::text IS NULL OR action = sqlc.narg(action))
  AND (sqlc.narg(object_type)::text IS NULL OR object_type = sqlc.narg(object_type))
  AND (sqlc.narg(object_id)::bigint IS NULL OR object_id = sqlc.narg(object_id))
  AND (sqlc.narg(actor_id)::bigint IS NULL OR actor_id = sqlc.narg(actor_id))
  AND created_at >= @since AND created_at < @before;

-- name: ListAudit :many
SELECT * FROM audit_log
WHERE (sqlc.narg(action)::text IS NULL OR action = sqlc.narg(action))
  AND (sqlc.narg(object_type)::text IS NULL OR object_type = sqlc.narg(object_type))
  AND (sqlc.narg(object_id)::bigint IS NULL OR object_id = sqlc.narg(object_id))
  AND (sqlc.narg(actor_id)::bigint IS NULL OR actor_id = sqlc.narg(actor_id))
  AND created_at >= @since AND created_at < @before
ORDER BY created_at DESC, id DESC
LIMIT @page_size OFFSET @skip;
