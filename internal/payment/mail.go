package payment

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store/db"
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
func paidMail(o db.LockOrderForPaymentRow, amount money.Amount, shop string) mail.Message {
	return render("order_paid", o, "Заказ №"+strconv.FormatInt(o.ID, 10)+" оплачен — «Меха и Шубы»", paidText, paidHTML, amount, shop)
}

// refundMail tells the customer money went back to them.
func refundMail(o db.LockOrderForPaymentRow, amount money.Amount, shop string) mail.Message {
	return render("order_refund", o, "Возврат по заказу №"+strconv.FormatInt(o.ID, 10)+" — «Меха и Шубы»", refundText, refundHTML, amount, shop)
}

func render(kind string, o db.LockOrderForPaymentRow, subject string, text *texttemplate.Template, html *htmltemplate.Template, amount money.Amount, shop string) mail.Message {
	d := mailData{Name: o.FirstName, Number: o.ID, Amount: amount.String() + " ₽", Shop: shop}
	var t, h bytes.Buffer
	_ = text.Execute(&t, d) // our own templates; their tests would fail first
	_ = html.Execute(&h, d)
	return mail.Message{Kind: kind, To: o.Email, Subject: subject, Text: t.String(), HTML: h.String()}
}
