package orderadmin

import (
	"embed"
	htmltemplate "html/template"
	"strconv"
	texttemplate "text/template"

	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/store/db"
)

//go:embed mails
var mailFiles embed.FS

var (
	statusText = texttemplate.Must(texttemplate.ParseFS(mailFiles, "mails/status.txt"))
	statusHTML = htmltemplate.Must(htmltemplate.ParseFS(mailFiles, "mails/status.html"))
)

// news is what each status means to the customer, in a sentence or two.
var news = map[order.Status]string{
	order.Processing:     "Ваш заказ снова в обработке.",
	order.Confirmed:      "Мы подтвердили ваш заказ и начали его собирать.",
	order.Assembled:      "Ваш заказ собран.",
	order.Shipped:        "Ваш заказ передан в доставку.",
	order.ReadyForPickup: "Ваш заказ ждёт вас в магазине: приходите за ним в удобное время.",
	order.Delivered:      "Ваш заказ выдан. Спасибо за покупку!",
	order.Cancelled:      "Ваш заказ отменён.",
}

type statusData struct {
	Name     string
	Number   int64
	Status   string
	News     string
	Address  string // where it goes, once it is on its way
	Refunded bool   // cancelled after it was paid online
	Shop     string
}

// statusMail tells the customer their order moved to status to.
func statusMail(o db.LockAdminOrderRow, to order.Status, shop string) mail.Message {
	d := statusData{Name: o.FirstName, Number: o.ID, Status: to.Label(), News: news[to], Shop: shop,
		Refunded: to == order.Cancelled && o.IsPaid}
	if to == order.Shipped {
		d.Address = o.DeliveryAddress
	}
	return mail.Render("order_status", o.Email, "Заказ №"+strconv.FormatInt(o.ID, 10)+": "+to.Label(), statusText, statusHTML, d)
}
