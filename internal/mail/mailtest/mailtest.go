// Package mailtest runs a real SMTP server for tests: Mailpit, started as a child process on loopback ports,
// with its HTTP API to read what arrived. `make test` builds Mailpit and names it in FURSTORE_TEST_MAILPIT; a
// test without it fails rather than skips.
package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// EnvBinary names the variable holding the path of the Mailpit binary; `make test` sets it.
const EnvBinary = "FURSTORE_TEST_MAILPIT"

const (
	readyTimeout = 10 * time.Second // how long Mailpit may take to answer after it is started
	stopTimeout  = 10 * time.Second // how long it may take to exit on SIGTERM before it is killed
)

// Server is one Mailpit process owned by a test. It can be stopped and started again on the same ports with
// the same database, so a test can take the SMTP server away mid-delivery; messages received before a stop are
// still there after the start.
type Server struct {
	t        testing.TB
	bin      string
	dbPath   string
	smtpPort int
	httpPort int
	out      *syncBuffer // what every run of the process printed, shown if the test fails
	client   *http.Client

	mu     sync.Mutex
	cmd    *exec.Cmd     // nil while stopped
	exited chan struct{} // closed when cmd has exited
}

// Start starts Mailpit for this test and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(EnvBinary)
	if bin == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which builds Mailpit for the mail tests", EnvBinary)
	}
	s := &Server{
		t:      t,
		bin:    bin,
		dbPath: filepath.Join(t.TempDir(), "mailpit.db"),
		out:    &syncBuffer{},
		client: &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{}},
	}
	t.Cleanup(func() {
		s.Stop()
		s.client.CloseIdleConnections()
		if t.Failed() {
			t.Logf("Mailpit output:\n%s", s.out.String())
		}
	})
	// Free ports are found by binding and releasing them, so another process may take one in between: then
	// Mailpit exits at once, and new ports are tried.
	var err error
	for range 3 {
		if s.smtpPort, s.httpPort, err = freePorts(); err != nil {
			t.Fatalf("find free ports for Mailpit: %v", err)
		}
		if err = s.start(); err == nil {
			return s
		}
	}
	t.Fatalf("start Mailpit: %v", err)
	return nil
}

// SMTPHost is the address the SMTP server listens on.
func (s *Server) SMTPHost() string { return "127.0.0.1" }

// SMTPPort is the SMTP server's port; it stays the same across Stop and Start.
func (s *Server) SMTPPort() int { return s.smtpPort }

// Start starts the server again after Stop, on the same ports and with the same messages. It does nothing if
// the server is running.
func (s *Server) Start() {
	s.t.Helper()
	// While it was stopped, another process may have been given one of its ports for a moment (a client's
	// own end of a connection, with tests running in parallel): Mailpit then cannot bind it and exits. It is
	// started again until the port is free, for a few seconds.
	var err error
	for range restartAttempts {
		if err = s.start(); err == nil && s.stillRunning(restartSettle) {
			return
		}
		s.Stop()
		time.Sleep(restartSettle)
	}
	s.t.Fatalf("restart Mailpit on its ports: %v", err)
}

// A restart is tried this many times, and counts once it has run this long.
const (
	restartAttempts = 20
	restartSettle   = 250 * time.Millisecond
)

// stillRunning reports whether the server is up after d: one that could not bind its SMTP port has exited.
func (s *Server) stillRunning(d time.Duration) bool {
	s.mu.Lock()
	exited := s.exited
	running := s.cmd != nil
	s.mu.Unlock()
	if !running {
		return false
	}
	select {
	case <-exited:
		return false
	case <-time.After(d):
		return true
	}
}

// Stop stops the server (SIGTERM, then SIGKILL if it hangs) and waits for it to exit, so its ports refuse
// connections. It does nothing if the server is stopped.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
	s.client.CloseIdleConnections()
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return nil
	}
	cmd := exec.Command(s.bin,
		"--smtp", s.smtpAddr(),
		"--listen", s.httpAddr(),
		"--database", s.dbPath,
		"--disable-version-check",
		"--smtp-auth-accept-any",     // a client may log in with any name and password, or not at all,
		"--smtp-auth-allow-insecure", // over plain SMTP, as our SMTP_TLS=none does
		"--smtp-disable-rdns",
	)
	cmd.Stdout = s.out
	cmd.Stderr = s.out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() {
		err := cmd.Wait()
		fmt.Fprintf(s.out, "mailpit: process exited: %v\n", err)
		close(exited)
	}()
	if err := s.waitReady(exited); err != nil {
		_ = cmd.Process.Kill()
		<-exited
		return err
	}
	s.cmd, s.exited = cmd, exited
	return nil
}

// waitReady waits until the HTTP API reports ready and the SMTP port accepts connections: Mailpit opens the
// HTTP server first and the SMTP listener after it.
func (s *Server) waitReady(exited <-chan struct{}) error {
	deadline := time.Now().Add(readyTimeout)
	for {
		err := s.ping()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return errors.New("Mailpit exited before it was ready (its output is logged at the end of the test)")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("Mailpit not ready after %v: %w", readyTimeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) ping() error {
	resp, err := s.client.Get(s.apiURL("/readyz"))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("readyz: %s", resp.Status)
	}
	conn, err := net.DialTimeout("tcp", s.smtpAddr(), time.Second)
	if err != nil {
		return err
	}
	return conn.Close()
}

func (s *Server) smtpAddr() string { return net.JoinHostPort(s.SMTPHost(), strconv.Itoa(s.smtpPort)) }
func (s *Server) httpAddr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.httpPort)) }
func (s *Server) apiURL(path string) string {
	return "http://" + s.httpAddr() + path
}

// freePorts returns two loopback ports that were free a moment ago.
func freePorts() (int, int, error) {
	var ports [2]int
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, 0, err
		}
		defer l.Close() // both held until both are chosen, so they differ
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports[0], ports[1], nil
}

// syncBuffer is a bytes.Buffer that the process's output copiers and the test may use at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
