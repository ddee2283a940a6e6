package order

import (
	"context"
	"fmt"
	"time"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
)

// StaffSummary is what the staff panel's Сводка shows of orders.
type StaffSummary struct {
	TodayOrders, WeekOrders   int64
	TodayRevenue, WeekRevenue money.Amount // cancelled orders left out
	Waiting                   int64        // «В обработке»: waiting for a manager to confirm them
}

// Summary counts the orders since today and week (the starts of the shop's day and week; week no later than
// today) and those waiting for confirmation.
func (s *Service) Summary(ctx context.Context, today, week time.Time) (StaffSummary, error) {
	r, err := s.q.StaffOrderSummary(ctx, orderdb.StaffOrderSummaryParams{Today: today, Week: week})
	if err != nil {
		return StaffSummary{}, fmt.Errorf("order summary: %w", err)
	}
	return StaffSummary{TodayOrders: r.TodayOrders, WeekOrders: r.WeekOrders, TodayRevenue: money.Amount(r.TodayRevenue),
		WeekRevenue: money.Amount(r.WeekRevenue), Waiting: r.Waiting}, nil
}
