package payment

import (
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// maxItemDescription is ЮKassa's limit on a receipt item's description, in characters.
const maxItemDescription = 128

// line is an order line as a receipt needs it.
type line struct {
	Name      string
	Price     money.Amount // of one unit
	Quantity  int
	MarkedFur bool     // a natural-fur garment: payment_subject non_marked, one item per unit
	FurCodes  []string // the КИЗ of its first len(FurCodes) units, where known
}

// linesOf is an order's lines as a receipt needs them.
func linesOf(items []order.Item) []line {
	lines := make([]line, len(items))
	for i, it := range items {
		lines[i] = line{Name: it.Name, Price: it.Price, Quantity: int(it.Quantity), MarkedFur: it.MarkedFur, FurCodes: it.FurCodes}
	}
	return lines
}

// paymentReceipt is the 54-ФЗ receipt for paying lines in full in advance: one item per line, except that every
// unit of a natural-fur garment is an item of its own with quantity 1, mark_mode "0" and planned_status 1 (a
// piece sold), and mark_code_info.fur when its КИЗ is known (the units with a code first). Each item's amount
// is the price of one unit, so the items add up to the order total to the kopeck.
func (s *Service) paymentReceipt(email, phone string, lines []line) *yookassa.Receipt {
	r := &yookassa.Receipt{TaxSystemCode: s.cfg.TaxSystemCode, Customer: &yookassa.Customer{Email: email}}
	if email == "" {
		r.Customer = &yookassa.Customer{Phone: phone}
	}
	for _, l := range lines {
		item := yookassa.ReceiptItem{
			Description:    truncate(l.Name, maxItemDescription),
			Amount:         yookassa.RUB(l.Price),
			VATCode:        s.cfg.VATCode,
			PaymentMode:    yookassa.PaymentModeFullPrepayment,
			PaymentSubject: yookassa.PaymentSubjectCommodity,
			Measure:        yookassa.MeasurePiece,
		}
		if !l.MarkedFur {
			item.Quantity = yookassa.Pieces(l.Quantity)
			r.Items = append(r.Items, item)
			continue
		}
		item.PaymentSubject = yookassa.PaymentSubjectNonMarked
		item.Quantity = yookassa.Pieces(1)
		item.MarkMode, item.PlannedStatus = yookassa.MarkModeDefault, yookassa.PlannedPieceSold
		for i := range l.Quantity {
			unit := item
			if i < len(l.FurCodes) {
				unit.MarkCodeInfo = &yookassa.MarkCodeInfo{Fur: l.FurCodes[i]}
			}
			r.Items = append(r.Items, unit)
		}
	}
	return r
}

// quantityOf reads a whole-piece quantity as paymentReceipt writes it.
func quantityOf(q yookassa.Quantity) int {
	n := 0
	for _, c := range string(q) {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// truncate cuts s to at most n characters, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
