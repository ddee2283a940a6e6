package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Person is who an account is, as other packages show it: an order's customer, who changed a status or the
// stock.
type Person struct {
	ID        int64
	Email     string
	FirstName string
	LastName  string
}

// Name is the person's name as they gave it, first name first.
func (p Person) Name() string { return strings.TrimSpace(p.FirstName + " " + p.LastName) }

// People returns the accounts with the given ids, by id, read through q (the pool, or the caller's
// transaction). An id with no account (since deleted) is missing from the map.
func (s *Service) People(ctx context.Context, q store.Querier, ids []int64) (map[int64]Person, error) {
	out := make(map[int64]Person, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := accountdb.New(q).PeopleByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("accounts %v: %w", ids, err)
	}
	for _, r := range rows {
		out[r.ID] = Person(r)
	}
	return out, nil
}

// Find returns the ids of the accounts whose e-mail holds email (lower-cased by the caller) or, when
// phoneDigits is not empty, whose phone holds those digits: the back office's customer search.
func (s *Service) Find(ctx context.Context, email, phoneDigits string) ([]int64, error) {
	var digits *string
	if phoneDigits != "" {
		digits = &phoneDigits
	}
	ids, err := s.q.FindUserIDs(ctx, accountdb.FindUserIDsParams{Email: email, PhoneDigits: digits})
	if err != nil {
		return nil, fmt.Errorf("find accounts: %w", err)
	}
	return ids, nil
}
