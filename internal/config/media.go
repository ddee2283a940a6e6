package config

import (
	"errors"
	"fmt"
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

// loadMedia reads MEDIA_STORE and, for a bucket, the S3_* variables.
func loadMedia(getenv func(string) string, c *Config) []error {
	store := strings.TrimSpace(getenv("MEDIA_STORE"))
	if store == "" || store == "dir" {
		for _, name := range []string{"S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"} {
			if getenv(name) != "" {
				return []error{fmt.Errorf("%s is set, but MEDIA_STORE is not an s3:// bucket: pictures would go to MEDIA_DIR", name)}
			}
		}
		return nil
	}
	var errs []error
	u, err := url.Parse(store)
	if err != nil || u.Scheme != "s3" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return []error{errors.New("MEDIA_STORE: want dir (the folder MEDIA_DIR, the default) or s3://bucket[/prefix]")}
	}
	m := MediaStore{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/"), Region: getenv("S3_REGION"),
		AccessKeyID: getenv("S3_ACCESS_KEY_ID"), SecretAccessKey: getenv("S3_SECRET_ACCESS_KEY")}
	useSSL := true
	switch v := getenv("S3_USE_SSL"); v {
	case "", "true", "1", "yes":
	case "false", "0", "no":
		useSSL = false
	default:
		errs = append(errs, errors.New("S3_USE_SSL: want true or false"))
	}
	m.Endpoint, m.UseSSL = or(getenv("S3_ENDPOINT"), "s3.amazonaws.com"), useSSL
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
