// Package yookassa is a small client for the ЮKassa (YooKassa) API v3: it creates, reads, captures and cancels
// payments and creates and reads refunds. It knows nothing of orders; the caller supplies every idempotence
// key, so a retry by the caller (or by this client) can never charge twice.
package yookassa

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is the production API; test shops use the same host with their own credentials.
const DefaultBaseURL = "https://api.yookassa.ru/v3"

const (
	defaultTimeout     = 10 * time.Second
	defaultMaxAttempts = 4
	defaultRetryBase   = 300 * time.Millisecond
)

// Config holds the shop's credentials and the client's patience. Zero values take the defaults.
type Config struct {
	ShopID    string        // the Basic auth user
	SecretKey string        // the Basic auth password: "test_…" or "live_…"
	BaseURL   string        // DefaultBaseURL when empty
	Timeout   time.Duration // per attempt; 10 s when zero
	// MaxAttempts counts the first try: 4 (the default) means up to three retries.
	MaxAttempts int
	// RetryBase is the first backoff pause; each retry doubles it (with jitter). 300 ms when zero.
	RetryBase time.Duration
}

// String describes the configuration with the secret key masked, so it can be printed at start.
func (c Config) String() string {
	return fmt.Sprintf("yookassa.Config{ShopID:%q SecretKey:%s BaseURL:%q Timeout:%s MaxAttempts:%d RetryBase:%s}",
		c.ShopID, mask(c.SecretKey), c.BaseURL, c.Timeout, c.MaxAttempts, c.RetryBase)
}

// GoString keeps %#v from printing the secret key.
func (c Config) GoString() string { return c.String() }

// mask keeps the key's kind ("test_" or "live_") and hides the rest.
func mask(secret string) string {
	if secret == "" {
		return `""`
	}
	if kind, _, ok := strings.Cut(secret, "_"); ok && (kind == "test" || kind == "live") {
		return kind + "_***"
	}
	return "***"
}

// Client calls the ЮKassa API. It is safe for concurrent use.
type Client struct {
	cfg      Config
	http     *http.Client
	redactor *strings.Replacer // hides the secret key should it ever show up in an error text (nil without a key)
}

// New returns a client for cfg. A nil httpClient gets a default one that does not follow redirects; timeouts
// come from cfg.Timeout either way.
func New(cfg Config, httpClient *http.Client) *Client {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = defaultMaxAttempts
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = defaultRetryBase
	}
	if httpClient == nil {
		httpClient = &http.Client{
			// The API never redirects; following one could turn a POST into a GET somewhere else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	c := &Client{cfg: cfg, http: httpClient}
	if cfg.SecretKey != "" {
		// The Authorization header carries the key base64-encoded; hide that form too.
		basic := base64.StdEncoding.EncodeToString([]byte(cfg.ShopID + ":" + cfg.SecretKey))
		c.redactor = strings.NewReplacer(basic, "[redacted]", cfg.SecretKey, "[redacted]")
	}
	return c
}

// ErrIdempotenceKey is returned, before anything is sent, for an idempotence key that is empty, longer than
// 64 characters or not printable ASCII.
var ErrIdempotenceKey = errors.New("yookassa: idempotence key must be 1 to 64 printable ASCII characters")

// maxKeyLen is ЮKassa's limit on the Idempotence-Key header.
const maxKeyLen = 64

func checkKey(key string) error {
	if key == "" || len(key) > maxKeyLen {
		return ErrIdempotenceKey
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] > '~' {
			return ErrIdempotenceKey
		}
	}
	return nil
}

// objectPath builds "/payments/{id}" and the like, refusing an empty id so a GET never lists instead.
func objectPath(collection, id string, rest ...string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", fmt.Errorf("yookassa: empty %s id", strings.TrimSuffix(collection, "s"))
	}
	p := "/" + collection + "/" + url.PathEscape(id)
	for _, r := range rest {
		p += "/" + r
	}
	return p, nil
}

// redact hides the secret key in err's text, keeping err in the chain for errors.Is and errors.As.
func (c *Client) redact(err error) error {
	if err == nil || c.redactor == nil {
		return err
	}
	if msg := err.Error(); c.redactor.Replace(msg) != msg {
		return &redactedError{msg: c.redactor.Replace(msg), err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
