package order

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// Get returns one of the user's orders with its lines and history. Someone else's order is not found.
func (s *Service) Get(ctx context.Context, userID, id int64) (Order, error) {
	row, err := s.q.GetUserOrder(ctx, orderdb.GetUserOrderParams{ID: id, UserID: userID})
	if err != nil {
		return Order{}, store.NotFound(err, ErrNotFound)
	}
	orders := []Order{orderOf(row)}
	return orders[0], s.fill(ctx, s.pool, orders, false)
}

// List returns a page of the user's orders, newest first, and how many there are.
func (s *Service) List(ctx context.Context, userID int64, page, pageSize int) ([]Order, int64, error) {
	count, err := s.q.CountUserOrders(ctx, userID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.q.ListUserOrders(ctx, orderdb.ListUserOrdersParams{UserID: userID, PageSize: int32(pageSize), Skip: int32((page - 1) * pageSize)})
	if err != nil {
		return nil, 0, err
	}
	orders := ordersOf(rows)
	return orders, count, s.fill(ctx, s.pool, orders, false)
}

// Order returns any customer's order as staff see it: with the customer and who made each change.
func (s *Service) Order(ctx context.Context, id int64) (Order, error) {
	row, err := s.q.GetOrder(ctx, id)
	if err != nil {
		return Order{}, store.NotFound(err, ErrNotFound)
	}
	orders := []Order{orderOf(row)}
	return orders[0], s.fill(ctx, s.pool, orders, true)
}

// Search returns a page of the orders f lets through, newest first, as staff see them, and how many there are
// in all.
func (s *Service) Search(ctx context.Context, f Filter, page, pageSize int) ([]Order, int64, error) {
	m, err := s.match(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	count, err := s.filtered.CountStaffOrders(ctx, orderdb.CountStaffOrdersParams{Status: m.Status, IsPaid: m.IsPaid,
		RequiresDelivery: m.RequiresDelivery, CreatedFrom: m.CreatedFrom, CreatedBefore: m.CreatedBefore,
		QUsers: m.QUsers, QPhone: m.QPhone})
	if err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	m.PageSize, m.Skip = int32(pageSize), int32((page-1)*pageSize)
	rows, err := s.filtered.ListStaffOrders(ctx, m)
	if err != nil {
		return nil, 0, fmt.Errorf("list orders: %w", err)
	}
	orders := ordersOf(rows)
	return orders, count, s.fill(ctx, s.pool, orders, true)
}

func ordersOf(rows []orderdb.Order) []Order {
	orders := make([]Order, len(rows))
	for i, r := range rows {
		orders[i] = orderOf(r)
	}
	return orders
}

// fill loads the lines and history of orders through q, in two queries whatever their number; for staff also
// who the customers and the authors of the changes are (one question to the account package).
func (s *Service) fill(ctx context.Context, q store.Querier, orders []Order, staff bool) error {
	if len(orders) == 0 {
		return nil
	}
	ids := make([]int64, len(orders))
	at := make(map[int64]*Order, len(orders))
	for i := range orders {
		ids[i] = orders[i].ID
		at[orders[i].ID] = &orders[i]
	}
	db := orderdb.New(q)
	items, err := db.ListOrderItems(ctx, ids)
	if err != nil {
		return fmt.Errorf("order lines: %w", err)
	}
	for _, it := range items {
		o := at[it.OrderID]
		o.Items = append(o.Items, Item{ID: it.ID, ProductID: it.ProductID, VariantID: it.VariantID, SKU: it.Sku,
			Size: it.Size, Height: it.Height, Color: it.Color, Name: it.Name, Slug: it.Slug, Image: it.Image,
			Price: money.Amount(it.Price), Quantity: it.Quantity, Returned: it.Returned, MarkedFur: it.MarkedFur})
	}
	// The first status is the order's creation, which the order row records; the history holds what came after.
	for i := range orders {
		o := &orders[i]
		o.History = append(o.History, Change{Status: Processing, At: o.CreatedAt, By: &o.UserID})
	}
	history, err := db.ListStatusHistory(ctx, ids)
	if err != nil {
		return fmt.Errorf("order history: %w", err)
	}
	for _, h := range history {
		o := at[h.OrderID]
		o.History = append(o.History, Change{Status: Status(h.Status), At: h.ChangedAt, By: h.ChangedBy, Note: h.Note})
	}
	if !staff {
		return nil
	}
	// The КИЗ of the fur units each line holds: the catalog's to tell.
	units, err := s.catalog.OrderUnits(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range orders {
		o := &orders[i]
		for j := range o.Items {
			it := &o.Items[j]
			if !it.MarkedFur {
				continue
			}
			it.FurCodes, it.Units = []string{}, []catalog.OrderUnit{}
			for _, u := range units[o.ID] { // an order has one line per variant
				if u.VariantID != it.VariantID {
					continue
				}
				it.Units = append(it.Units, u)
				if u.KIZ != nil {
					it.FurCodes = append(it.FurCodes, *u.KIZ)
				}
			}
		}
	}
	var people []int64
	for _, o := range orders {
		people = append(people, o.UserID)
		for _, h := range o.History {
			if h.By != nil {
				people = append(people, *h.By)
			}
		}
	}
	who, err := s.accounts.People(ctx, q, people)
	if err != nil {
		return err
	}
	for i := range orders {
		o := &orders[i]
		if p, ok := who[o.UserID]; ok {
			o.Customer = p
		}
		for j, h := range o.History {
			if h.By != nil {
				o.History[j].ByEmail = who[*h.By].Email
			}
		}
	}
	return nil
}
