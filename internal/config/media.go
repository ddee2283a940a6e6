package config

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"
)

// MediaStore is where pictures are kept: the folder MEDIA_DIR (Bucket empty), or an S3-compatible bucket that
// every server shares (MEDIA_STORE=s3://bucket/prefix).
type MediaStore struct {
	Bucket          string // from MEDIA_STORE; "" = the folder
	Prefix          string // from MEDIA_STORE: a folder inside the bucket; "" = its top
	Endpoint        string // S3_ENDPOINT as host[:port]; default s3.amazonaws.com
	UseSSL          bool   // https: the scheme of S3_ENDPOINT, else S3_USE_SSL (default true)
	Region          string // S3_REGION; "" = ask the endpoint
	AccessKeyID     string // S3_ACCESS_KEY_ID
	SecretAccessKey string // S3_SECRET_ACCESS_KEY (secret)
}

// loadMedia reads MEDIA_STORE and the S3_* variables (always all of them, so docs/configuration.md's test sees
// every one; they matter only for a bucket).
func loadMedia(getenv func(string) string, c *Config) []error {
	store := strings.TrimSpace(getenv("MEDIA_STORE"))
	var errs []error
	m := MediaStore{Endpoint: or(getenv("S3_ENDPOINT"), "s3.amazonaws.com"), UseSSL: true, Region: getenv("S3_REGION"),
		AccessKeyID: getenv("S3_ACCESS_KEY_ID"), SecretAccessKey: getenv("S3_SECRET_ACCESS_KEY")}
	switch v := getenv("S3_USE_SSL"); v {
	case "", "true", "1", "yes":
	case "false", "0", "no":
		m.UseSSL = false
	default:
		errs = append(errs, errors.New("S3_USE_SSL: want true or false"))
	}
	if store == "" || store == "dir" {
		// Keys given for a folder store mean a mistyped MEDIA_STORE: pictures would silently stay on this machine.
		if m.AccessKeyID != "" || m.SecretAccessKey != "" {
			errs = append(errs, errors.New("S3_ACCESS_KEY_ID or S3_SECRET_ACCESS_KEY is set, but MEDIA_STORE is not an s3:// bucket: pictures would go to MEDIA_DIR"))
		}
		return errs
	}
	u, err := url.Parse(store)
	if err != nil || u.Scheme != "s3" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return append(errs, errors.New("MEDIA_STORE: want dir (the folder MEDIA_DIR, the default) or s3://bucket[/prefix]"))
	}
	m.Bucket, m.Prefix = u.Host, strings.Trim(u.Path, "/")
	if strings.Contains(m.Endpoint, "://") {
		e, err := url.Parse(m.Endpoint)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" || strings.Trim(e.Path, "/") != "" {
			errs = append(errs, errors.New("S3_ENDPOINT: want host[:port] or http(s)://host[:port], without a path"))
		} else {
			m.Endpoint, m.UseSSL = e.Host, e.Scheme == "https"
		}
	}
	if m.AccessKeyID == "" || m.SecretAccessKey == "" {
		errs = append(errs, errors.New("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: both are needed for an s3:// MEDIA_STORE"))
	}
	c.Media = m
	return errs
}

// logValue shows where pictures go, without the secret key.
func (m MediaStore) logValue(dir string) slog.Value {
	if m.Bucket == "" {
		return slog.GroupValue(slog.String("store", "dir"), slog.String("dir", dir))
	}
	scheme := "https"
	if !m.UseSSL {
		scheme = "http"
	}
	return slog.GroupValue(
		slog.String("store", "s3://"+m.Bucket+"/"+m.Prefix),
		slog.String("s3_endpoint", scheme+"://"+m.Endpoint),
		slog.String("s3_region", m.Region),
		slog.String("s3_access_key_id", m.AccessKeyID),
		slog.Bool("s3_secret_access_key_set", m.SecretAccessKey != ""),
	)
}
