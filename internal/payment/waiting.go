package payment

import (
	"context"
	"fmt"
)

// Waiting counts the online payments customers started that ЮKassa has not settled yet.
func (s *Service) Waiting(ctx context.Context) (int64, error) {
	n, err := s.q.CountPaymentsWaiting(ctx)
	if err != nil {
		return 0, fmt.Errorf("payments waiting: %w", err)
	}
	return n, nil
}
