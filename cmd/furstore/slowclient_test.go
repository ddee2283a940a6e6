package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/store/dbtest"
)

// Slow and broken clients cannot take the server down: with the timeouts set short through the environment,
// a client trickling its headers is cut off after HTTP_READ_HEADER_TIMEOUT, one whose body stops arriving is
// answered 408 after HTTP_READ_TIMEOUT, headers over HTTP_MAX_HEADER_BYTES are refused, and 500 idle keep-alive connections neither slow a customer's request nor take database
// connections.
func TestSlowAndIdleClients(t *testing.T) {
	db := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": db, "MEDIA_DIR": t.TempDir(), "PORT": "0", "LOG_LEVEL": "error",
		"DATABASE_MAX_CONNS": "4", "HTTP_READ_HEADER_TIMEOUT": "1s", "HTTP_READ_TIMEOUT": "2s",
		"HTTP_WRITE_TIMEOUT": "10s", "HTTP_IDLE_TIMEOUT": "60s", "HTTP_MAX_HEADER_BYTES": "8192"}
	var out syncBuffer
	prepareShop(t, env, &out)
	base := serve(t, env, &out)
	host := strings.TrimPrefix(base, "http://")

	t.Run("trickled headers are cut off", func(t *testing.T) {
		conn := dial(t, host)
		closed := make(chan time.Duration, 1)
		start := time.Now()
		go func() {
			_, _ = io.Copy(io.Discard, conn) // returns when the server closes the connection
			closed <- time.Since(start)
		}()
		_, _ = io.WriteString(conn, "GET /api/categories HTTP/1.1\r\nHost: shop\r\nX-Slow: ")
		sent := 0
	trickle:
		for {
			select {
			case after := <-closed:
				t.Logf("cut off after %v, %d header bytes trickled", after.Round(time.Millisecond), sent)
				if after < 900*time.Millisecond || after > 3*time.Second {
					t.Errorf("a trickling client was cut off after %v; want about HTTP_READ_HEADER_TIMEOUT (1s)", after)
				}
				break trickle
			case <-time.After(100 * time.Millisecond):
				if _, err := conn.Write([]byte("a")); err == nil {
					sent++
				}
				if time.Since(start) > 10*time.Second {
					t.Fatal("a client trickling its headers was still connected after 10 s")
				}
			}
		}
	})

	t.Run("a body that stops arriving is 408", func(t *testing.T) {
		conn := dial(t, host)
		start := time.Now()
		_, _ = io.WriteString(conn, "POST /api/auth/register HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"+
			"Content-Length: 200\r\n\r\n{\"email\":\"slow@mail.ru\",")
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer to a stalled body after %v: %v", time.Since(start), err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(start)
		t.Logf("stalled body answered %d after %v: %s", res.StatusCode, took.Round(time.Millisecond), b)
		if res.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), "request_timeout") || took > 5*time.Second {
			t.Errorf("a stalled body → %d after %v %s; want 408 request_timeout after about HTTP_READ_TIMEOUT (2s)", res.StatusCode, took, b)
		}
	})

	t.Run("headers over the limit are refused", func(t *testing.T) {
		conn := dial(t, host)
		go func() {
			_, _ = io.WriteString(conn, "GET /api/categories HTTP/1.1\r\nHost: shop\r\nX-Big: "+strings.Repeat("a", 16<<10)+"\r\n\r\n")
		}()
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("16 KiB of headers with HTTP_MAX_HEADER_BYTES=8192 → %d; want 431", res.StatusCode)
		}
	})

	t.Run("500 idle keep-alive connections", func(t *testing.T) {
		before := dbConnections(t, db)
		var wg sync.WaitGroup
		conns := make([]net.Conn, 500)
		errs := make(chan error, len(conns))
		for i := range conns {
			wg.Go(func() {
				c, err := net.Dial("tcp", host)
				if err != nil {
					errs <- err
					return
				}
				conns[i] = c
				// One request each, then the connection stays open and idle, as a browser's does.
				_, _ = io.WriteString(c, "GET /api/categories HTTP/1.1\r\nHost: shop\r\n\r\n")
				res, err := http.ReadResponse(bufio.NewReader(c), nil)
				if err != nil {
					errs <- err
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("opening the idle connections: %v", err)
		}
		t.Cleanup(func() {
			for _, c := range conns {
				_ = c.Close()
			}
		})

		// A customer registering (PostgreSQL and argon2) and browsing is served promptly meanwhile.
		for i, r := range []struct{ method, path, body string }{
			{"POST", "/api/auth/register", `{"email":"idle-%d@mail.ru","password":"норковая-шуба-2026"}`},
			{"GET", "/api/products?page_size=5", ""},
			{"GET", "/readyz", ""},
		} {
			start := time.Now()
			a := call(r.method, base+r.path, fmt.Sprintf(r.body, i), "")
			took := time.Since(start)
			if !a.ok() || took > 2*time.Second {
				t.Errorf("%s %s with 500 idle connections open → %s in %v", r.method, r.path, a, took)
			}
			t.Logf("%s %s with 500 idle connections open: %d in %v", r.method, r.path, a.status, took.Round(time.Millisecond))
		}
		during := dbConnections(t, db)
		t.Logf("database connections: %d before the idle clients, %d with them", before, during)
		if during > before+4 { // DATABASE_MAX_CONNS: idle HTTP connections hold none
			t.Errorf("database connections grew from %d to %d with idle HTTP connections", before, during)
		}
		// And the idle connections are still served: keep-alive works, nothing was dropped.
		if _, err := io.WriteString(conns[0], "GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conns[0]), nil)
		if err != nil || res.StatusCode != 200 {
			t.Errorf("an idle connection's next request: %v %v", res, err)
		}
	})
}

func dial(t *testing.T, host string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// dbConnections counts the server's connections to its database (the test's own excluded).
func dbConnections(t *testing.T, db string) int {
	t.Helper()
	c := connect(t, db)
	var n int
	if err := c.QueryRow(context.Background(),
		`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
