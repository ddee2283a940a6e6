package cart

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/token"
	"github.com/mekhaishuby/furstore/internal/web"
)

// A guest's cart is known by a token the client sends back in the X-Cart-Token header or, for browsers, the
// cart_token cookie.
const (
	tokenHeader = "X-Cart-Token"
	tokenCookie = "cart_token"
	// GuestCartTTL is how long an untouched guest cart is kept.
	GuestCartTTL = 30 * 24 * time.Hour
)

// Handlers serve carts over HTTP.
type Handlers struct {
	svc           *Service
	mediaURL      string
	secureCookies bool
}

// NewHandlers returns the cart handlers; mediaURL is MEDIA_URL (may be empty). secureCookies marks the guest
// cookie Secure always: true when the store is served over https (PUBLIC_URL); it is Secure too for a request
// that came over https, here or at a trusted proxy (web.IsHTTPS).
func NewHandlers(svc *Service, mediaURL string, secureCookies bool) *Handlers {
	return &Handlers{svc: svc, mediaURL: mediaURL, secureCookies: secureCookies}
}

type lineJSON struct {
	ID        int64               `json:"id"`
	Product   catalog.SummaryJSON `json:"product"`
	Variant   catalog.VariantRef  `json:"variant"`
	Quantity  int32               `json:"quantity"`
	LineTotal money.Amount        `json:"line_total"`
	Available bool                `json:"available"`
	Stock     int32               `json:"stock"`
}

type cartJSON struct {
	Items         []lineJSON   `json:"items"`
	TotalQuantity int64        `json:"total_quantity"`
	TotalPrice    money.Amount `json:"total_price"`
}

// Get serves GET /api/cart.
func (h *Handlers) Get(w http.ResponseWriter, r *http.Request) error {
	c, err := h.svc.Get(r.Context(), owner(r))
	if err != nil {
		return err
	}
	h.write(w, r, http.StatusOK, c, "")
	return nil
}

// lineInput names a cart line by its variant, or by its product when that has one variant (a v1 client).
type lineInput struct {
	ProductID int64 `json:"product_id"`
	VariantID int64 `json:"variant_id"`
	Quantity  *int  `json:"quantity"`
}

func (in lineInput) item() (Item, error) {
	if in.VariantID < 0 || in.ProductID < 0 || in.VariantID == 0 && in.ProductID == 0 {
		msg := "give the variant's id (or, for a product with one variant, the product's), a positive whole number"
		return Item{}, &apperr.Error{Kind: apperr.Invalid, Code: "required", Message: "variant_id: " + msg,
			Fields: map[string]string{"variant_id": msg, "product_id": msg}}
	}
	return Item{ProductID: in.ProductID, VariantID: in.VariantID}, nil
}

// Add serves POST /api/cart {"variant_id" (or "product_id" of a one-variant product), "quantity"=1}: adds to
// what the cart holds.
func (h *Handlers) Add(w http.ResponseWriter, r *http.Request) error {
	var in lineInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	qty := 1
	if in.Quantity != nil {
		qty = *in.Quantity
	}
	it, err := in.item()
	if err != nil {
		return err
	}
	c, newToken, err := h.svc.Add(r.Context(), owner(r), it, qty)
	if err != nil {
		return err
	}
	h.write(w, r, http.StatusCreated, c, newToken)
	return nil
}

// Set serves PUT /api/cart {"variant_id" (or "product_id"), "quantity"}: the quantity becomes exactly that.
func (h *Handlers) Set(w http.ResponseWriter, r *http.Request) error {
	var in lineInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	it, err := in.item()
	if err != nil {
		return err
	}
	if in.Quantity == nil {
		return apperr.Field("required", "quantity", "is required")
	}
	c, newToken, err := h.svc.Set(r.Context(), owner(r), it, *in.Quantity)
	if err != nil {
		return err
	}
	h.write(w, r, http.StatusOK, c, newToken)
	return nil
}

// Remove serves DELETE /api/cart with {"variant_id"} or {"product_id"} in the body, or either in the query.
func (h *Handlers) Remove(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	var in lineInput
	if q.Has("product_id") || q.Has("variant_id") {
		for name, to := range map[string]*int64{"product_id": &in.ProductID, "variant_id": &in.VariantID} {
			if s := q.Get(name); s != "" {
				id, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return apperr.Field("invalid_type", name, "must be a whole number")
				}
				*to = id
			}
		}
	} else if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	it, err := in.item()
	if err != nil {
		return err
	}
	c, err := h.svc.Remove(r.Context(), owner(r), it)
	if err != nil {
		return err
	}
	h.write(w, r, http.StatusOK, c, "")
	return nil
}

// MergeGuestCart is called when someone signs in or registers: a guest cart they bring (X-Cart-Token or the
// cookie) joins their own, and the browser forgets the guest token. The sign-in has already happened, so a
// failed merge is logged, not turned into a failed sign-in; the guest cart stays for another try.
func (h *Handlers) MergeGuestCart(ctx context.Context, w http.ResponseWriter, r *http.Request, userID int64) error {
	tok := guestToken(r)
	if tok == "" {
		return nil
	}
	if err := h.svc.Merge(ctx, userID, tok); err != nil {
		h.svc.log.Error("guest cart not merged at sign-in", "user_id", userID, "err", err)
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: h.secureCookies || web.IsHTTPS(r), SameSite: http.SameSiteLaxMode})
	return nil
}

func (h *Handlers) write(w http.ResponseWriter, r *http.Request, status int, c Cart, newToken string) {
	if newToken != "" {
		w.Header().Set(tokenHeader, newToken)
		http.SetCookie(w, &http.Cookie{
			Name: tokenCookie, Value: newToken, Path: "/", MaxAge: int(GuestCartTTL.Seconds()),
			HttpOnly: true, Secure: h.secureCookies || web.IsHTTPS(r), SameSite: http.SameSiteLaxMode,
		})
	}
	media := catalog.MediaBase(r, h.mediaURL)
	out := cartJSON{Items: make([]lineJSON, len(c.Lines)), TotalQuantity: c.TotalQuantity, TotalPrice: c.TotalPrice}
	for i, l := range c.Lines {
		out.Items[i] = lineJSON{ID: l.ID, Product: catalog.NewSummaryJSON(l.Product, media), Variant: l.Variant, Quantity: l.Quantity,
			LineTotal: l.LineTotal, Available: l.Available, Stock: l.Stock}
	}
	w.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(w, status, out)
}

// owner is whose cart a request means: the signed-in user's, else the guest token's.
func owner(r *http.Request) Owner {
	if u, ok := account.UserFrom(r.Context()); ok {
		return Owner{UserID: u.ID}
	}
	return Owner{GuestToken: guestToken(r)}
}

func guestToken(r *http.Request) string {
	tok := r.Header.Get(tokenHeader)
	if tok == "" {
		if c, err := r.Cookie(tokenCookie); err == nil {
			tok = c.Value
		}
	}
	if len(tok) > token.MaxLen {
		return "" // not one of ours
	}
	return tok
}
