package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMediaStore(t *testing.T) {
	keys := map[string]string{"S3_ACCESS_KEY_ID": "AKIA-shop", "S3_SECRET_ACCESS_KEY": "bucket-s3cret"}
	with := func(m map[string]string) map[string]string {
		for k, v := range keys {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want MediaStore
	}{
		{"the folder by default", map[string]string{}, MediaStore{}},
		{"the folder by name", map[string]string{"MEDIA_STORE": "dir"}, MediaStore{}},
		{"AWS", with(map[string]string{"MEDIA_STORE": "s3://mekha-media", "S3_REGION": "eu-central-1"}),
			MediaStore{Bucket: "mekha-media", Endpoint: "s3.amazonaws.com", UseSSL: true, Region: "eu-central-1",
				AccessKeyID: "AKIA-shop", SecretAccessKey: "bucket-s3cret"}},
		{"a prefix and an http endpoint", with(map[string]string{"MEDIA_STORE": "s3://shop/media/pictures/", "S3_ENDPOINT": "http://minio:9000"}),
			MediaStore{Bucket: "shop", Prefix: "media/pictures", Endpoint: "minio:9000", AccessKeyID: "AKIA-shop", SecretAccessKey: "bucket-s3cret"}},
		{"a bare endpoint without TLS", with(map[string]string{"MEDIA_STORE": "s3://shop", "S3_ENDPOINT": "10.0.0.5:9000", "S3_USE_SSL": "false"}),
			MediaStore{Bucket: "shop", Endpoint: "10.0.0.5:9000", AccessKeyID: "AKIA-shop", SecretAccessKey: "bucket-s3cret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.Media); diff != "" {
				t.Error(diff)
			}
			if got := c.LogValue().String(); strings.Contains(got, "bucket-s3cret") {
				t.Errorf("the secret key in the log line: %s", got)
			}
		})
	}
}

func TestMediaStoreRefuses(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		name string // the variable the error must name
	}{
		{map[string]string{"MEDIA_STORE": "https://shop.example/media"}, "MEDIA_STORE"},
		{map[string]string{"MEDIA_STORE": "s3://"}, "MEDIA_STORE"},
		{map[string]string{"MEDIA_STORE": "s3://shop"}, "S3_SECRET_ACCESS_KEY"},
		{map[string]string{"MEDIA_STORE": "s3://shop", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s", "S3_USE_SSL": "maybe"}, "S3_USE_SSL"},
		{map[string]string{"MEDIA_STORE": "s3://shop", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s", "S3_ENDPOINT": "ftp://x"}, "S3_ENDPOINT"},
		{map[string]string{"S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s"}, "MEDIA_STORE"},
	} {
		if _, err := Load(env(tt.env)); err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("Load(%v) = %v, want an error naming %s", tt.env, err, tt.name)
		}
	}
}
