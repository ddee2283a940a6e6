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

// Config is everything the server is told from outside. The README has the same list in one table.
type Config struct {
	Host               string // HOST: interface to listen on
	Port               int    // PORT
	DatabaseURL        string // DATABASE_URL (secret: may hold a password)
	DatabaseMaxConns   int32  // DATABASE_MAX_CONNS: 0 = pgx's default
	LogLevel           slog.Level
	LogFormat          string         // LOG_FORMAT: text or json
	CORSAllowedOrigins []string       // CORS_ALLOWED_ORIGINS: comma-separated origins; none by default
	MediaDir           string         // MEDIA_DIR: where pictures are stored
	MediaURL           string         // MEDIA_URL: absolute base URL of pictures (a CDN); empty = this server's /media/
	DebugAddr          string         // DEBUG_ADDR: where to serve pprof (e.g. 127.0.0.1:6060); empty = nowhere
	CatalogCacheMB     int            // CATALOG_CACHE_MB: memory for rendered catalog answers between changes; 0 = off
	PublicURL          string         // PUBLIC_URL: the store's web address, for links in mail
	TrustedProxies     []netip.Prefix // TRUSTED_PROXIES: our reverse proxies, whose X-Forwarded-For we believe
	SessionTTL         time.Duration  // SESSION_TTL: how long a sign-in lasts

	SMTP SMTP

	LoginLimitPerIP    ratelimit.Limit // RATE_LIMIT_LOGIN_IP
	LoginLimitPerEmail ratelimit.Limit // RATE_LIMIT_LOGIN_EMAIL
	ResetLimitPerIP    ratelimit.Limit // RATE_LIMIT_RESET_IP
	ResetLimitPerEmail ratelimit.Limit // RATE_LIMIT_RESET_EMAIL
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

// Load reads the configuration through getenv (os.Getenv in main, a map in tests) and reports every bad
// variable at once.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Host:        or(getenv("HOST"), "127.0.0.1"),
		DatabaseURL: getenv("DATABASE_URL"),
		LogFormat:   or(getenv("LOG_FORMAT"), "text"),
		MediaDir:    or(getenv("MEDIA_DIR"), "var/media"),
		MediaURL:    getenv("MEDIA_URL"),
		DebugAddr:   getenv("DEBUG_ADDR"),
	}
	var errs []error
	var err error
	if c.Port, err = intVar(getenv, "PORT", 8000, 0, 65535); err != nil {
		errs = append(errs, err)
	}
	maxConns, err := intVar(getenv, "DATABASE_MAX_CONNS", 0, 0, 1000)
	if err != nil {
		errs = append(errs, err)
	}
	c.DatabaseMaxConns = int32(maxConns)
	c.PublicURL = strings.TrimSuffix(or(getenv("PUBLIC_URL"), fmt.Sprintf("http://127.0.0.1:%d", c.Port)), "/")
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("PUBLIC_URL: want the store's address, e.g. https://mekha-shuby.ru"))
	}
	for _, p := range strings.Split(getenv("TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or CIDR range", p))
				continue
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
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
	} {
		if *l.to, err = ratelimit.Parse(or(getenv(l.name), l.def)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", l.name, err))
		}
	}
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
		slog.String("log_level", c.LogLevel.String()),
		slog.Any("cors_allowed_origins", c.CORSAllowedOrigins),
		slog.String("media_dir", c.MediaDir),
		slog.String("media_url", c.MediaURL),
		slog.String("debug_addr", c.DebugAddr),
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
		slog.String("rate_limits", fmt.Sprintf("login %s per address, %s per e-mail; reset %s per address, %s per e-mail",
			c.LoginLimitPerIP, c.LoginLimitPerEmail, c.ResetLimitPerIP, c.ResetLimitPerEmail)),
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
