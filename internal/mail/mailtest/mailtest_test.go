package mailtest_test

import (
	"fmt"
	"net"
	"net/smtp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mekhaishuby/furstore/internal/mail/mailtest"
)

// send delivers a minimal UTF-8 mail with the standard library's SMTP client, independent of the code under test.
func send(t *testing.T, srv *mailtest.Server, subject string) {
	t.Helper()
	addr := net.JoinHostPort(srv.SMTPHost(), strconv.Itoa(srv.SMTPPort()))
	msg := "From: shop@example.ru\r\nTo: buyer@example.ru\r\nSubject: " + subject + "\r\n" +
		"Message-ID: <" + subject + "@example.ru>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nШуба из норки\r\n"
	if err := smtp.SendMail(addr, nil, "shop@example.ru", []string{"buyer@example.ru"}, []byte(msg)); err != nil {
		t.Fatalf("send %q: %v", subject, err)
	}
}

func subjects(msgs []mailtest.Message) []string {
	var s []string
	for _, m := range msgs {
		s = append(s, m.Subject)
	}
	return s
}

func TestServerReceivesMail(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	if got := srv.Messages(t); len(got) != 0 {
		t.Fatalf("a new server holds %d messages, want none", len(got))
	}
	send(t, srv, "first")
	got := srv.WaitFor(t, 1, 5*time.Second)
	want := []mailtest.Message{{
		From: "shop@example.ru", To: []string{"buyer@example.ru"}, Subject: "first",
		Text: "Шуба из норки\r\n", MessageID: "first@example.ru",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

// A test takes the SMTP server away and brings it back: while stopped it refuses connections, and once back it
// still holds what it received before, on the same port.
func TestServerStopStartKeepsMessages(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	port := srv.SMTPPort()
	send(t, srv, "before")
	srv.WaitFor(t, 1, 5*time.Second)

	srv.Stop()
	addr := net.JoinHostPort(srv.SMTPHost(), strconv.Itoa(port))
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Fatalf("SMTP port %d accepts connections after Stop", port)
	}
	srv.Stop() // stopping twice is harmless

	srv.Start()
	if srv.SMTPPort() != port {
		t.Fatalf("SMTP port after restart = %d, want %d", srv.SMTPPort(), port)
	}
	send(t, srv, "after")
	got := subjects(srv.WaitFor(t, 2, 5*time.Second))
	if diff := cmp.Diff([]string{"before", "after"}, got); diff != "" {
		t.Errorf("subjects after a restart, oldest first (-want +got):\n%s", diff)
	}
}

func TestWaitForManyMessages(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	var want []string
	for i := range 60 { // more than one page of Mailpit's API
		s := fmt.Sprintf("m%02d", i)
		want = append(want, s)
		send(t, srv, s)
	}
	if diff := cmp.Diff(want, subjects(srv.WaitFor(t, 60, 5*time.Second))); diff != "" {
		t.Errorf("subjects, oldest first (-want +got):\n%s", diff)
	}
}

// fatalTB records Fatalf instead of failing the real test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fatalTB) Skipf(format string, args ...any) {
	f.msg = "skipped: " + fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Without Mailpit the test fails and says how to run it; it never skips.
func TestStartWithoutBinaryFails(t *testing.T) {
	t.Setenv(mailtest.EnvBinary, "")
	tb := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		mailtest.Start(tb)
		tb.msg = "Start returned"
	}()
	<-done
	if !strings.Contains(tb.msg, "run the tests with `make test`") {
		t.Errorf("Start without %s: %q, want a failure that says to run the tests with `make test`", mailtest.EnvBinary, tb.msg)
	}
}
