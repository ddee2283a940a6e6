package order

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/order/internal/orderdb"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/text"
)

const maxNoteLen = 500

// SetStatus moves an order to status to on behalf of staff member by (SetStatusWith without a tracking number).
func (s *Service) SetStatus(ctx context.Context, by account.User, id int64, to Status, note string) (Order, error) {
	return s.SetStatusWith(ctx, by, id, StatusChange{To: to, Note: note})
}

// StatusChange is a staff member's move of an order: where to, why (for the history), and, when it is shipped,
// the carrier's tracking number (optional).
type StatusChange struct {
	To             Status
	Note           string
	TrackingNumber string
}

const maxTrackingLen = 100

// SetStatusWith moves an order as ch says on behalf of staff member by, along the graph Status.Next draws: the
// status, its history entry (with note), the tracking number, the customer's mail (which names it) and the
// audit entry are one transaction. Cancelling also gives the stock back and refunds what was paid online, as a
// customer's own cancellation does.
func (s *Service) SetStatusWith(ctx context.Context, by account.User, id int64, ch StatusChange) (Order, error) {
	to, note, tracking := ch.To, strings.TrimSpace(ch.Note), strings.TrimSpace(ch.TrackingNumber)
	var v apperr.Validation
	if utf8.RuneCountInString(note) > maxNoteLen || text.Multiline(note) != nil {
		v.Add("invalid_value", "note", fmt.Sprintf("must be text of at most %d characters", maxNoteLen))
	}
	switch {
	case tracking == "":
	case to != Shipped:
		v.Add("invalid_value", "tracking_number", "is given only when the order is shipped («"+Shipped.Label()+"»)")
	case utf8.RuneCountInString(tracking) > maxTrackingLen || text.Line(tracking) != nil:
		v.Add("invalid_value", "tracking_number", fmt.Sprintf("must be one line of at most %d characters", maxTrackingLen))
	}
	if err := v.Err(); err != nil {
		return Order{}, err
	}
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		// The order's row first; its variants (in id order), their units and payments after, as every other path does.
		o, err := s.Lock(ctx, tx, id)
		if err != nil {
			return err
		}
		from := o.Status
		if !from.CanMove(to, o.RequiresDelivery) {
			return transitionError(from, to, from.Next(o.RequiresDelivery))
		}
		if to == Cancelled {
			reason := "the shop cancelled the order"
			if note != "" {
				reason += ": " + note
			}
			if err := s.cancel(ctx, tx, o, cancellation{By: by.ID, Note: note, Reason: reason}); err != nil {
				return err
			}
		} else if err := s.move(ctx, tx, id, to, &by.ID, note); err != nil {
			return err
		}
		if tracking != "" {
			if err := s.q.WithTx(tx).SetTrackingNumber(ctx, orderdb.SetTrackingNumberParams{ID: id, TrackingNumber: &tracking}); err != nil {
				return err
			}
			o.TrackingNumber = &tracking
		}
		if to == Delivered { // handed over: its fur units are sold, paid or not yet
			if err := s.catalog.SellUnits(ctx, tx, id, &by.ID, "handed over"); err != nil {
				return err
			}
		}
		if err := mail.Enqueue(ctx, tx, statusMail(o, to, s.publicURL)); err != nil {
			return err
		}
		after := map[string]any{"status": to.Label()}
		if note != "" {
			after["note"] = note
		}
		if tracking != "" {
			after["tracking_number"] = tracking
		}
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.status", ObjectType: "order", ObjectID: id,
			Before: map[string]any{"status": from.Label()}, After: after})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Order(ctx, id)
}

// move sets the order's status and writes the history entry, under the order's row lock held by tx.
func (s *Service) move(ctx context.Context, tx *store.Tx, id int64, to Status, by *int64, note string) error {
	q := s.q.WithTx(tx)
	if err := q.SetOrderStatus(ctx, orderdb.SetOrderStatusParams{ID: id, Status: string(to)}); err != nil {
		return err
	}
	return q.InsertStatusHistory(ctx, orderdb.InsertStatusHistoryParams{OrderID: id, Status: string(to), ChangedBy: by, Note: note})
}

// transitionError refuses from → to, naming where the order may go instead.
func transitionError(from, to Status, allowed []Status) error {
	var msg, field string
	switch {
	case len(allowed) == 0:
		msg = fmt.Sprintf("the order is «%s», which is final: its status can no longer change", from.Label())
		field = "no status may follow «" + from.Label() + "»"
	case from == to:
		msg = fmt.Sprintf("the order is already «%s»; it can move to %s", from.Label(), LabelList(allowed))
		field = "must be one of " + LabelList(allowed)
	default:
		msg = fmt.Sprintf("an order «%s» cannot become «%s»; it can move to %s", from.Label(), to.Label(), LabelList(allowed))
		field = "must be one of " + LabelList(allowed)
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "invalid_transition", Message: msg,
		Fields:  map[string]string{"status": field},
		Details: map[string]any{"from": from.Label(), "to": to.Label(), "allowed": Labels(allowed)}}
}
