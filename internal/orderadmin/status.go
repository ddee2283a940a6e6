package orderadmin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

const maxNoteLen = 500

// SetStatus moves an order to status to on behalf of staff member by, along the graph order.Status.Next draws:
// the status, its history entry (with note), the customer's mail and the audit entry are one transaction.
// Cancelling also gives the stock back and refunds what was paid online, as a customer's own cancellation does.
func (s *Service) SetStatus(ctx context.Context, by account.User, id int64, to order.Status, note string) (Detail, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxNoteLen || !utf8.ValidString(note) || strings.ContainsRune(note, 0) {
		return Detail{}, apperr.Field("invalid_value", "note", fmt.Sprintf("must be text of at most %d characters", maxNoteLen))
	}
	after := func(context.Context) {}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		// The order's row first; its products (in id order) and payments after, as every other path does.
		o, err := q.LockAdminOrder(ctx, id)
		if errors.Is(err, pgx.ErrNoRows) {
			return errNotFound
		}
		if err != nil {
			return fmt.Errorf("lock order %d: %w", id, err)
		}
		from := order.Status(o.Status)
		if !from.CanMove(to, o.RequiresDelivery) {
			return transitionError(from, to, from.Next(o.RequiresDelivery))
		}
		if to == order.Cancelled {
			reason := "the shop cancelled the order"
			if note != "" {
				reason += ": " + note
			}
			c := order.Cancellation{By: by.ID, Note: note, Reason: reason}
			if after, err = order.CancelTx(ctx, tx, s.catalog, s.payments, id, c); err != nil {
				return err
			}
		} else {
			if err := q.SetOrderStatus(ctx, db.SetOrderStatusParams{ID: id, Status: string(to)}); err != nil {
				return err
			}
			if err := q.InsertStatusHistory(ctx, db.InsertStatusHistoryParams{OrderID: id, Status: string(to), ChangedBy: &by.ID, Note: note}); err != nil {
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
		return audit.Record(ctx, tx, by, audit.Entry{Action: "order.status", ObjectType: "order", ObjectID: id,
			Before: map[string]any{"status": from.Label()}, After: after})
	})
	if err != nil {
		return Detail{}, err
	}
	after(ctx) // a cancellation's stock back on sale, then its refund sent
	return s.Get(ctx, id)
}

// transitionError refuses from → to, naming where the order may go instead.
func transitionError(from, to order.Status, allowed []order.Status) error {
	var msg, field string
	switch {
	case len(allowed) == 0:
		msg = fmt.Sprintf("the order is «%s», which is final: its status can no longer change", from.Label())
		field = "no status may follow «" + from.Label() + "»"
	case from == to:
		msg = fmt.Sprintf("the order is already «%s»; it can move to %s", from.Label(), labelList(allowed))
		field = "must be one of " + labelList(allowed)
	default:
		msg = fmt.Sprintf("an order «%s» cannot become «%s»; it can move to %s", from.Label(), to.Label(), labelList(allowed))
		field = "must be one of " + labelList(allowed)
	}
	return &apperr.Error{Kind: apperr.Conflict, Code: "invalid_transition", Message: msg,
		Fields:  map[string]string{"status": field},
		Details: map[string]any{"from": from.Label(), "to": to.Label(), "allowed": order.Labels(allowed)}}
}
