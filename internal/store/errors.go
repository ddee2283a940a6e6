package store

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

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
	AdminShutdown        = "57P01" // the server is stopping (pg_ctl stop -m fast) and ends the session
	CrashShutdown        = "57P02" // another backend crashed; the server ends every session
	CannotConnectNow     = "57P03" // the server is starting up or shutting down
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

// Unreachable reports whether err says PostgreSQL could not be reached or went away under a query: the pool
// could not connect, the connection was refused, reset or closed, or the server ended the session because it is
// stopping or restarting (SQLSTATE class 08, 57P01–57P03). Such a failure is the database's absence, not a bug:
// the API answers it 503 database_unavailable, and the pool reconnects by itself once PostgreSQL is back.
func Unreachable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) { // the request's client went away, not the database
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return strings.HasPrefix(pg.Code, "08") || pg.Code == AdminShutdown || pg.Code == CrashShutdown || pg.Code == CannotConnectNow
	}
	var connect *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connect) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
