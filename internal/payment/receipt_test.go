package payment

import (
	"math/rand/v2"
	"testing"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

func itemsTotal(r *yookassa.Receipt) money.Amount {
	var sum money.Amount
	for _, it := range r.Items {
		sum += it.Amount.Value * money.Amount(quantityOf(it.Quantity))
	}
	return sum
}

// TestRefundReceiptsNeverReturnAUnitTwice splits random payments into random successive refunds: every return
// receipt adds up to its refund to the kopeck, and over all refunds no unit gets back more than it cost.
func TestRefundReceiptsNeverReturnAUnitTwice(t *testing.T) {
	s := &Service{cfg: Config{VATCode: yookassa.VATNone}}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		var lines []line
		for i := range 1 + rng.IntN(4) {
			l := line{Name: "Шуба " + string(rune('А'+i)), Price: money.Amount(1 + rng.Int64N(50_000_000)), Quantity: 1 + rng.IntN(3),
				MarkedFur: rng.IntN(2) == 0}
			if l.MarkedFur && rng.IntN(2) == 0 {
				l.FurCodes = []string{"RU-430302-AAA758272" + string(rune('0'+i))}
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
		// Refund it all in random pieces; count what each unit got back.
		perItem := make([]money.Amount, len(paid.Items))
		var given money.Amount
		for given < total {
			amount := min(total-given, money.Amount(1+rng.Int64N(int64(total))))
			r := refundReceipt(paid, given, amount)
			if got := itemsTotal(r); got != amount {
				t.Fatalf("round %d: return receipt adds up to %s; the refund is %s", round, got, amount)
			}
			for _, it := range r.Items {
				for i, p := range paid.Items {
					if p.Description == it.Description && p.MarkCodeInfo == nil == (it.MarkCodeInfo == nil) && p.PaymentSubject == it.PaymentSubject {
						perItem[i] += it.Amount.Value * money.Amount(quantityOf(it.Quantity))
						break
					}
				}
			}
			given += amount
		}
		var back money.Amount
		for i, v := range perItem {
			if cost := paid.Items[i].Amount.Value * money.Amount(quantityOf(paid.Items[i].Quantity)); v != cost {
				t.Fatalf("round %d: item %d (%s) got back %s; it cost %s", round, i, paid.Items[i].Description, v, cost)
			}
			back += v
		}
		if back != total {
			t.Fatalf("round %d: refunds gave back %s of %s", round, back, total)
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
}
