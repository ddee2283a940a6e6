package web

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"
)

// orderBody is the seed's order body, the typical small JSON body of the API.
const orderBody = `{"id": 41, "created_timestamp": "2023-07-25", "phone_number": "79855508853", "requires_delivery": false, "delivery_address": "пушкина, калатушкина", "payment_on_get": true, "is_paid": true, "status": "Выдан", "user": 8}`

// orderInput is the order handler's body, with the pointers a handler uses to tell "absent".
type orderInput struct {
	PhoneNumber      string `json:"phone_number"`
	RequiresDelivery *bool  `json:"requires_delivery"`
	DeliveryAddress  string `json:"delivery_address"`
	PaymentOnGet     *bool  `json:"payment_on_get"`
}

func BenchmarkDecodeJSON(b *testing.B) {
	body := []byte(orderBody)
	r := httptest.NewRequest("POST", "/api/order", nil)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		r.Body = io.NopCloser(bytes.NewReader(body))
		var in orderInput
		if err := DecodeJSON(w, r, &in); err != nil {
			b.Fatal(err)
		}
	}
}
