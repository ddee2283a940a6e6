package yookassa_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mekhaishuby/furstore/internal/yookassa"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// TestSecretNeverInErrors provokes every kind of failure, including a server that echoes the Authorization
// header and the key back, and checks that neither the secret key nor the encoded header shows in any error.
func TestSecretNeverInErrors(t *testing.T) {
	const shopID, secret = "100500", "live_SeCrEt-KeY-0123456789abcdef"
	basic := base64.StdEncoding.EncodeToString([]byte(shopID + ":" + secret))

	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		if r.URL.Path == "/v3/payments/html" {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "<pre>"+r.Header.Get("Authorization")+" "+pass+"</pre>")
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{
			"type": "error", "id": pass, "code": "invalid_request",
			"description": "Bad Authorization: " + r.Header.Get("Authorization") + " for " + user + ":" + pass,
			"parameter":   pass,
		})
	}))
	defer echo.Close()
	fake := yookassatest.Start(t)
	hanging := yookassatest.Start(t)
	hanging.FailNext(2, yookassatest.Fault{Hang: true})
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	client := func(baseURL string) *yookassa.Client {
		return yookassa.New(yookassa.Config{ShopID: shopID, SecretKey: secret, BaseURL: baseURL,
			Timeout: 100 * time.Millisecond, MaxAttempts: 2, RetryBase: time.Millisecond}, nil)
	}
	ctx := context.Background()
	status := func(want int) func(error) bool {
		return func(err error) bool {
			var apiErr *yookassa.Error
			return errors.As(err, &apiErr) && apiErr.Status == want
		}
	}
	tests := []struct {
		name string
		call func() error
		is   func(error) bool // that the error is the kind the case means to provoke
	}{
		{"echoed in a JSON error", func() error {
			_, err := client(echo.URL+"/v3").CreatePayment(ctx, "k", paymentRequest(100))
			return err
		}, func(err error) bool { return status(400)(err) && strings.Contains(err.Error(), "[redacted]") }},
		{"echoed in a non-JSON 500", func() error {
			_, err := client(echo.URL+"/v3").GetPayment(ctx, "html")
			return err
		}, status(500)},
		{"401 from the fake", func() error {
			_, err := client(fake.URL).GetPayment(ctx, "x")
			return err
		}, status(401)},
		{"connection refused", func() error {
			_, err := client(closedURL).GetPayment(ctx, "x")
			return err
		}, func(err error) bool { return strings.Contains(err.Error(), "refused") }},
		{"timeout", func() error {
			_, err := client(hanging.URL).GetPayment(ctx, "x")
			return err
		}, func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"key in the base URL's user info", func() error {
			_, err := client("http://"+shopID+":"+secret+"@"+strings.TrimPrefix(closedURL, "http://")).GetPayment(ctx, "x")
			return err
		}, func(err error) bool { return strings.Contains(err.Error(), "refused") }},
		{"key in a malformed base URL", func() error {
			_, err := client("http://bad host/"+secret).GetPayment(ctx, "x")
			return err
		}, func(err error) bool { return strings.Contains(err.Error(), "[redacted]") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil || !tt.is(err) {
				t.Fatalf("err = %v: not the failure this case provokes", err)
			}
			texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)}
			var apiErr *yookassa.Error
			if errors.As(err, &apiErr) {
				texts = append(texts, apiErr.Error(), fmt.Sprintf("%+v", *apiErr))
			}
			for _, text := range texts {
				if strings.Contains(text, secret) || strings.Contains(text, basic) {
					t.Errorf("the secret leaked: %s", text)
				}
			}
		})
	}

	cfg := yookassa.Config{ShopID: shopID, SecretKey: secret}
	for _, text := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), cfg.String()} {
		if strings.Contains(text, secret) || !strings.Contains(text, "live_***") {
			t.Errorf("Config prints as %s", text)
		}
	}
}
