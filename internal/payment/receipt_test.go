package payment

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/payment/internal/paymentdb"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

func itemsTotal(r *yookassa.Receipt) money.Amount {
	var sum money.Amount
	for _, it := range r.Items {
		sum += it.Amount.Value * money.Amount(quantityOf(it.Quantity))
	}
	return sum
}

// TestRefundReceiptsNeverReturnAUnitTwice runs random successive refunds of random payments (money only, units
// taken back for a part or all of what is left of them, everything back as for a cancelled order): every return
// receipt adds up to its refund to the kopeck, no piece gets back more than it cost, a piece comes back at most
// once and only a piece that comes back names its КИЗ, and replaying the refunds made (as the next refund
// does, from what each refund recorded) arrives at the same ledger.
func TestRefundReceiptsNeverReturnAUnitTwice(t *testing.T) {
	s := &Service{cfg: Config{VATCode: yookassa.VATNone}}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 500 {
		var lines []line
		for i := range 1 + rng.IntN(4) {
			l := line{Name: "Шуба " + string(rune('А'+i)), Price: money.Amount(1 + rng.Int64N(50_000_000)), Quantity: 1 + rng.IntN(3),
				MarkedFur: rng.IntN(2) == 0}
			if l.MarkedFur {
				for j := range rng.IntN(l.Quantity + 1) {
					l.FurCodes = append(l.FurCodes, fmt.Sprintf("RU-430302-AAA75827%d%d", i, j))
				}
			}
			lines = append(lines, l)
		}
		paid := s.paymentReceipt("anna@mail.ru", "", lines)
		total := itemsTotal(paid)
		var want money.Amount
		for _, l := range lines {
			want += l.Price * money.Amount(l.Quantity)
		}
		if total != want {
			t.Fatalf("round %d: payment receipt adds up to %s; the lines to %s", round, total, want)
		}
		l := newLedger(paid)
		var made []paymentdb.PaymentRefundsRow
		var given money.Amount
		returnedKIZ := map[string]bool{}
		for step := 0; given < total && step < 12; step++ {
			var shares []share
			var pieces []int32
			var amount money.Amount
			switch op := rng.IntN(4); {
			case op == 0 || op == 1: // money only
				amount = min(total-given, money.Amount(1+rng.Int64N(int64(total))))
				shares = l.money(amount)
			case op == 2: // some pieces come back
				var idx []int
				var worth money.Amount
				for i, p := range l.pieces {
					if !p.returned && p.left() > 0 && rng.IntN(3) == 0 {
						idx = append(idx, i)
						worth += p.left()
					}
				}
				if len(idx) == 0 {
					continue
				}
				amount = worth
				if least := money.Amount(len(idx)); rng.IntN(2) == 0 && worth > least {
					amount = least + money.Amount(rng.Int64N(int64(worth-least)))
				}
				shares, pieces = l.take(idx, amount, nil), int32s(idx)
			default: // everything comes back
				var idx []int
				for i, p := range l.pieces {
					if !p.returned {
						idx = append(idx, i)
					}
				}
				amount = total - given
				shares, pieces = l.take(idx, amount, nil), int32s(idx)
			}
			for _, sh := range shares {
				if sh.back && sh.amount <= 0 { // it would be missing from the return receipt
					t.Fatalf("round %d step %d: piece %d comes back with %s", round, step, sh.piece, sh.amount)
				}
			}
			r := l.receipt(paid, shares)
			if got := itemsTotal(r); got != amount {
				t.Fatalf("round %d step %d: return receipt adds up to %s; the refund is %s", round, step, got, amount)
			}
			for _, it := range r.Items {
				if it.MarkCodeInfo == nil {
					continue
				}
				if it.PlannedStatus != yookassa.PlannedPieceReturned || quantityOf(it.Quantity) != 1 || returnedKIZ[it.MarkCodeInfo.Fur] {
					t.Fatalf("round %d step %d: item %+v: a КИЗ comes back once, alone, with planned_status 3", round, step, it)
				}
				returnedKIZ[it.MarkCodeInfo.Fur] = true
			}
			made = append(made, paymentdb.PaymentRefundsRow{ID: int64(step + 1), Status: StatusSucceeded, Amount: amount.Kopecks(),
				ReturnedPieces: pieces})
			given += amount
		}
		var back money.Amount
		for i, p := range l.pieces {
			if p.back > p.cost || p.back < 0 {
				t.Fatalf("round %d: piece %d got back %s; it cost %s", round, i, p.back, p.cost)
			}
			if p.kiz() != "" && returnedKIZ[p.kiz()] && !p.returned {
				t.Fatalf("round %d: piece %d (КИЗ %s) is named on a return receipt but did not come back", round, i, p.kiz())
			}
			back += p.back
		}
		if back != given {
			t.Fatalf("round %d: refunds gave back %s in all, the pieces %s", round, given, back)
		}
		again := newLedger(paid)
		again.replay(made)
		if !slices.Equal(again.pieces, l.pieces) {
			t.Fatalf("round %d: replaying the refunds made does not arrive at the same ledger", round)
		}
	}
}

func TestPaymentReceiptItems(t *testing.T) {
	s := &Service{cfg: Config{VATCode: yookassa.VAT22}}
	long := string(make([]rune, 0))
	for range 140 {
		long += "ш"
	}
	r := s.paymentReceipt("", "79855508853", []line{
		{Name: long, Price: 100, Quantity: 1},
		{Name: "Шуба", Price: 18500000, Quantity: 3, MarkedFur: true, FurCodes: []string{"RU-430302-AAA7582720", "RU-430302-AAA7582721"}},
	})
	if r.Customer.Phone != "79855508853" || r.Customer.Email != "" {
		t.Errorf("customer %+v; want the phone when there is no e-mail", r.Customer)
	}
	if n := len([]rune(r.Items[0].Description)); n != 128 {
		t.Errorf("description of %d characters; ЮKassa takes 128", n)
	}
	if len(r.Items) != 4 || r.Items[1].MarkCodeInfo.Fur != "RU-430302-AAA7582720" || r.Items[2].MarkCodeInfo.Fur != "RU-430302-AAA7582721" ||
		r.Items[3].MarkCodeInfo != nil || quantityOf(r.Items[3].Quantity) != 1 || r.Items[3].PaymentSubject != yookassa.PaymentSubjectNonMarked {
		t.Errorf("items %+v", r.Items)
	}
	for i, it := range r.Items {
		if marked := i > 0; (it.MarkMode == yookassa.MarkModeDefault && it.PlannedStatus == yookassa.PlannedPieceSold) != marked ||
			!marked && (it.MarkMode != "" || it.PlannedStatus != 0) {
			t.Errorf("item %d: mark_mode %q, planned_status %d; a fur unit has \"0\" and 1 (a piece sold), other goods neither",
				i, it.MarkMode, it.PlannedStatus)
		}
	}
}
