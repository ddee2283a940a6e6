package payment

import (
	"embed"
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/order"
)

//go:embed mails
var mailFiles embed.FS

var (
	paidText   = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/paid.txt"))
	paidHTML   = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/paid.html"))
	refundText = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/refund.txt"))
	refundHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/refund.html"))
)

type mailData struct {
	Name   string
	Number int64
	Amount string
	Shop   string
}

// paidMail tells the customer the money for the order has arrived.
func paidMail(o order.Order, amount money.Amount, shop string) mail.Message {
	return mail.Render("order_paid", o.Customer.Email, "Заказ №"+strconv.FormatInt(o.ID, 10)+" оплачен — «Меха и Шубы»",
		paidText, paidHTML, mailDataOf(o, amount, shop))
}

// refundMail tells the customer money went back to them.
func refundMail(o order.Order, amount money.Amount, shop string) mail.Message {
	return mail.Render("order_refund", o.Customer.Email, "Возврат по заказу №"+strconv.FormatInt(o.ID, 10)+" — «Меха и Шубы»",
		refundText, refundHTML, mailDataOf(o, amount, shop))
}

func mailDataOf(o order.Order, amount money.Amount, shop string) mailData {
	return mailData{Name: o.Customer.FirstName, Number: o.ID, Amount: amount.String() + " ₽", Shop: shop}
}
