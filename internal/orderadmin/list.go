package orderadmin

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

// List returns a page of the orders f lets through, newest first, and how many there are in all.
func (s *Service) List(ctx context.Context, f Filter, page, pageSize int) ([]Order, int64, error) {
	email, digits := f.search()
	count, err := s.filtered.CountAdminOrders(ctx, db.CountAdminOrdersParams{Status: f.status(), IsPaid: f.IsPaid,
		RequiresDelivery: f.RequiresDelivery, CreatedFrom: f.from(), CreatedBefore: f.before(), QEmail: email, QPhone: digits})
	if err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	rows, err := s.filtered.ListAdminOrders(ctx, db.ListAdminOrdersParams{Status: f.status(), IsPaid: f.IsPaid,
		RequiresDelivery: f.RequiresDelivery, CreatedFrom: f.from(), CreatedBefore: f.before(), QEmail: email, QPhone: digits,
		PageSize: int32(pageSize), Skip: int32((page - 1) * pageSize)})
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	orders := make([]Order, len(rows))
	for i, r := range rows {
		orders[i] = orderOf(r.Order, r.Email, r.FirstName, r.LastName)
	}
	return orders, count, s.fill(ctx, orders)
}

// Get returns an order with its lines, history, payments and refunds.
func (s *Service) Get(ctx context.Context, id int64) (Detail, error) {
	row, err := s.q.GetAdminOrder(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Detail{}, errNotFound
	}
	if err != nil {
		return Detail{}, fmt.Errorf("get order %d: %w", id, err)
	}
	orders := []Order{orderOf(row.Order, row.Email, row.FirstName, row.LastName)}
	if err := s.fill(ctx, orders); err != nil {
		return Detail{}, err
	}
	payments, refunds, err := s.payments.ForOrder(ctx, id)
	if err != nil {
		return Detail{}, fmt.Errorf("payments of order %d: %w", id, err)
	}
	return Detail{Order: orders[0], Payments: payments, Refunds: refunds}, nil
}

// fill loads the lines and history of orders in two queries, whatever their number.
func (s *Service) fill(ctx context.Context, orders []Order) error {
	if len(orders) == 0 {
		return nil
	}
	ids := make([]int64, len(orders))
	at := make(map[int64]*Order, len(orders))
	for i := range orders {
		ids[i] = orders[i].ID
		at[orders[i].ID] = &orders[i]
	}
	items, err := s.q.ListAdminOrderItems(ctx, ids)
	if err != nil {
		return fmt.Errorf("order lines: %w", err)
	}
	for _, it := range items {
		var pid int64
		if it.ProductID != nil {
			pid = *it.ProductID
		}
		o := at[it.OrderID]
		o.Items = append(o.Items, Item{ID: it.ID, ProductID: pid, Name: it.Name, Price: money.Amount(it.Price),
			Quantity: it.Quantity, FurCodes: it.FurCodes, MarkedFur: it.MarkedFur})
	}
	history, err := s.q.ListAdminStatusHistory(ctx, ids)
	if err != nil {
		return fmt.Errorf("order history: %w", err)
	}
	for _, h := range history {
		o := at[h.OrderID]
		c := Change{Status: order.Status(h.Status), At: h.ChangedAt, By: h.ChangedBy, Note: h.Note}
		if h.ChangedByEmail != nil {
			c.ByEmail = *h.ChangedByEmail
		}
		o.History = append(o.History, c)
	}
	return nil
}
