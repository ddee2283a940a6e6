package orderadmin

import (
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/payment"
)

// detailJSON is an order as the back office shows it on its own page: the order package's staff rendering of
// the order, with its payments and refunds as the payment package renders them, oldest first.
type detailJSON struct {
	order.StaffJSON
	Payments []payment.PaymentJSON `json:"payments"`
	Refunds  []payment.RefundJSON  `json:"refunds"`
}
