package yookassa_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/yookassa"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// sameRequest checks that every request the fake received was the same POST: same key, same body.
func sameRequest(t *testing.T, s *yookassatest.Server, want int) {
	t.Helper()
	reqs := s.Requests()
	if len(reqs) != want {
		t.Fatalf("requests = %d, want %d", len(reqs), want)
	}
	for _, r := range reqs[1:] {
		if r.IdempotenceKey != reqs[0].IdempotenceKey || r.Body != reqs[0].Body || r.Path != reqs[0].Path {
			t.Errorf("retry differs from the first request:\n%+v\n%+v", reqs[0], r)
		}
	}
}

func TestRetry(t *testing.T) {
	ctx := context.Background()

	t.Run("500 twice, then one payment", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(2, yookassatest.Fault{Status: 500})
		p, err := c.CreatePayment(ctx, "k", paymentRequest(1640000))
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, s, 3)
		if got := s.Payments(); len(got) != 1 || got[0].ID != p.ID {
			t.Errorf("payments = %+v, want exactly %s", got, p.ID)
		}
	})

	t.Run("processed but the client saw a 500", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(1, yookassatest.Fault{Status: 500, AfterProcessing: true})
		p, err := c.CreatePayment(ctx, "k", paymentRequest(1640000))
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, s, 2)
		if got := s.Payments(); len(got) != 1 || got[0].ID != p.ID {
			t.Errorf("payments = %+v, want exactly %s", got, p.ID)
		}
	})

	t.Run("processed but the answer never came", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s, func(cfg *yookassa.Config) { cfg.Timeout = 200 * time.Millisecond })
		s.FailNext(1, yookassatest.Fault{Hang: true, AfterProcessing: true})
		p, err := c.CreatePayment(ctx, "k", paymentRequest(1640000))
		if err != nil {
			t.Fatal(err)
		}
		sameRequest(t, s, 2)
		if got := s.Payments(); len(got) != 1 || got[0].ID != p.ID {
			t.Errorf("payments = %+v, want exactly %s", got, p.ID)
		}
	})

	t.Run("timeout, then success", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s, func(cfg *yookassa.Config) { cfg.Timeout = 200 * time.Millisecond })
		s.FailNext(1, yookassatest.Fault{Hang: true})
		start := time.Now()
		if _, err := c.CreatePayment(ctx, "k", paymentRequest(100)); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 200*time.Millisecond || d > 2*time.Second {
			t.Errorf("took %s, want one 200 ms timeout and a quick retry", d)
		}
		sameRequest(t, s, 2)
	})

	t.Run("every attempt times out", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s, func(cfg *yookassa.Config) { cfg.Timeout, cfg.MaxAttempts = 100*time.Millisecond, 3 })
		s.FailNext(3, yookassatest.Fault{Hang: true})
		_, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want a timeout", err)
		}
		sameRequest(t, s, 3)
	})

	t.Run("429 honours Retry-After", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(1, yookassatest.Fault{Status: 429, RetryAfter: "1"})
		start := time.Now()
		if _, err := c.CreatePayment(ctx, "k", paymentRequest(100)); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < time.Second || d > 3*time.Second {
			t.Errorf("took %s, want the 1 s of Retry-After (RetryBase is 1 ms)", d)
		}
		sameRequest(t, s, 2)
	})

	t.Run("429 without Retry-After backs off", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(2, yookassatest.Fault{Status: 429})
		if _, err := c.CreatePayment(ctx, "k", paymentRequest(100)); err != nil {
			t.Fatal(err)
		}
		sameRequest(t, s, 3)
	})

	t.Run("non-JSON 502 until attempts run out", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(4, yookassatest.Fault{Status: 502, Body: "<html><body>502 Bad Gateway</body></html>"})
		_, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		var apiErr *yookassa.Error
		if !errors.As(err, &apiErr) || apiErr.Status != 502 || apiErr.Code != "" {
			t.Fatalf("err = %v, want an *Error with status 502", err)
		}
		sameRequest(t, s, 4)
		if len(s.Payments()) != 0 {
			t.Error("a payment was made")
		}
	})

	t.Run("500 until attempts run out", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(10, yookassatest.Fault{})
		_, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		var apiErr *yookassa.Error
		if !errors.As(err, &apiErr) || apiErr.Status != 500 || apiErr.Code != "internal_server_error" {
			t.Fatalf("err = %v, want a typed 500", err)
		}
		sameRequest(t, s, 4)
	})

	t.Run("GET is retried too", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		p, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		if err != nil {
			t.Fatal(err)
		}
		s.FailNext(1, yookassatest.Fault{Status: 503})
		s.FailNext(1, yookassatest.Fault{Status: 429})
		got, err := c.GetPayment(ctx, p.ID)
		if err != nil || got.ID != p.ID {
			t.Fatalf("GetPayment = %v, %v", got, err)
		}
		if n := len(s.Requests()); n != 4 {
			t.Errorf("requests = %d, want 1 POST and 3 GETs", n)
		}
	})
}

