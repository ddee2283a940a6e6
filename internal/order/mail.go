package order

import (
	"embed"
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/money"
)

//go:embed mails
var mailFiles embed.FS

var (
	confirmationText = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/confirmation.txt"))
	confirmationHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/confirmation.html"))
)

type confirmationData struct {
	Name     string
	Number   int64
	Items    []mailLine
	Total    string
	Delivery bool
	Address  string
	OnGet    bool
	Phone    string
	Shop     string
}

type mailLine struct {
	Name     string
	Quantity int32
	Sum      string
}

// confirmationMail tells the customer the order is taken: what, for how much, how it will reach them.
func confirmationMail(u account.User, o Order, shop string) mail.Message {
	d := confirmationData{Name: u.FirstName, Number: o.ID, Total: rub(o.Total), Delivery: o.RequiresDelivery,
		Address: o.Address, OnGet: o.PaymentOnGet, Phone: "+" + o.Phone, Shop: shop}
	for _, it := range o.Items {
		d.Items = append(d.Items, mailLine{Name: it.Name, Quantity: it.Quantity, Sum: rub(it.Price * money.Amount(it.Quantity))})
	}
	return mail.Render("order_confirmation", u.Email, "Заказ №"+itoa(o.ID)+" принят — «Меха и Шубы»", confirmationText, confirmationHTML, d)
}

func rub(a money.Amount) string { return a.String() + " ₽" }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
