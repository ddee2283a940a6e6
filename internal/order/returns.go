package order

import (
	"context"
	"fmt"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
)

// CanReturn says whether goods of o may come back from its customer: only once it has been handed over
// («Выдан»). Before that nothing has left the shop, and an order that is not wanted any more is cancelled.
func (o Order) CanReturn() error {
	if o.Status == Delivered {
		return nil
	}
	msg := fmt.Sprintf("the order is «%s»: goods come back only after it is «%s»", o.Status.Label(), Delivered.Label())
	if o.Status.CanMove(Cancelled, o.RequiresDelivery) {
		msg += "; cancel it instead"
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "not_delivered", Message: msg,
		Fields: map[string]string{"return_units": "the order has not been handed over"}}
}

// RecordReturn takes back, under o's row lock held by tx, the fur units unitIDs that o's customer sent back
// after it was handed over (catalog.Service.ReturnUnits: they wait in returned for inspection; units this
// order already returned stay so), and writes the return into the order's history with note, made by staff
// member by. The order stays «Выдан»: a return is a step in its history, not a status of its own, and the
// money goes back through the payment package's refund that calls this.
func (s *Service) RecordReturn(ctx context.Context, tx *store.Tx, o Order, unitIDs []int64, by int64, note string) error {
	if err := o.CanReturn(); err != nil {
		return err
	}
	if _, err := s.catalog.ReturnUnits(ctx, tx, o.ID, unitIDs, &by, note); err != nil {
		return err
	}
	return s.q.WithTx(tx).InsertStatusHistory(ctx, orderdb.InsertStatusHistoryParams{OrderID: o.ID, Status: string(o.Status),
		ChangedBy: &by, Note: note})
}
