package store

import (
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// SQLSTATEs the code acts on (PostgreSQL, Appendix A).
const (
	ForeignKeyViolation  = "23503"
	UniqueViolation      = "23505"
	CheckViolation       = "23514"
	SerializationFailure = "40001"
	DeadlockDetected     = "40P01"
)

// SQLState returns the SQLSTATE of a PostgreSQL error and the constraint it names, or "" when err is not one.
func SQLState(err error) (code, constraint string) {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code, e.ConstraintName
	}
	return "", ""
}

// IsUniqueViolation reports whether err is a unique constraint refusing a second row with the same key.
func IsUniqueViolation(err error) bool {
	code, _ := SQLState(err)
	return code == UniqueViolation
}

// Retryable reports whether PostgreSQL aborted the transaction only to break a deadlock or a serialization
// conflict: nothing of it was written, and running it again from the start may well succeed.
func Retryable(err error) bool {
	code, _ := SQLState(err)
	return code == DeadlockDetected || code == SerializationFailure
}

// NotFound returns notFound for "no rows", else err as it is: storage's "not there" becomes the domain's.
func NotFound(err, notFound error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return notFound
	}
	return err
}
