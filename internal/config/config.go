// Package config reads the environment once, at start, into a typed and validated Config. No other package
// reads the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
)

// Config is everything the server is told from outside. The README has the same list in one table.
type Config struct {
	Host               string // HOST: interface to listen on
	Port               int    // PORT
	DatabaseURL        string // DATABASE_URL (secret: may hold a password)
	DatabaseMaxConns   int32  // DATABASE_MAX_CONNS: 0 = pgx's default
	LogLevel           slog.Level
	LogFormat          string   // LOG_FORMAT: text or json
	CORSAllowedOrigins []string // CORS_ALLOWED_ORIGINS: comma-separated origins; none by default
	MediaDir           string   // MEDIA_DIR: where pictures are stored
	MediaURL           string   // MEDIA_URL: absolute base URL of pictures (a CDN); empty = this server's /media/
	DebugAddr          string   // DEBUG_ADDR: where to serve pprof (e.g. 127.0.0.1:6060); empty = nowhere
	CatalogCacheMB     int      // CATALOG_CACHE_MB: memory for rendered catalog answers between changes; 0 = off
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
