package catalog

import (
	"context"
	"net/http"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/web"
)

const maxReason = 250

// stockBody is the JSON body of POST /api/admin/products/{id}/stock: exactly one of set and delta.
type stockBody struct {
	Set    optional[int64]  `json:"set"`
	Delta  optional[int64]  `json:"delta"`
	Reason optional[string] `json:"reason"`
}

func (b stockBody) change() (StockChange, error) {
	var c checker
	var ch StockChange
	b.Set, b.Delta = orAbsent(b.Set), orAbsent(b.Delta)
	switch {
	case b.Set.Set && b.Delta.Set:
		c.Add("invalid_input", "set", "give set or delta, not both")
		c.Add("invalid_input", "delta", "give set or delta, not both")
	case b.Set.Set:
		ch.Set = int32Of(c.number("set", b.Set, 0, MaxStock, true))
	case b.Delta.Set:
		if b.Delta.V == 0 {
			c.Add("invalid_delta", "delta", "must not be 0")
		} else {
			ch.Delta = int32Of(c.number("delta", b.Delta, -MaxStock, MaxStock, true))
		}
	default:
		c.Add("required", "set", "give set (the new stock) or delta (the change, e.g. -2)")
	}
	if r := c.text("reason", b.Reason, maxReason, true); r != nil {
		ch.Reason = *r
	}
	return ch, c.Err()
}

// SetStock serves POST /api/admin/products/{id}/stock {"set":N} or {"delta":±N} with a "reason" → 200 with
// the new stock and the movement that records it.
func (h *AdminHandlers) SetStock(w http.ResponseWriter, r *http.Request) error {
	return h.changeStock(w, r, ErrProductNotFound, h.admin.ChangeStock)
}

// changeStock serves a stock change of the product or variant the path's id names.
func (h *AdminHandlers) changeStock(w http.ResponseWriter, r *http.Request, notFound error,
	change func(context.Context, account.User, int64, StockChange) (StockResult, error)) error {
	id, err := web.PathID(r, "id", notFound)
	if err != nil {
		return err
	}
	var b stockBody
	if err := web.DecodeJSONStrict(w, r, &b); err != nil {
		return err
	}
	ch, err := b.change()
	if err != nil {
		return err
	}
	res, err := change(r.Context(), actor(r), id, ch)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, res)
	return nil
}

// StockHistory serves GET /api/admin/products/{id}/stock: the product's stock movements, newest first.
func (h *AdminHandlers) StockHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id", ErrProductNotFound)
	if err != nil {
		return err
	}
	v, err := web.Query(r)
	if err != nil {
		return err
	}
	page, size, err := web.ParsePage(v, 20, 100)
	if err != nil {
		return err
	}
	moves, count, err := h.admin.StockHistory(r.Context(), id, page, size)
	if err != nil {
		return err
	}
	body, err := web.NewPage(r, moves, count, page, size)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}
