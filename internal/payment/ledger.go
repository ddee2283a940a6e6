package payment

import (
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// What a payment's refunds gave back, piece by piece. A payment's receipt sold pieces: an item of quantity n is
// n pieces, in the receipt's order (a marked fur unit is an item of its own). Each refund gives back money over
// some of them, and may take some back (the goods came back): its return receipt names exactly what it gives
// back of which piece, so that over all refunds no piece gets back more than it cost and no piece comes back
// twice. The ledger is not stored: it is replayed from the payment's receipt and its refunds (each records the
// pieces it took back, refunds.returned_pieces), by the same functions that made them.

// piece is one piece of what a payment's receipt sold.
type piece struct {
	item     yookassa.ReceiptItem // its item in the payment's receipt
	source   int                  // that item's place in the receipt
	cost     money.Amount
	back     money.Amount // given back by refunds so far
	returned bool         // taken back by a refund: the goods came back
}

func (p piece) left() money.Amount { return p.cost - p.back }

// marked reports a natural-fur piece: its return carries mark_mode and planned_status, and its КИЗ when known.
func (p piece) marked() bool {
	return p.item.PaymentSubject == yookassa.PaymentSubjectNonMarked || p.item.MarkCodeInfo != nil
}

// kiz is the КИЗ the payment's receipt sold the piece under, or "".
func (p piece) kiz() string {
	if p.item.MarkCodeInfo == nil {
		return ""
	}
	return p.item.MarkCodeInfo.Fur
}

type ledger struct{ pieces []piece }

// newLedger lays the pieces of a payment's receipt out, nothing given back yet.
func newLedger(paid *yookassa.Receipt) *ledger {
	l := &ledger{}
	for i, it := range paid.Items {
		for range quantityOf(it.Quantity) {
			l.pieces = append(l.pieces, piece{item: it, source: i, cost: it.Amount.Value})
		}
	}
	return l
}

// share is what a refund gives back of one piece.
type share struct {
	piece  int
	amount money.Amount
	back   bool   // the piece comes back with it, not only money
	kiz    string // the КИЗ its return names ("": not known)
}

// replay runs a payment's refunds made so far (in the order they were made; those ЮKassa cancelled gave nothing
// back) over the ledger, as they were computed when they were made.
func (l *ledger) replay(refunds []paymentdb.PaymentRefundsRow) {
	for _, r := range refunds {
		if r.Status == StatusCanceled {
			continue
		}
		amount := money.Amount(r.Amount)
		if len(r.ReturnedPieces) == 0 {
			l.money(amount)
			continue
		}
		idx := make([]int, len(r.ReturnedPieces))
		for i, p := range r.ReturnedPieces {
			idx[i] = int(p)
		}
		l.take(idx, amount, nil)
	}
}

// money gives amount back over the pieces with something left, front to back: the receipt laid end to end, each
// refund starting where the earlier ones ended (a piece already taken back is passed over only once nothing is
// left of it). Nothing comes back: it is money only. More than is left of all pieces is a caller's bug; the
// excess is not given.
func (l *ledger) money(amount money.Amount) []share {
	var out []share
	for i := range l.pieces {
		if amount == 0 {
			break
		}
		p := &l.pieces[i]
		part := min(p.left(), amount)
		if part == 0 {
			continue
		}
		p.back += part
		amount -= part
		out = append(out, share{piece: i, amount: part})
	}
	return out
}

// moneyKeepingUnits is the most money (l.money) can give back without giving back the whole price of a marked
// piece that has not come back: before an order is handed over, the sale of a fur unit is undone only by a
// return receipt naming it, whose item needs something of its price left to give.
func (l *ledger) moneyKeepingUnits() money.Amount {
	var most money.Amount
	for _, p := range l.pieces {
		if p.marked() && !p.returned && p.left() > 0 {
			return most + p.left() - 1
		}
		most += p.left()
	}
	return most
}

// take takes the pieces idx back (the goods came back), giving back amount over them front to back: each gets
// what is left of it, less only as far as amount falls short, and every piece with something left gets at
// least a kopeck, so each is an item of the return receipt. A piece with nothing left comes back with no item
// (its money was given back before). Any more than is left of them goes back as money over the other pieces
// (a paid order cancelled after a return took less than the price). kiz names the КИЗ of each piece's return
// where it is known now (nil, or a piece missing: the one the payment's receipt sold it under).
func (l *ledger) take(idx []int, amount money.Amount, kiz map[int]string) []share {
	open := 0
	for _, i := range idx {
		if l.pieces[i].left() > 0 {
			open++
		}
	}
	var out []share
	for _, i := range idx {
		p := &l.pieces[i]
		p.returned = true
		if p.left() == 0 {
			continue
		}
		open--
		part := max(0, min(p.left(), amount-money.Amount(open))) // a kopeck kept for each piece after it
		p.back += part
		amount -= part
		code, ok := kiz[i]
		if !ok {
			code = p.kiz()
		}
		out = append(out, share{piece: i, amount: part, back: true, kiz: code})
	}
	if amount > 0 {
		out = append(out, l.money(amount)...)
	}
	return out
}

// receipt renders a refund's shares as its return receipt, for the customer of the payment's receipt paid. A
// piece that comes back is an item of its own; a marked one carries mark_mode, planned_status 3 (a piece
// returned) and its КИЗ when known. Money only names no КИЗ and no planned status (the goods stay with the
// buyer; Честный знак must not see them back in circulation), and whole pieces of one item in a row are one item
// of their number, as the payment's receipt had them.
func (l *ledger) receipt(paid *yookassa.Receipt, shares []share) *yookassa.Receipt {
	r := &yookassa.Receipt{Customer: paid.Customer, TaxSystemCode: paid.TaxSystemCode}
	grow := false // the last item is a run of whole pieces without marking of their own, which the next may join
	var runSource int
	var runBack bool
	for _, sh := range shares {
		if sh.amount == 0 {
			continue
		}
		p := l.pieces[sh.piece]
		returned := sh.back && p.marked()
		plain := sh.amount == p.cost && !returned
		if plain && grow && p.source == runSource && sh.back == runBack {
			last := &r.Items[len(r.Items)-1]
			last.Quantity = yookassa.Pieces(quantityOf(last.Quantity) + 1)
			continue
		}
		item := p.item
		item.Quantity = yookassa.Pieces(1)
		item.Amount = yookassa.RUB(sh.amount)
		item.MarkCodeInfo, item.MarkMode, item.PlannedStatus = nil, "", 0
		if returned {
			item.MarkMode, item.PlannedStatus = yookassa.MarkModeDefault, yookassa.PlannedPieceReturned
			if sh.kiz != "" {
				item.MarkCodeInfo = &yookassa.MarkCodeInfo{Fur: sh.kiz}
			}
		}
		r.Items = append(r.Items, item)
		grow, runSource, runBack = plain, p.source, sh.back
	}
	return r
}
