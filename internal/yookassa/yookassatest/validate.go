package yookassatest

import (
	"bytes"
	"encoding/json"
	"math/big"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
)

// decodeObject reads a JSON object body, keeping numbers as their literal text.
func decodeObject(body []byte) (map[string]any, *apiError) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var in map[string]any
	if err := d.Decode(&in); err != nil || in == nil || d.More() {
		return nil, invalid("", "Request body is not a JSON object")
	}
	return in, nil
}

// amountRE is the only amount format the fake accepts: a string with exactly two decimals. The real API may
// be more lenient ("100"); the fake is strict so the client is.
var amountRE = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

const amountFormat = "Error in the payment amount. Specify the amount in correct format. For example, 100.00"

// parseAmount reads {"value":"16400.00","currency":"RUB"} at path; the value must be above zero.
func parseAmount(v any, path string) (money.Amount, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return 0, invalid(path, "Amount is missing or is not an object with value and currency")
	}
	s, ok := m["value"].(string)
	if !ok || !amountRE.MatchString(s) {
		return 0, invalid(path+".value", amountFormat)
	}
	a, err := money.Parse(s)
	if err != nil {
		return 0, invalid(path+".value", amountFormat)
	}
	if a <= 0 {
		return 0, invalid(path+".value", "The amount must be greater than zero")
	}
	if c, _ := m["currency"].(string); c != "RUB" {
		return 0, invalid(path+".currency", "Currency is missing or is not the shop's currency (RUB)")
	}
	return a, nil
}

// optString reads an optional string of at most limit characters.
func optString(in map[string]any, name string, limit int) (string, *apiError) {
	v, ok := in[name]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", invalid(name, "The value must be a string")
	}
	if utf8.RuneCountInString(s) > limit {
		return "", invalid(name, "The value is too long")
	}
	return s, nil
}

// parseMetadata reads metadata: at most 16 keys of at most 32 characters, string values of at most 512.
func parseMetadata(v any) (map[string]string, *apiError) {
	md := map[string]string{}
	if v == nil {
		return md, nil
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) > 16 {
		return nil, invalid("metadata", "Metadata must be an object with at most 16 keys")
	}
	for k, val := range m {
		s, ok := val.(string)
		if !ok || k == "" || utf8.RuneCountInString(k) > 32 || utf8.RuneCountInString(s) > 512 {
			return nil, invalid("metadata", "Metadata keys must be at most 32 characters and values strings of at most 512")
		}
		md[k] = s
	}
	return md, nil
}

// parseReturnURL reads a redirect confirmation's return_url: an absolute http(s) URL of at most 2048 characters.
func parseReturnURL(conf map[string]any) (string, *apiError) {
	s, _ := conf["return_url"].(string)
	u, err := url.Parse(s)
	if s == "" || len(s) > 2048 || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", invalid("confirmation.return_url", "Specify return_url: an absolute URL of at most 2048 characters")
	}
	return s, nil
}

var (
	phoneRE = regexp.MustCompile(`^[0-9]{11,15}$`)
	// furRE is a fur KiZ: two letters, six digits, ten characters (RU-430302-AAA7582720).
	furRE = regexp.MustCompile(`^[A-Z]{2}-[0-9]{6}-[A-Z0-9]{10}$`)

	paymentModes = set("full_prepayment", "partial_prepayment", "advance", "full_payment", "partial_payment",
		"credit", "credit_payment")
	paymentSubjects = set("commodity", "excise", "job", "service", "payment", "casino", "gambling_bet",
		"gambling_prize", "lottery", "lottery_prize", "intellectual_activity", "agent_commission", "property_right",
		"non_operating_gain", "insurance_premium", "sales_tax", "resort_fee", "composite", "another", "marked",
		"non_marked", "marked_excise", "non_marked_excise", "fine", "tax", "lien", "cost", "agent_withdrawals",
		"pension_insurance_without_payouts", "pension_insurance_with_payouts", "health_insurance_without_payouts",
		"health_insurance_with_payouts", "health_insurance")
	measures = set("piece", "gram", "kilogram", "ton", "centimeter", "decimeter", "meter", "square_centimeter",
		"square_decimeter", "square_meter", "milliliter", "liter", "cubic_meter", "kilowatt_hour", "gigacalorie",
		"day", "hour", "minute", "second", "kilobyte", "megabyte", "gigabyte", "terabyte", "another")
	markCodeFields = []string{"mark_code_raw", "unknown", "ean_8", "ean_13", "itf_14", "gs_10", "gs_1m", "short",
		"fur", "egais_20", "egais_30"}
)

