// Package config reads the environment once, at start, into a typed and validated Config. No other package
// reads the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mekhaishuby/furstore/internal/ratelimit"
)

// Config is everything the server is told from outside. docs/configuration.md lists every variable, checked
// against Load by table_test.go.
type Config struct {
	Host             string // HOST: interface to listen on
	Port             int    // PORT
	DatabaseURL      string // DATABASE_URL (secret: may hold a password)
	DatabaseMaxConns int32  // DATABASE_MAX_CONNS: the pool's size (8 by default: store.DefaultMaxConns says why)
	// DatabaseListenURL (DATABASE_LISTEN_URL, secret like DATABASE_URL) is a direct connection to PostgreSQL
	// for what needs one session of its own: the change listeners (LISTEN) and `furstore migrate`'s lock.
	// Default: DATABASE_URL.
	DatabaseListenURL string
	// DatabasePgBouncer (DATABASE_PGBOUNCER) says DATABASE_URL points at PgBouncer in transaction mode: no
	// prepared statements kept across transactions, no session settings at connect (docs/pgbouncer.md).
	DatabasePgBouncer  bool
	LogLevel           slog.Level
	LogFormat          string         // LOG_FORMAT: text or json
	CORSAllowedOrigins []string       // CORS_ALLOWED_ORIGINS: comma-separated origins; none by default
	MediaDir           string         // MEDIA_DIR: where pictures are stored when MEDIA_STORE is dir
	Media              MediaStore     // MEDIA_STORE and S3_*: a bucket for pictures instead of MEDIA_DIR
	MediaURL           string         // MEDIA_URL: absolute base URL of pictures (a CDN); empty = this server's /media/
	DebugAddr          string         // DEBUG_ADDR: where to serve pprof (e.g. 127.0.0.1:6060); empty = nowhere
	MetricsAddr        string         // METRICS_ADDR: where to serve Prometheus /metrics (e.g. 127.0.0.1:9100); empty = nowhere
	CatalogCacheMB     int            // CATALOG_CACHE_MB: memory for rendered catalog answers between changes; 0 = off
	PublicURL          string         // PUBLIC_URL: the store's web address, for links in mail
	TrustedProxies     []netip.Prefix // TRUSTED_PROXIES: our reverse proxies, whose X-Forwarded-For/-Proto/-Host we believe
	SessionTTL         time.Duration  // SESSION_TTL: how long a sign-in lasts

	HTTP HTTP

	SMTP     SMTP
	YooKassa YooKassa

	LoginLimitPerIP    ratelimit.Limit // RATE_LIMIT_LOGIN_IP
	LoginLimitPerEmail ratelimit.Limit // RATE_LIMIT_LOGIN_EMAIL
	ResetLimitPerIP    ratelimit.Limit // RATE_LIMIT_RESET_IP
	ResetLimitPerEmail ratelimit.Limit // RATE_LIMIT_RESET_EMAIL
	RegisterLimitPerIP ratelimit.Limit // RATE_LIMIT_REGISTER_IP
}

// HTTP bounds what a client may hold of the server: slow or idle connections are cut, headers are limited.
type HTTP struct {
	ReadHeaderTimeout time.Duration // HTTP_READ_HEADER_TIMEOUT: a client must send its headers within this
	ReadTimeout       time.Duration // HTTP_READ_TIMEOUT: the whole request, body included (uploads!)
	WriteTimeout      time.Duration // HTTP_WRITE_TIMEOUT: from the end of the headers to the end of the answer
	IdleTimeout       time.Duration // HTTP_IDLE_TIMEOUT: a keep-alive connection waiting for its next request
	MaxHeaderBytes    int           // HTTP_MAX_HEADER_BYTES: request line and headers; more is 431
}

// SMTP is the outgoing mail server; with Host empty, mail is only logged.
type SMTP struct {
	Host     string // SMTP_HOST
	Port     int    // SMTP_PORT (default by SMTP_TLS: 25, 587 or 465)
	Username string // SMTP_USERNAME
	Password string // SMTP_PASSWORD (secret)
	From     string // SMTP_FROM
	TLS      string // SMTP_TLS: none, starttls (default) or tls
}

