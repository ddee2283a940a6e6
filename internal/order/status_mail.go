package order

import (
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/mail"
)

var (
	statusText = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/status.txt"))
	statusHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/status.html"))
)

// news is what each status means to the customer, in a sentence or two.
var news = map[Status]string{
	Processing:     "Ваш заказ снова в обработке.",
	Confirmed:      "Мы подтвердили ваш заказ и начали его собирать.",
	Assembled:      "Ваш заказ собран.",
	Shipped:        "Ваш заказ передан в доставку.",
	ReadyForPickup: "Ваш заказ ждёт вас в магазине: приходите за ним в удобное время.",
	Delivered:      "Ваш заказ выдан. Спасибо за покупку!",
	Cancelled:      "Ваш заказ отменён.",
}

type statusData struct {
	Name     string
	Number   int64
	Status   string
	News     string
	Address  string // where it goes, once it is on its way
	Tracking string // the carrier's tracking number, once it is on its way
	Refunded bool   // cancelled after it was paid online
	Shop     string
}

// statusMail tells the customer their order moved to status to.
func statusMail(o Order, to Status, shop string) mail.Message {
	d := statusData{Name: o.Customer.FirstName, Number: o.ID, Status: to.Label(), News: news[to], Shop: shop,
		Refunded: to == Cancelled && o.IsPaid}
	if to == Shipped {
		d.Address = o.Address
		if o.TrackingNumber != nil {
			d.Tracking = *o.TrackingNumber
		}
	}
	return mail.Render("order_status", o.Customer.Email, "Заказ №"+strconv.FormatInt(o.ID, 10)+": "+to.Label(), statusText, statusHTML, d)
}
