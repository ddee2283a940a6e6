package payment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apptest"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/yookassa/yookassatest"
)

// benchShop is a payment service on a real PostgreSQL, talking to a fake ЮKassa over loopback HTTP.
func benchShop(b *testing.B) (*payment.Service, *yookassatest.Server, *pgxpool.Pool, int64) {
	b.Helper()
	yk := yookassatest.Start(b)
	shop := apptest.Start(b, apptest.Options{YooKassa: yk})
	svc, pool := shop.App.Payments, shop.Pool
	var user int64
	if err := pool.QueryRow(context.Background(),
		"INSERT INTO users (email, password_hash) VALUES ('anna@mail.ru', 'x') RETURNING id").Scan(&user); err != nil {
		b.Fatal(err)
	}
	return svc, yk, pool, user
}

func benchOrder(b *testing.B, pool *pgxpool.Pool, user int64) int64 {
	var id int64
	if err := pool.QueryRow(context.Background(), `INSERT INTO orders (user_id, phone_number, requires_delivery, payment_on_get, total)
		VALUES ($1, '79855508853', false, false, 18500000) RETURNING id`, user).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

// BenchmarkPaymentLifecycle is one order paid online end to end: the attempt written down, the payment created
// at ЮKassa, the payer paying, and the notification verified against the API and applied (order paid, history,
// mail queued).
func BenchmarkPaymentLifecycle(b *testing.B) {
	svc, yk, pool, user := benchShop(b)
	ctx := context.Background()
	for b.Loop() {
		order := benchOrder(b, pool, user)
		p, _, err := svc.Start(ctx, user, order)
		if err != nil {
			b.Fatal(err)
		}
		if err := yk.Pay(p.YooKassaID); err != nil {
			b.Fatal(err)
		}
		var n payment.Notification
		n.Type, n.Event, n.Object.ID = "notification", "payment.succeeded", p.YooKassaID
		if out, err := svc.Notify(ctx, n); err != nil || out != payment.Applied {
			b.Fatal(out, err)
		}
	}
}

// BenchmarkDuplicateNotification is a notification repeated by ЮKassa for a payment already applied: the API
// is asked, nothing changes.
func BenchmarkDuplicateNotification(b *testing.B) {
	svc, yk, pool, user := benchShop(b)
	ctx := context.Background()
	p, _, err := svc.Start(ctx, user, benchOrder(b, pool, user))
	if err != nil {
		b.Fatal(err)
	}
	if err := yk.Pay(p.YooKassaID); err != nil {
		b.Fatal(err)
	}
	var n payment.Notification
	n.Type, n.Event, n.Object.ID = "notification", "payment.succeeded", p.YooKassaID
	for b.Loop() {
		if _, err := svc.Notify(ctx, n); err != nil {
			b.Fatal(err)
		}
	}
	var paid, history int
	if err := pool.QueryRow(ctx, "SELECT count(*) FILTER (WHERE is_paid), (SELECT count(*) FROM order_status_history) FROM orders").Scan(&paid, &history); err != nil {
		b.Fatal(err)
	}
	if paid != 1 || history != 1 {
		b.Fatal(fmt.Sprintf("after %d duplicates: %d paid orders, %d history rows; want 1 and 1", b.N, paid, history))
	}
}