// YooKassa is the online payment provider; without a shop id and secret key online payment is off.
type YooKassa struct {
	ShopID    string // YOOKASSA_SHOP_ID
	SecretKey string // YOOKASSA_SECRET_KEY (secret)
	APIURL    string // YOOKASSA_API_URL
	// ReturnURL is where ЮKassa sends the payer back (YOOKASSA_RETURN_URL); {order_id} in it is replaced by the
	// order's number, else ?order_id=N is added.
	ReturnURL     string
	Receipts      bool           // YOOKASSA_RECEIPTS: 54-ФЗ receipts go with payments and refunds
	VATCode       int            // YOOKASSA_VAT_CODE: ЮKassa's vat_code for receipt items (1 = без НДС)
	TaxSystemCode int            // YOOKASSA_TAX_SYSTEM_CODE: 1–6, only for shops with several; 0 = not sent
	TrustedNets   []netip.Prefix // YOOKASSA_TRUSTED_NETS: where notifications may come from; nil with AnySource
	AnySource     bool           // YOOKASSA_TRUSTED_NETS=any: the source check is off
	RecheckAfter  time.Duration  // YOOKASSA_RECHECK_AFTER: how long a payment may stay open before we ask ЮKassa
}

// Enabled reports whether online payment is configured.
func (y YooKassa) Enabled() bool { return y.ShopID != "" && y.SecretKey != "" }

// yookassaNets are the addresses ЮKassa sends notifications from, as it publishes them.
const yookassaNets = "185.71.76.0/27,185.71.77.0/27,77.75.153.0/25,77.75.156.11,77.75.156.35,77.75.154.128/25,2a02:5180::/32"

// Load reads the configuration through getenv (os.Getenv in main, a map in tests) and reports every bad
// variable at once.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Host:              or(getenv("HOST"), "127.0.0.1"),
		DatabaseURL:       getenv("DATABASE_URL"),
		DatabaseListenURL: or(getenv("DATABASE_LISTEN_URL"), getenv("DATABASE_URL")),
		LogFormat:         or(getenv("LOG_FORMAT"), "text"),
		MediaDir:          or(getenv("MEDIA_DIR"), "var/media"),
		MediaURL:          getenv("MEDIA_URL"),
		DebugAddr:         getenv("DEBUG_ADDR"),
		MetricsAddr:       getenv("METRICS_ADDR"),
	}
	var errs []error
	var err error
	if c.Port, err = intVar(getenv, "PORT", 8000, 0, 65535); err != nil {
		errs = append(errs, err)
	}
	maxConns, err := intVar(getenv, "DATABASE_MAX_CONNS", 8, 0, 1000)
	if err != nil {
		errs = append(errs, err)
	}
	c.DatabaseMaxConns = int32(maxConns)
	if c.DatabasePgBouncer, err = boolVar(getenv, "DATABASE_PGBOUNCER"); err != nil {
		errs = append(errs, err)
	} else if c.DatabasePgBouncer && (getenv("DATABASE_LISTEN_URL") == "" || c.DatabaseListenURL == c.DatabaseURL) {
		// LISTEN through PgBouncer in transaction mode is accepted and then hears nothing: the caches would
		// never learn of another server's change.
		errs = append(errs, errors.New("DATABASE_PGBOUNCER: set DATABASE_LISTEN_URL to a direct connection to PostgreSQL, "+
			"not through PgBouncer: it carries LISTEN and the migrations' lock"))
	}
	c.PublicURL = strings.TrimSuffix(or(getenv("PUBLIC_URL"), fmt.Sprintf("http://127.0.0.1:%d", c.Port)), "/")
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("PUBLIC_URL: want the store's address, e.g. https://mekha-shuby.ru"))
	}
	if c.TrustedProxies, err = prefixes("TRUSTED_PROXIES", getenv("TRUSTED_PROXIES")); err != nil {
		errs = append(errs, err)
	}
	if c.SessionTTL, err = time.ParseDuration(or(getenv("SESSION_TTL"), "720h")); err != nil || c.SessionTTL < time.Minute {
		errs = append(errs, errors.New("SESSION_TTL: want a duration of at least 1m, e.g. 720h"))
	}
	c.SMTP = SMTP{Host: getenv("SMTP_HOST"), Username: getenv("SMTP_USERNAME"), Password: getenv("SMTP_PASSWORD"),
		From: or(getenv("SMTP_FROM"), "«Меха и Шубы» <noreply@localhost>"), TLS: or(getenv("SMTP_TLS"), "starttls")}
	defaultPort := map[string]int{"none": 25, "starttls": 587, "tls": 465}[c.SMTP.TLS]
	if defaultPort == 0 {
		errs = append(errs, errors.New("SMTP_TLS: want none, starttls or tls"))
	}
	if c.SMTP.Port, err = intVar(getenv, "SMTP_PORT", defaultPort, 1, 65535); err != nil {
		errs = append(errs, err)
	}
	for _, l := range []struct {
		name, def string
		to        *ratelimit.Limit
	}{
		{"RATE_LIMIT_LOGIN_IP", "30/10m", &c.LoginLimitPerIP},
		{"RATE_LIMIT_LOGIN_EMAIL", "10/10m", &c.LoginLimitPerEmail},
		{"RATE_LIMIT_RESET_IP", "10/1h", &c.ResetLimitPerIP},
		{"RATE_LIMIT_RESET_EMAIL", "3/1h", &c.ResetLimitPerEmail},
		{"RATE_LIMIT_REGISTER_IP", "10/1h", &c.RegisterLimitPerIP},
	} {
		if *l.to, err = ratelimit.Parse(or(getenv(l.name), l.def)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", l.name, err))
		}
	}
	errs = append(errs, loadYooKassa(getenv, &c)...)
	errs = append(errs, loadHTTP(getenv, &c.HTTP)...)
	errs = append(errs, loadMedia(getenv, &c)...)
	if c.CatalogCacheMB, err = intVar(getenv, "CATALOG_CACHE_MB", 64, 0, 64<<10); err != nil {
		errs = append(errs, err)
	}
	if err := c.LogLevel.UnmarshalText([]byte(or(getenv("LOG_LEVEL"), "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: %w", err))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, errors.New("LOG_FORMAT: want text or json"))
	}
	for _, o := range strings.Split(getenv("CORS_ALLOWED_ORIGINS"), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o != "*" {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				errs = append(errs, fmt.Errorf("CORS_ALLOWED_ORIGINS: %q is not an origin like https://shop.example", o))
				continue
			}
		}
		c.CORSAllowedOrigins = append(c.CORSAllowedOrigins, strings.TrimSuffix(o, "/"))
	}
	if c.MediaURL != "" {
		u, err := url.Parse(c.MediaURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("MEDIA_URL: want an absolute http(s) URL"))
		}
		c.MediaURL = strings.TrimSuffix(c.MediaURL, "/") + "/"
	}
	return c, errors.Join(errs...)
}

