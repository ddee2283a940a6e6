package metrics

import (
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/prometheus/client_golang/prometheus"
)

// Events counts what the shop's owners of orders and payments announce once it is committed (order.Events,
// payment.Events, mail.Events). Each server counts what it did itself; summed over servers, every order, payment and refund
// is counted once.
type Events struct {
	orders        *prometheus.CounterVec
	orderKopecks  *prometheus.CounterVec
	payments      *prometheus.CounterVec
	refunds       *prometheus.CounterVec
	notifications *prometheus.CounterVec
	mails         *prometheus.CounterVec
}

// NewEvents returns the counters, at zero; New registers them.
func NewEvents() *Events {
	e := &Events{
		orders: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_orders_placed_total",
			Help: "Orders placed, by how they are paid (on_receipt or online)."}, []string{"payment"}),
		orderKopecks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_orders_placed_kopecks_total",
			Help: "The sum of the placed orders' totals, in kopecks, by how they are paid."}, []string{"payment"}),
		payments: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_payments_settled_total",
			Help: "Online payments that reached a final status at ЮKassa, by status (succeeded or canceled)."}, []string{"status"}),
		refunds: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_refunds_settled_total",
			Help: "Refunds that reached a final status at ЮKassa, by status (succeeded or canceled)."}, []string{"status"}),
		notifications: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_yookassa_notifications_total",
			Help: "ЮKassa's notifications received, by result: applied, ignored, retry (asked to re-send), " +
				"invalid, forbidden (not from ЮKassa's addresses)."}, []string{"result"}),
		mails: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "furstore_mail_attempts_total",
			Help: "Attempts to deliver the outbox's mail, by result: sent, retry (tried again later), failed (given up)."},
			[]string{"result"}),
	}
	e.zero()
	return e
}

// zero creates every series at 0, so that a server that has sold nothing yet shows 0 rather than no series
// (an alert on "no orders for an hour" needs the series to exist).
func (e *Events) zero() {
	for _, how := range []string{"online", "on_receipt"} {
		e.orders.WithLabelValues(how)
		e.orderKopecks.WithLabelValues(how)
	}
	for _, status := range []string{"succeeded", "canceled"} {
		e.payments.WithLabelValues(status)
		e.refunds.WithLabelValues(status)
	}
	for _, result := range []string{"applied", "ignored", "retry", "invalid", "forbidden"} {
		e.notifications.WithLabelValues(result)
	}
	for _, result := range []string{"sent", "retry", "failed"} {
		e.mails.WithLabelValues(result)
	}
}

func (e *Events) collectors() []prometheus.Collector {
	return []prometheus.Collector{e.orders, e.orderKopecks, e.payments, e.refunds, e.notifications, e.mails}
}

// OrderPlaced counts an order (order.Events).
func (e *Events) OrderPlaced(payOnReceipt bool, total money.Amount) {
	how := "online"
	if payOnReceipt {
		how = "on_receipt"
	}
	e.orders.WithLabelValues(how).Inc()
	e.orderKopecks.WithLabelValues(how).Add(float64(total.Kopecks()))
}

// PaymentSettled counts a payment that ended (payment.Events).
func (e *Events) PaymentSettled(status string) { e.payments.WithLabelValues(status).Inc() }

// RefundSettled counts a refund that ended (payment.Events).
func (e *Events) RefundSettled(status string) { e.refunds.WithLabelValues(status).Inc() }

// NotificationHandled counts a ЮKassa notification by what it led to (payment.Events).
func (e *Events) NotificationHandled(result string) { e.notifications.WithLabelValues(result).Inc() }

// MailAttempted counts a delivery attempt by its result (mail.Events).
func (e *Events) MailAttempted(result string) { e.mails.WithLabelValues(result).Inc() }
