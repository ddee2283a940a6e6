package order

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve orders over HTTP; every route needs a signed-in customer (account.RequireUser).
type Handlers struct {
	svc      *Service
	mediaURL string
}

// NewHandlers returns the order handlers; mediaURL is MEDIA_URL (may be empty), for the lines' pictures.
func NewHandlers(svc *Service, mediaURL string) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL}
}

// Place serves POST /api/order. The body is the seed's: phone_number, requires_delivery, delivery_address,
// payment_on_get; id, created_timestamp, is_paid, status and user are the server's and are ignored.
func (h *Handlers) Place(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		PhoneNumber      string `json:"phone_number"`
		RequiresDelivery bool   `json:"requires_delivery"`
		DeliveryAddress  string `json:"delivery_address"`
		PaymentOnGet     bool   `json:"payment_on_get"`
	}
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	o, created, err := h.svc.Place(r.Context(), u, PlaceInput{
		Phone: in.PhoneNumber, RequiresDelivery: in.RequiresDelivery, Address: in.DeliveryAddress,
		PaymentOnGet: in.PaymentOnGet, IdempotencyKey: r.Header.Get("Idempotency-Key"),
	})
	if err != nil {
		return err
	}
	status := http.StatusOK // the same Idempotency-Key again: the first order, not a new one
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/orders/"+strconv.FormatInt(o.ID, 10))
	}
	web.WriteJSON(w, status, NewJSON(o, catalog.MediaBase(r, h.mediaURL)))
	return nil
}

// List serves GET /api/orders: the caller's orders, newest first, in DRF's envelope.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	page, size, err := web.ParsePage(q, 20, 100)
	if err != nil {
		return err
	}
	if page > maxPage {
		return apperr.Field("invalid_page", "page", fmt.Sprintf("must be a whole number from 1 to %d", maxPage))
	}
	u, _ := account.UserFrom(r.Context())
	orders, count, err := h.svc.List(r.Context(), u.ID, page, size)
	if err != nil {
		return err
	}
	out := make([]JSON, len(orders))
	for i, o := range orders {
		out[i] = NewJSON(o, catalog.MediaBase(r, h.mediaURL))
	}
	body, err := web.NewPage(r, out, count, page, size)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

// maxPage is the last page number the contract accepts for a customer's orders.
const maxPage = 10_000

// Get serves GET /api/orders/{id}; another customer's order is 404.
func (h *Handlers) Get(w http.ResponseWriter, r *http.Request) error {
	return h.withOrder(w, r, h.svc.Get)
}

// Cancel serves POST /api/orders/{id}/cancel.
func (h *Handlers) Cancel(w http.ResponseWriter, r *http.Request) error {
	return h.withOrder(w, r, h.svc.Cancel)
}

// withOrder runs do on the caller's order named in the path and writes the order it returns. An id that is
// not a positive number names no order: 404, like someone else's.
func (h *Handlers) withOrder(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, userID, id int64) (Order, error)) error {
	id, err := web.PathID(r, "id", ErrNotFound)
	if err != nil {
		return err
	}
	u, _ := account.UserFrom(r.Context())
	o, err := do(r.Context(), u.ID, id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, NewJSON(o, catalog.MediaBase(r, h.mediaURL)))
	return nil
}