func loadYooKassa(getenv func(string) string, c *Config) []error {
	var errs []error
	y := YooKassa{ShopID: getenv("YOOKASSA_SHOP_ID"), SecretKey: getenv("YOOKASSA_SECRET_KEY"),
		APIURL:    strings.TrimSuffix(or(getenv("YOOKASSA_API_URL"), "https://api.yookassa.ru/v3"), "/"),
		ReturnURL: or(getenv("YOOKASSA_RETURN_URL"), c.PublicURL+"/orders/{order_id}")}
	if (y.ShopID == "") != (y.SecretKey == "") {
		errs = append(errs, errors.New("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY: set both or neither"))
	}
	for name, v := range map[string]string{"YOOKASSA_API_URL": y.APIURL, "YOOKASSA_RETURN_URL": y.ReturnURL} {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s: want an absolute http(s) URL", name))
		}
	}
	var err error
	if y.Receipts, err = boolVar(getenv, "YOOKASSA_RECEIPTS"); err != nil {
		errs = append(errs, err)
	}
	if y.VATCode, err = intVar(getenv, "YOOKASSA_VAT_CODE", 1, 1, 12); err != nil {
		errs = append(errs, err)
	}
	if y.TaxSystemCode, err = intVar(getenv, "YOOKASSA_TAX_SYSTEM_CODE", 0, 0, 6); err != nil {
		errs = append(errs, err)
	}
	if nets := strings.TrimSpace(or(getenv("YOOKASSA_TRUSTED_NETS"), yookassaNets)); nets == "any" {
		y.AnySource = true
	} else if y.TrustedNets, err = prefixes("YOOKASSA_TRUSTED_NETS", nets); err != nil {
		errs = append(errs, err)
	}
	if y.RecheckAfter, err = time.ParseDuration(or(getenv("YOOKASSA_RECHECK_AFTER"), "5m")); err != nil || y.RecheckAfter < time.Second {
		errs = append(errs, errors.New("YOOKASSA_RECHECK_AFTER: want a duration of at least 1s, e.g. 5m"))
	}
	c.YooKassa = y
	return errs
}

