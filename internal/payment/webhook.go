package payment

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// Notification is what ЮKassa posts to the webhook. Only the event's object id is used: the object itself is
// fetched from the API, so a forged body can at most make us look.
type Notification struct {
	Type   string `json:"type"`
	Event  string `json:"event"`
	Object struct {
		ID string `json:"id"`
	} `json:"object"`
}

// Outcome is what a notification led to.
type Outcome string

const (
	Applied Outcome = "applied" // our record now says what ЮKassa says
	Ignored Outcome = "ignored" // nothing for us: an event we do not handle, an object we do not know
)

// notifyTimeout bounds the API call a notification makes, so the webhook answers quickly even when ЮKassa's
// API is slow (ЮKassa then re-sends, and the reconciliation job catches up anyway).
const notifyTimeout = 5 * time.Second

// Notify acts on a notification: it fetches the object it names from ЮKassa with our credentials, checks it
// against our record, and moves our state forward. An error means "try again later" (ЮKassa could not be
// asked, or our database failed); everything we deliberately do nothing about is Ignored.
func (s *Service) Notify(ctx context.Context, n Notification) (Outcome, error) {
	if s.api == nil {
		return Ignored, nil
	}
	ctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	kind, _, _ := strings.Cut(n.Event, ".")
	switch kind {
	case "payment":
		row, err := s.q.PaymentByYooKassaID(ctx, &n.Object.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			s.log.Warn("notification about a payment we do not know", "event", n.Event, "yookassa_id", n.Object.ID)
			return Ignored, nil
		}
		if err != nil {
			return "", err
		}
		remote, err := s.api.GetPayment(ctx, n.Object.ID)
		if ignore, err := fetchFailed(err); err != nil || ignore {
			return Ignored, err
		}
		if _, err := s.apply(ctx, row, remote); err != nil {
			if errors.Is(err, errMismatch) {
				return Ignored, nil
			}
			return "", err
		}
		return Applied, nil
	case "refund":
		row, err := s.q.RefundByYooKassaID(ctx, &n.Object.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			s.log.Warn("notification about a refund we do not know", "event", n.Event, "yookassa_id", n.Object.ID)
			return Ignored, nil
		}
		if err != nil {
			return "", err
		}
		remote, err := s.api.GetRefund(ctx, n.Object.ID)
		if ignore, err := fetchFailed(err); err != nil || ignore {
			return Ignored, err
		}
		if _, err := s.applyRefund(ctx, row, remote); err != nil {
			if errors.Is(err, errMismatch) {
				return Ignored, nil
			}
			return "", err
		}
		return Applied, nil
	}
	s.log.Info("notification of an event we do not handle", "event", n.Event)
	return Ignored, nil
}

// fetchFailed sorts out a failed API read: ЮKassa saying the object does not exist means the notification
// was not from it (ignore); anything else may pass (try again later).
func fetchFailed(err error) (ignore bool, _ error) {
	if err == nil {
		return false, nil
	}
	var apiErr *yookassa.Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
		return true, nil
	}
	return false, err
}