func set(values ...string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// intIn reads an integer JSON number within [lo, hi].
func intIn(v any, lo, hi int64) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	i, err := n.Int64()
	return err == nil && i >= lo && i <= hi
}

// validateReceipt checks a 54-ФЗ receipt and that its items (unit amount × quantity) add up to total exactly.
// Parameters are named as ЮKassa names them: a dot path without array indexes.
func validateReceipt(v any, total money.Amount) *apiError {
	r, ok := v.(map[string]any)
	if !ok {
		return invalid("receipt", "Receipt is missing or illegal")
	}
	c, _ := r["customer"].(map[string]any)
	email, _ := c["email"].(string)
	phone, _ := c["phone"].(string)
	switch {
	case email == "" && phone == "":
		return invalid("receipt.customer", "Specify the customer's email or phone for the receipt")
	case email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t")):
		return invalid("receipt.customer.email", "Invalid email")
	case phone != "" && !phoneRE.MatchString(phone):
		return invalid("receipt.customer.phone", "Invalid phone: use digits only, e.g. 79001234567")
	}
	if t, ok := r["tax_system_code"]; ok && !intIn(t, 1, 6) {
		return invalid("receipt.tax_system_code", "tax_system_code must be 1 to 6")
	}
	items, _ := r["items"].([]any)
	if len(items) == 0 {
		return invalid("receipt.items", "The receipt must have at least one item")
	}
	sum := new(big.Rat)
	for _, v := range items {
		it, ok := v.(map[string]any)
		if !ok {
			return invalid("receipt.items", "Each item must be an object")
		}
		d, _ := it["description"].(string)
		if d == "" || utf8.RuneCountInString(d) > 128 {
			return invalid("receipt.items.description", "Item description must be 1 to 128 characters")
		}
		n, _ := it["quantity"].(json.Number)
		qty, ok := new(big.Rat).SetString(n.String())
		if n == "" || !ok || qty.Sign() <= 0 {
			return invalid("receipt.items.quantity", "Item quantity must be a number above zero")
		}
		price, aerr := parseAmount(it["amount"], "receipt.items.amount")
		if aerr != nil {
			return aerr
		}
		if !intIn(it["vat_code"], 1, 12) {
			return invalid("receipt.items.vat_code", "vat_code must be 1 to 12")
		}
		for _, e := range []struct {
			name    string
			allowed map[string]bool
		}{{"payment_mode", paymentModes}, {"payment_subject", paymentSubjects}, {"measure", measures}} {
			if x, ok := it[e.name]; ok {
				if s, _ := x.(string); !e.allowed[s] {
					return invalid("receipt.items."+e.name, "Invalid parameter's value")
				}
			}
		}
		if mci, ok := it["mark_code_info"]; ok {
			if aerr := validateMarkCode(mci); aerr != nil {
				return aerr
			}
			if qty.Cmp(big.NewRat(1, 1)) != 0 {
				return invalid("receipt.items.quantity", "An item with a marking code must have quantity 1")
			}
		}
		if mm, ok := it["mark_mode"]; ok && mm != "0" {
			return invalid("receipt.items.mark_mode", `mark_mode must be "0"`)
		}
		// planned_status (tag 2003) is a number from ЮKassa's values reference; a shop of pieces sends 1 (sold)
		// or 3 (returned), and a piece with a code has quantity 1 whatever its status.
		if ps, ok := it["planned_status"]; ok && !intIn(ps, 1, 6) {
			return invalid("receipt.items.planned_status", "planned_status must be 1 to 6")
		}
		sum.Add(sum, new(big.Rat).Mul(qty, big.NewRat(price.Kopecks(), 100)))
	}
	if sum.Cmp(big.NewRat(total.Kopecks(), 100)) != 0 {
		return invalid("receipt.items.amount", "The sum of the receipt items does not match the amount")
	}
	return nil
}

// validateMarkCode checks mark_code_info: at least one known code field, and a well-formed fur KiZ.
func validateMarkCode(v any) *apiError {
	m, ok := v.(map[string]any)
	if !ok {
		return invalid("receipt.items.mark_code_info", "mark_code_info must be an object")
	}
	filled := false
	for _, f := range markCodeFields {
		if s, _ := m[f].(string); s != "" {
			filled = true
		}
	}
	if !filled {
		return invalid("receipt.items.mark_code_info", "Fill in at least one marking code field")
	}
	if fur, ok := m["fur"]; ok {
		if s, _ := fur.(string); !furRE.MatchString(s) {
			return invalid("receipt.items.mark_code_info.fur", "Invalid fur marking code (KiZ), e.g. RU-430302-AAA7582720")
		}
	}
	return nil
}