func loadHTTP(getenv func(string) string, h *HTTP) []error {
	var errs []error
	for _, d := range []struct {
		name, def string
		to        *time.Duration
	}{
		{"HTTP_READ_HEADER_TIMEOUT", "10s", &h.ReadHeaderTimeout},
		{"HTTP_READ_TIMEOUT", "30s", &h.ReadTimeout},
		{"HTTP_WRITE_TIMEOUT", "60s", &h.WriteTimeout},
		{"HTTP_IDLE_TIMEOUT", "120s", &h.IdleTimeout},
	} {
		v, err := time.ParseDuration(or(getenv(d.name), d.def))
		if err != nil || v < 100*time.Millisecond || v > 24*time.Hour {
			errs = append(errs, fmt.Errorf("%s: want a duration from 100ms to 24h, e.g. %s", d.name, d.def))
		}
		*d.to = v
	}
	var err error
	if h.MaxHeaderBytes, err = intVar(getenv, "HTTP_MAX_HEADER_BYTES", 64<<10, 4<<10, 1<<20); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// prefixes parses a comma-separated list of addresses and CIDR ranges.
func prefixes(name, list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, p := range strings.Split(list, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("%s: %q is not an address or CIDR range", name, p))
				continue
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		out = append(out, prefix.Masked())
	}
	return out, errors.Join(errs...)
}

// RequireDatabase reports a missing DATABASE_URL in words that say how to get one.
func (c Config) RequireDatabase() error {
	if c.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set: `make run` starts a local PostgreSQL and sets it, " +
			"or point it at your server, e.g. postgres://user:pass@localhost:5432/furstore")
	}
	return nil
}

// LogValue prints the configuration at start with secrets masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("host", c.Host),
		slog.Int("port", c.Port),
		slog.String("database_url", maskURL(c.DatabaseURL)),
		slog.Int("database_max_conns", int(c.DatabaseMaxConns)),
		slog.String("database_listen_url", maskURL(c.DatabaseListenURL)),
		slog.Bool("database_pgbouncer", c.DatabasePgBouncer),
		slog.String("log_level", c.LogLevel.String()),
		slog.Any("cors_allowed_origins", c.CORSAllowedOrigins),
		slog.Any("media", c.Media.logValue(c.MediaDir)),
		slog.String("media_url", c.MediaURL),
		slog.String("debug_addr", c.DebugAddr),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.Int("catalog_cache_mb", c.CatalogCacheMB),
		slog.String("public_url", c.PublicURL),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.Duration("session_ttl", c.SessionTTL),
		slog.String("smtp_host", c.SMTP.Host),
		slog.Int("smtp_port", c.SMTP.Port),
		slog.String("smtp_username", c.SMTP.Username),
		slog.Bool("smtp_password_set", c.SMTP.Password != ""),
		slog.String("smtp_from", c.SMTP.From),
		slog.String("smtp_tls", c.SMTP.TLS),
		slog.Bool("yookassa_enabled", c.YooKassa.Enabled()),
		slog.String("yookassa_shop_id", c.YooKassa.ShopID),
		slog.String("yookassa_api_url", c.YooKassa.APIURL),
		slog.Bool("yookassa_receipts", c.YooKassa.Receipts),
		slog.String("rate_limits", fmt.Sprintf("login %s per address, %s per e-mail; reset %s per address, %s per e-mail; register %s per address",
			c.LoginLimitPerIP, c.LoginLimitPerEmail, c.ResetLimitPerIP, c.ResetLimitPerEmail, c.RegisterLimitPerIP)),
		slog.String("http_timeouts", fmt.Sprintf("read header %s, read %s, write %s, idle %s; headers up to %d bytes",
			c.HTTP.ReadHeaderTimeout, c.HTTP.ReadTimeout, c.HTTP.WriteTimeout, c.HTTP.IdleTimeout, c.HTTP.MaxHeaderBytes)),
	)
}

// maskURL hides the password of a connection URL.
func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		if s == "" {
			return ""
		}
		return "(set)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// boolVar reads a switch: true, 1 or yes; false, 0, no or unset.
func boolVar(getenv func(string) string, name string) (bool, error) {
	switch getenv(name) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%s: want true or false", name)
}

func intVar(getenv func(string) string, name string, def, lo, hi int) (int, error) {
	s := getenv(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return def, fmt.Errorf("%s: want a whole number from %d to %d, got %q", name, lo, hi, s)
	}
	return n, nil
}
