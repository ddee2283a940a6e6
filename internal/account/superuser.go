package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
	"github.com/mekhaishuby/furstore/internal/apperr"
)

// CreateSuperuser makes email a member of staff. An existing account is promoted and keeps its password; for a
// new one, password is called to get it (from a prompt or the environment, never a flag) and must pass the
// password policy. It reports whether an account was created.
func (s *Service) CreateSuperuser(ctx context.Context, email string, password func() (string, error)) (created bool, err error) {
	var v apperr.Validation
	email = normalizeEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return false, err
	}
	u, err := s.q.GetUserByEmail(ctx, email)
	if err == nil {
		return false, s.q.PromoteUser(ctx, u.ID)
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return false, fmt.Errorf("find user: %w", err)
	}
	pw, err := password()
	if err != nil {
		return false, err
	}
	checkPassword(&v, "password", pw, email)
	if err := v.Err(); err != nil {
		return false, err
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return false, err
	}
	_, err = s.q.CreateUser(ctx, accountdb.CreateUserParams{Email: email, PasswordHash: hash, IsStaff: true})
	if err != nil {
		return false, fmt.Errorf("create staff user: %w", err)
	}
	return true, nil
}
