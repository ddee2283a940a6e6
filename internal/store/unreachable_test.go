package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mekhaishuby/furstore/internal/store"
)

func TestUnreachable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("place order: %w", err) }
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection failure 08006", &pgconn.PgError{Code: "08006"}, true},
		{"admin shutdown 57P01", wrap(&pgconn.PgError{Code: store.AdminShutdown}), true},
		{"crash shutdown 57P02", &pgconn.PgError{Code: store.CrashShutdown}, true},
		{"starting up 57P03", &pgconn.PgError{Code: store.CannotConnectNow}, true},
		{"could not connect", wrap(&pgconn.ConnectError{}), true},
		{"refused", wrap(&net.OpError{Op: "dial", Net: "unix", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), true},
		{"conn closed", wrap(pgconn.ErrConnClosed), true},
		{"cut mid-read", wrap(io.ErrUnexpectedEOF), true},
		{"unique violation", wrap(&pgconn.PgError{Code: store.UniqueViolation}), false},
		{"query cancelled 57014", &pgconn.PgError{Code: "57014"}, false},
		{"client went away", wrap(context.Canceled), false},
		{"a bug", errors.New("index out of range"), false},
		{"nil", nil, false},
	} {
		if got := store.Unreachable(c.err); got != c.want {
			t.Errorf("%s: Unreachable = %v, want %v", c.name, got, c.want)
		}
	}
}

// A stopped server is answered at once: the pool's connect fails with an error Unreachable knows, rather than
// hanging, so a request turns into 503 promptly.
func TestUnreachableOfAStoppedServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	start := time.Now()
	_, err = store.Open(context.Background(), "postgres://shop@"+addr+"/furstore?sslmode=disable", 1)
	if !store.Unreachable(err) || time.Since(start) > 5*time.Second {
		t.Errorf("Open of a closed port → %v after %v; want an Unreachable error at once", err, time.Since(start))
	}
}