func TestNoRetry(t *testing.T) {
	ctx := context.Background()
	noConfirmation := paymentRequest(100)
	noConfirmation.Confirmation = nil
	longDescription := paymentRequest(100)
	longDescription.Description = strings.Repeat("ш", 129)
	tests := []struct {
		name        string
		call        func(*yookassa.Client) error
		status      int
		code, param string
	}{
		{"missing confirmation", func(c *yookassa.Client) error {
			_, err := c.CreatePayment(ctx, "k", noConfirmation)
			return err
		}, 400, "invalid_request", "confirmation"},
		{"description of 129 characters", func(c *yookassa.Client) error {
			_, err := c.CreatePayment(ctx, "k", longDescription)
			return err
		}, 400, "invalid_request", "description"},
		{"unknown payment", func(c *yookassa.Client) error {
			_, err := c.GetPayment(ctx, "22e12f66-000f-5000-8000-000000000000")
			return err
		}, 404, "not_found", ""},
		{"refund of an unknown payment", func(c *yookassa.Client) error {
			_, err := c.CreateRefund(ctx, "k", yookassa.RefundRequest{PaymentID: "nope", Amount: yookassa.RUB(100)})
			return err
		}, 400, "invalid_request", "payment_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := yookassatest.Start(t)
			c := newClient(t, s)
			err := tt.call(c)
			var apiErr *yookassa.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if apiErr.Status != tt.status || apiErr.Type != "error" || apiErr.Code != tt.code ||
				apiErr.Parameter != tt.param || apiErr.ID == "" || apiErr.Description == "" {
				t.Errorf("error = %+v, want %d %s on %q", apiErr, tt.status, tt.code, tt.param)
			}
			if apiErr.Retryable() {
				t.Error("Retryable() = true")
			}
			if n := len(s.Requests()); n != 1 {
				t.Errorf("sent %d times, want once", n)
			}
		})
	}
}

func TestWrongCredentials(t *testing.T) {
	s := yookassatest.Start(t)
	c := newClient(t, s, func(cfg *yookassa.Config) { cfg.SecretKey = "test_not-the-key" })
	_, err := c.CreatePayment(context.Background(), "k", paymentRequest(100))
	var apiErr *yookassa.Error
	if !errors.As(err, &apiErr) || apiErr.Status != 401 || apiErr.Code != "invalid_credentials" {
		t.Fatalf("err = %v, want a typed 401", err)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}

func TestContextCancel(t *testing.T) {
	t.Run("while a request hangs", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s, func(cfg *yookassa.Config) { cfg.Timeout = 10 * time.Second })
		s.FailNext(4, yookassatest.Fault{Hang: true})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s to stop", d)
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})

	t.Run("while backing off", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s, func(cfg *yookassa.Config) { cfg.RetryBase = 10 * time.Second })
		s.FailNext(4, yookassatest.Fault{})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.CreatePayment(ctx, "k", paymentRequest(100))
		var apiErr *yookassa.Error
		if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.Status != 500 {
			t.Errorf("err = %v, want context.Canceled with the last 500", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s to stop", d)
		}
		if n := len(s.Requests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})

	t.Run("already canceled", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.GetPayment(ctx, "x"); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if n := len(s.Requests()); n != 0 {
			t.Errorf("requests = %d, want none", n)
		}
	})

	t.Run("deadline before Retry-After", func(t *testing.T) {
		s := yookassatest.Start(t)
		c := newClient(t, s)
		s.FailNext(1, yookassatest.Fault{Status: 429, RetryAfter: "5"})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.GetPayment(ctx, "x")
		var apiErr *yookassa.Error
		if !errors.As(err, &apiErr) || apiErr.Status != 429 {
			t.Errorf("err = %v, want the 429 at once", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %s: slept although the deadline came first", d)
		}
	})
}
