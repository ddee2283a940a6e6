package account

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/token"
)

// RequestReset starts password recovery: for an address with an account, a single-use link valid for ResetTTL
// goes out by mail, and older links stop working. The caller learns nothing about whether the account exists:
// the answer is the same and takes at least ResetFloor either way. Requests are limited per client address
// and per e-mail, so nobody can flood a mailbox.
func (s *Service) RequestReset(ctx context.Context, client netip.Addr, email string) error {
	start := time.Now()
	var v apperr.Validation
	email = normalizeEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.limit(ctx, "reset", client, email, s.cfg.Limits.ResetPerIP, s.cfg.Limits.ResetPerEmail); err != nil {
		return err
	}
	err := s.queueReset(ctx, email)
	// Wait out the floor whatever happened, so that "no such account" is not faster than "mail queued".
	select {
	case <-time.After(time.Until(start.Add(s.cfg.ResetFloor))):
	case <-ctx.Done():
	}
	return err
}

func (s *Service) queueReset(ctx context.Context, email string) error {
	u, err := s.q.GetUserByEmail(ctx, email)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !u.IsActive) { // a switched-off account gets no link
		return nil
	}
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	tok, hash := token.New()
	return store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		if err := q.SpendUserResets(ctx, u.ID); err != nil {
			return err
		}
		if err := q.CreateReset(ctx, accountdb.CreateResetParams{UserID: u.ID, TokenHash: hash, ExpiresAt: time.Now().Add(s.cfg.ResetTTL)}); err != nil {
			return err
		}
		return mail.Enqueue(ctx, tx, resetMail(userOf(u), s.cfg.PublicURL, tok, s.cfg.ResetTTL))
	})
}

var errBadResetToken = apperr.Field("invalid_token", "token", "the link is unknown, used or expired; ask for a new one")

// ConfirmReset sets a new password with a reset token. The token works once; the new password follows the
// same policy as at registration, and every session of the user ends (whoever knew the old password is out).
// A new password the policy refuses leaves the token usable, so the customer can try another.
func (s *Service) ConfirmReset(ctx context.Context, tok, password string) error {
	var v apperr.Validation
	if tok == "" {
		v.Add("required", "token", "is required")
	}
	if password == "" {
		v.Add("required", "new_password", "is required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if len(tok) > token.MaxLen {
		return errBadResetToken
	}
	// A first look without a lock: an unknown or spent token, or a password the policy refuses, costs no
	// hash. The hash comes before the row lock: argon2id takes tens of milliseconds, the lock should not.
	r, err := s.q.GetLiveReset(ctx, token.Hash(tok))
	if errors.Is(err, pgx.ErrNoRows) {
		return errBadResetToken
	}
	if err != nil {
		return fmt.Errorf("find reset: %w", err)
	}
	checkPassword(&v, "new_password", password, r.Email)
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		r, err := q.GetLiveResetForUpdate(ctx, token.Hash(tok)) // again, locked: it may have been spent meanwhile
		if errors.Is(err, pgx.ErrNoRows) {
			return errBadResetToken
		}
		if err != nil {
			return fmt.Errorf("find reset: %w", err)
		}
		if err := q.UpdateUserPassword(ctx, accountdb.UpdateUserPasswordParams{ID: r.UserID, PasswordHash: hash}); err != nil {
			return err
		}
		if err := q.SpendReset(ctx, r.ID); err != nil {
			return err
		}
		return q.DeleteUserSessions(ctx, r.UserID)
	})
	if err == nil {
		s.changes.Bump() // every session of the user ended: none may be answered from memory
	}
	return err
}

// Housekeep deletes expired sessions, old reset tokens and finished rate-limit windows. Run it now and then.
func (s *Service) Housekeep(ctx context.Context) error {
	if _, err := s.q.DeleteExpiredSessions(ctx); err != nil {
		return err
	}
	if _, err := s.q.DeleteOldResets(ctx); err != nil {
		return err
	}
	_, err := s.limiter.Forget(ctx, time.Now().Add(-24*time.Hour))
	return err
}
