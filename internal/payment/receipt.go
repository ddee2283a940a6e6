package payment

import (
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// maxItemDescription is ЮKassa's limit on a receipt item's description, in characters.
const maxItemDescription = 128

// line is an order line as a receipt needs it.
type line struct {
	Name      string
	Price     money.Amount // of one unit
	Quantity  int
	MarkedFur bool     // a natural-fur garment: payment_subject non_marked
	FurCodes  []string // the КИЗ of its first len(FurCodes) units, where known
}

// paymentReceipt is the 54-ФЗ receipt for paying lines in full in advance: one item per line, except that every
// unit with a known КИЗ is an item of its own with quantity 1 and mark_code_info.fur. Each item's amount is the
// price of one unit, so the items add up to the order total to the kopeck.
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
		coded := min(len(l.FurCodes), l.Quantity)
		for _, code := range l.FurCodes[:coded] {
			unit := item
			unit.Quantity = yookassa.Pieces(1)
			unit.MarkCodeInfo = &yookassa.MarkCodeInfo{Fur: code}
			r.Items = append(r.Items, unit)
		}
		if rest := l.Quantity - coded; rest > 0 {
			item.Quantity = yookassa.Pieces(rest)
			r.Items = append(r.Items, item)
		}
	}
	return r
}

// refundReceipt is the return receipt for giving back amount after already of a payment made with paid: the
// payment's units in receipt order are laid end to end, and the refund covers [already, already+amount) of
// that line. A unit covered whole is returned whole; a unit covered in part is returned for that part, as a
// quantity-1 item. So successive partial refunds never return the same kopeck twice, and the items add up to
// amount exactly.
func refundReceipt(paid *yookassa.Receipt, already, amount money.Amount) *yookassa.Receipt {
	r := &yookassa.Receipt{Customer: paid.Customer, TaxSystemCode: paid.TaxSystemCode}
	from, to := already, already+amount
	var at money.Amount // where the current unit starts
	for _, item := range paid.Items {
		qty := quantityOf(item.Quantity)
		price := item.Amount.Value
		whole := 0 // whole units of this item inside the refund, in a run
		flush := func() {
			if whole > 0 {
				it := item
				it.Quantity = yookassa.Pieces(whole)
				r.Items = append(r.Items, it)
				whole = 0
			}
		}
		for range qty {
			lo, hi := max(from, at), min(to, at+price)
			switch part := hi - lo; {
			case part == price:
				whole++
			case part > 0:
				flush()
				it := item
				it.Quantity = yookassa.Pieces(1)
				it.Amount = yookassa.RUB(part)
				r.Items = append(r.Items, it)
			}
			at += price
		}
		flush()
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
