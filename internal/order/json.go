package order

import (
	"time"

	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/money"
)

// The order's two renderings: the customer's (the seed's order JSON with lines and history) and the staff's,
// which is the customer's plus who the customer is, line ids, КИЗ and fur units, who changed the status and
// why, and where it may go next. Both are made from the one Order.

// JSON is an order as its customer sees it.
type JSON struct {
	ID               int64        `json:"id"`
	CreatedTimestamp time.Time    `json:"created_timestamp"`
	PhoneNumber      string       `json:"phone_number"`
	RequiresDelivery bool         `json:"requires_delivery"`
	DeliveryAddress  string       `json:"delivery_address"`
	PaymentOnGet     bool         `json:"payment_on_get"`
	IsPaid           bool         `json:"is_paid"`
	Status           string       `json:"status"`
	User             int64        `json:"user"`
	Items            []itemJSON   `json:"items"`
	TotalPrice       money.Amount `json:"total_price"`
	StatusHistory    []changeJSON `json:"status_history"`
	TrackingNumber   *string      `json:"tracking_number"` // the carrier's, once shipped with one
}

type itemJSON struct {
	ProductID *int64  `json:"product_id"`
	VariantID int64   `json:"variant_id"`
	SKU       string  `json:"sku"`
	Size      *string `json:"size"`
	Height    *string `json:"height"`
	Color     *string `json:"color"`
	// The variant as a cart line names it (the fields above, kept for clients of before); null for a line
	// ordered before variants existed whose product was deleted.
	Variant   *catalog.VariantRef `json:"variant"`
	Slug      string              `json:"slug"`
	Image     *string             `json:"image"` // the product's main picture as it was, or null
	Name      string              `json:"name"`
	Price     money.Amount        `json:"price"`
	Quantity  int32               `json:"quantity"`
	LineTotal money.Amount        `json:"line_total"`
}

type changeJSON struct {
	Status    string    `json:"status"`
	ChangedAt time.Time `json:"changed_at"`
}

// NewJSON renders o for its customer; media is the base URL of pictures (catalog.MediaBase).
func NewJSON(o Order, media string) JSON {
	out := JSON{
		ID: o.ID, CreatedTimestamp: o.CreatedAt.UTC(), PhoneNumber: o.Phone, RequiresDelivery: o.RequiresDelivery,
		DeliveryAddress: o.Address, PaymentOnGet: o.PaymentOnGet, IsPaid: o.IsPaid, Status: o.Status.Label(),
		User: o.UserID, TotalPrice: o.Total, Items: make([]itemJSON, len(o.Items)), StatusHistory: make([]changeJSON, len(o.History)),
		TrackingNumber: o.TrackingNumber,
	}
	for i, it := range o.Items {
		out.Items[i] = newItemJSON(it, media)
	}
	for i, h := range o.History {
		out.StatusHistory[i] = changeJSON{Status: h.Status.Label(), ChangedAt: h.At.UTC()}
	}
	return out
}

func newItemJSON(it Item, media string) itemJSON {
	var pid *int64
	if it.ProductID != 0 {
		pid = &it.ProductID
	}
	out := itemJSON{ProductID: pid, VariantID: it.VariantID, SKU: it.SKU, Size: it.Size, Height: it.Height, Color: it.Color,
		Slug: it.Slug, Name: it.Name, Price: it.Price, Quantity: it.Quantity, LineTotal: it.Price * money.Amount(it.Quantity)}
	if it.VariantID != 0 {
		out.Variant = &catalog.VariantRef{ID: it.VariantID, SKU: it.SKU, Size: it.Size, Height: it.Height, Color: it.Color}
	}
	if it.Image != "" {
		out.Image = new(media + it.Image)
	}
	return out
}

// StaffJSON is an order as staff see it: the customer's JSON, its lines and history told in more detail (these
// fields, named as the customer's, take their place), and the customer and the next statuses.
type StaffJSON struct {
	JSON
	Items         []staffItemJSON   `json:"items"`
	StatusHistory []staffChangeJSON `json:"status_history"`
	Customer      customerJSON      `json:"customer"`
	NextStatuses  []string          `json:"next_statuses"`
}

type staffItemJSON struct {
	ID int64 `json:"id"`
	itemJSON
	FurCodes  []string   `json:"fur_codes"`
	MarkedFur bool       `json:"marked_fur"`
	Units     []unitJSON `json:"units"`    // a marked line's fur units; [] for other lines
	Returned  int32      `json:"returned"` // pieces of a line without a КИЗ sent back after hand-over
}

// unitJSON is a fur unit an order line holds, as staff pick it for a return.
type unitJSON struct {
	ID     int64   `json:"id"`
	KIZ    *string `json:"kiz"` // null: not known yet
	Status string  `json:"status"`
}

type staffChangeJSON struct {
	changeJSON
	ChangedBy *whoJSON `json:"changed_by"`
	Note      string   `json:"note"`
}

type whoJSON struct {
	ID    int64   `json:"id"`
	Email *string `json:"email"` // null once the account is gone
}

type customerJSON struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// NewStaffJSON renders o for staff; media as for NewJSON.
func NewStaffJSON(o Order, media string) StaffJSON {
	c := NewJSON(o, media)
	out := StaffJSON{JSON: c, Items: make([]staffItemJSON, len(o.Items)), StatusHistory: make([]staffChangeJSON, len(o.History)),
		Customer:     customerJSON{ID: o.UserID, Email: o.Customer.Email, FirstName: o.Customer.FirstName, LastName: o.Customer.LastName},
		NextStatuses: Labels(o.Status.Next(o.RequiresDelivery))}
	for i, it := range o.Items {
		codes := it.FurCodes
		if codes == nil {
			codes = []string{}
		}
		units := make([]unitJSON, len(it.Units))
		for j, u := range it.Units {
			units[j] = unitJSON{ID: u.ID, KIZ: u.KIZ, Status: u.Status}
		}
		out.Items[i] = staffItemJSON{ID: it.ID, itemJSON: c.Items[i], FurCodes: codes, MarkedFur: it.MarkedFur, Units: units,
			Returned: it.Returned}
	}
	for i, h := range o.History {
		ch := staffChangeJSON{changeJSON: c.StatusHistory[i], Note: h.Note}
		if h.By != nil {
			ch.ChangedBy = &whoJSON{ID: *h.By}
			if h.ByEmail != "" {
				ch.ChangedBy.Email = &h.ByEmail
			}
		}
		out.StatusHistory[i] = ch
	}
	return out
}
