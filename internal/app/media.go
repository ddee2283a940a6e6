package app

import (
	"context"
	"time"

	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/media"
)

// mediaCheckTimeout bounds the look at the bucket at start (that it exists and the keys may read it).
const mediaCheckTimeout = 30 * time.Second

// OpenMedia is the picture store cfg names: the folder MEDIA_DIR, or the bucket of MEDIA_STORE, checked.
func OpenMedia(ctx context.Context, cfg config.Config) (*media.Store, error) {
	m := cfg.Media
	if m.Bucket == "" {
		return media.NewStore(cfg.MediaDir)
	}
	ctx, cancel := context.WithTimeout(ctx, mediaCheckTimeout)
	defer cancel()
	b, err := media.NewBucket(ctx, media.BucketConfig{Endpoint: m.Endpoint, UseSSL: m.UseSSL, Region: m.Region,
		AccessKeyID: m.AccessKeyID, SecretAccessKey: m.SecretAccessKey, Bucket: m.Bucket, Prefix: m.Prefix})
	if err != nil {
		return nil, err
	}
	return media.New(b), nil
}
