package yookassa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

const (
	// maxWait caps every pause between attempts, Retry-After included: a payer is waiting on the other end.
	maxWait = 10 * time.Second
	// maxResponse bounds what is read of an answer; ЮKassa's objects are a few kilobytes.
	maxResponse = 1 << 20
)

// do sends one API call and decodes the answer into out. A POST is marshalled once, so every retry sends the
// same bytes with the same key: ЮKassa then replays the first result instead of acting twice.
func (c *Client) do(ctx context.Context, method, path, key string, in, out any) error {
	var body []byte
	if method == http.MethodPost {
		if err := checkKey(key); err != nil {
			return err
		}
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("yookassa: %s %s: encode request: %w", method, path, err)
		}
	}
	data, err := c.retry(ctx, method, path, key, body)
	if err == nil {
		if err = json.Unmarshal(data, out); err != nil {
			err = fmt.Errorf("decode answer: %w", err)
		}
	}
	if err != nil {
		return c.redact(fmt.Errorf("yookassa: %s %s: %w", method, path, err))
	}
	return nil
}

// retry sends the request until it gets a final answer and returns the body of a 2xx. Network errors,
// timeouts, 5xx, 429 (and the legacy 202 "still processing") are retried with backoff, up to MaxAttempts;
// other answers are final. The caller's context ends it at once.
func (c *Client) retry(ctx context.Context, method, path, key string, body []byte) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		res, err := c.send(ctx, method, path, key, body)
		var wait time.Duration
		switch {
		case err != nil && ctx.Err() != nil: // the caller gave up
			if !errors.Is(err, ctx.Err()) {
				err = fmt.Errorf("%w: %w", ctx.Err(), err)
			}
			return nil, err
		case errors.Is(err, errNotSent):
			return nil, err
		case err != nil:
			// A network error or this attempt's timeout: the outcome is unknown, so send the same again.
		case res.status >= 200 && res.status < 300 && res.status != http.StatusAccepted:
			return res.body, nil
		default:
			apiErr := c.parseError(res.status, res.body)
			if res.status == http.StatusAccepted {
				apiErr.Type, apiErr.Description = "processing", "the request is still being processed"
			}
			if !apiErr.Retryable() {
				return nil, apiErr
			}
			err, wait = apiErr, res.retryAfter
		}
		if attempt >= c.cfg.MaxAttempts {
			return nil, fmt.Errorf("%w (after %d attempts)", err, attempt)
		}
		pause := max(c.backoff(attempt), wait)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < pause {
			// Sleeping past the caller's deadline would only turn a clear error into a timeout.
			return nil, fmt.Errorf("%w (after %d attempts; the deadline comes before the next)", err, attempt)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (last attempt: %w)", ctx.Err(), err)
		case <-t.C:
		}
	}
}

// backoff is the pause after the given failed attempt: RetryBase doubled per attempt, capped at maxWait, with
// "equal jitter" (half fixed, half random) so that many clients retrying at once spread out.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.RetryBase
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + rand.N(half+1)
}

// errNotSent marks a request that could not even be built: retrying cannot help.
var errNotSent = errors.New("request not sent")

type response struct {
	status     int
	body       []byte
	retryAfter time.Duration // from Retry-After (or a 202's retry_after); zero when absent
}

// send makes one attempt under its own timeout.
func (c *Client) send(ctx context.Context, method, path, key string, body []byte) (response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+path, r)
	if err != nil {
		return response{}, fmt.Errorf("%w: %w", errNotSent, err)
	}
	req.SetBasicAuth(c.cfg.ShopID, c.cfg.SecretKey)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotence-Key", key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return response{}, fmt.Errorf("read answer (HTTP %d): %w", resp.StatusCode, err)
	}
	res := response{status: resp.StatusCode, body: data, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if res.status == http.StatusAccepted && res.retryAfter == 0 {
		var p struct {
			RetryAfter int64 `json:"retry_after"` // milliseconds, in old API versions
		}
		if json.Unmarshal(data, &p) == nil && p.RetryAfter > 0 {
			res.retryAfter = time.Duration(min(p.RetryAfter, int64(maxWait/time.Millisecond))) * time.Millisecond
		}
	}
	return res, nil
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date. Nonsense reads as zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(min(s, int64(maxWait/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), maxWait)
	}
	return 0
}
