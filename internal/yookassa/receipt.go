package yookassa

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// Receipt is the 54-ФЗ receipt sent with a payment, a capture or a refund (the fact sheet's §9).
type Receipt struct {
	Customer      *Customer     `json:"customer,omitempty"`
	TaxSystemCode int           `json:"tax_system_code,omitempty"` // 1–6; only for shops with several tax systems
	Items         []ReceiptItem `json:"items"`
}

// Customer says where the e-receipt goes: Email or Phone is required. Phone is digits only, e.g. "79001234567".
type Customer struct {
	FullName string `json:"full_name,omitempty"`
	INN      string `json:"inn,omitempty"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

// ReceiptItem is one line of a receipt. Amount is the price of ONE unit, discounts and VAT included; the
// items' amounts times their quantities must add up to the payment (or refund) exactly.
type ReceiptItem struct {
	Description    string         `json:"description"` // at most 128 characters
	Quantity       Quantity       `json:"quantity"`
	Amount         Amount         `json:"amount"`
	VATCode        VATCode        `json:"vat_code"`
	PaymentMode    PaymentMode    `json:"payment_mode,omitempty"`
	PaymentSubject PaymentSubject `json:"payment_subject,omitempty"`
	Measure        Measure        `json:"measure,omitempty"` // required on FFD 1.2
	MarkCodeInfo   *MarkCodeInfo  `json:"mark_code_info,omitempty"`
	MarkMode       string         `json:"mark_mode,omitempty"` // "0" when required (marked goods, FFD 1.2)
	MarkQuantity   *MarkQuantity  `json:"mark_quantity,omitempty"`
	PlannedStatus  PlannedStatus  `json:"planned_status,omitempty"` // marked goods: what becomes of the piece
}

// MarkModeDefault is the only mark_mode (tag 2102, marking code processing mode) ЮKassa takes.
const MarkModeDefault = "0"

// PlannedStatus is the planned status of a marked good (tag 2003): what the receipt does to the piece.
type PlannedStatus int

// The planned statuses a shop of pieces sends, as ЮKassa's values reference numbers them (FFD 1.2, tag 2003).
const (
	PlannedPieceSold     PlannedStatus = 1 // a piece sold
	PlannedPieceReturned PlannedStatus = 3 // a piece returned
)

// MarkCodeInfo carries an item's marking code (tag 1163), one field per code format; fill at least one.
// Natural fur goes in Fur: the KiZ, e.g. "RU-430302-AAA7582720" (tag 1307). One code is one unit, so an item
// with a code has quantity 1.
type MarkCodeInfo struct {
	MarkCodeRaw string `json:"mark_code_raw,omitempty"` // as scanned (tag 2000)
	Unknown     string `json:"unknown,omitempty"`       // 1300
	EAN8        string `json:"ean_8,omitempty"`         // 1301
	EAN13       string `json:"ean_13,omitempty"`        // 1302
	ITF14       string `json:"itf_14,omitempty"`        // 1303
	GS10        string `json:"gs_10,omitempty"`         // 1304
	GS1M        string `json:"gs_1m,omitempty"`         // 1305, DataMatrix GS1
	Short       string `json:"short,omitempty"`         // 1306
	Fur         string `json:"fur,omitempty"`           // 1307, the fur KiZ
	EGAIS20     string `json:"egais_20,omitempty"`      // 1308
	EGAIS30     string `json:"egais_30,omitempty"`      // 1309
}

// MarkQuantity is the sold fraction of a marked unit.
type MarkQuantity struct {
	Numerator   int `json:"numerator"`
	Denominator int `json:"denominator"`
}

// VATCode is the receipt's VAT rate code.
type VATCode int

// VAT rate codes. Since 1 January 2026 the general rate is 22 % (codes 11 and 12).
const (
	VATNone    VATCode = 1  // no VAT
	VAT0       VATCode = 2  // 0 %
	VAT10      VATCode = 3  // 10 %
	VAT20      VATCode = 4  // 20 %
	VAT10of110 VATCode = 5  // 10/110
	VAT20of120 VATCode = 6  // 20/120
	VAT5       VATCode = 7  // 5 %
	VAT7       VATCode = 8  // 7 %
	VAT5of105  VATCode = 9  // 5/105
	VAT7of107  VATCode = 10 // 7/107
	VAT22      VATCode = 11 // 22 %
	VAT22of122 VATCode = 12 // 22/122
)

// PaymentMode is the "payment method attribute" of a receipt line (tag 1214).
type PaymentMode string

// Payment modes.
const (
	PaymentModeFullPrepayment    PaymentMode = "full_prepayment"
	PaymentModePartialPrepayment PaymentMode = "partial_prepayment"
	PaymentModeAdvance           PaymentMode = "advance"
	PaymentModeFullPayment       PaymentMode = "full_payment"
	PaymentModePartialPayment    PaymentMode = "partial_payment"
	PaymentModeCredit            PaymentMode = "credit"
	PaymentModeCreditPayment     PaymentMode = "credit_payment"
)

// PaymentSubject is what a receipt line sells (tag 1212).
type PaymentSubject string

// Payment subjects a shop of goods uses; ЮKassa knows more.
const (
	PaymentSubjectCommodity PaymentSubject = "commodity"
	PaymentSubjectService   PaymentSubject = "service"
	PaymentSubjectPayment   PaymentSubject = "payment"
	PaymentSubjectComposite PaymentSubject = "composite"
	PaymentSubjectAnother   PaymentSubject = "another"
	// PaymentSubjectMarked is goods with a marking code (ТМ), e.g. DataMatrix-marked clothing.
	PaymentSubjectMarked PaymentSubject = "marked"
	// PaymentSubjectNonMarked is goods marked without a marking code (ТНМ): natural fur with its KiZ.
	PaymentSubjectNonMarked PaymentSubject = "non_marked"
)

// Measure is the unit of a receipt line's quantity (tag 2108).
type Measure string

// Measures a shop of goods uses; ЮKassa knows more.
const (
	MeasurePiece    Measure = "piece"
	MeasureGram     Measure = "gram"
	MeasureKilogram Measure = "kilogram"
	MeasureMeter    Measure = "meter"
	MeasureAnother  Measure = "another"
)

// Quantity is a receipt line's quantity kept as its decimal text ("1", "2.5"), so fractions stay exact. It
// travels as a JSON number.
type Quantity string

// Pieces returns a whole quantity.
func Pieces(n int) Quantity { return Quantity(strconv.Itoa(n)) }

var quantityRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// MarshalJSON writes the quantity as a JSON number; anything but a non-negative decimal is refused.
func (q Quantity) MarshalJSON() ([]byte, error) {
	if !quantityRE.MatchString(string(q)) {
		return nil, fmt.Errorf("yookassa: quantity %q is not a decimal number", string(q))
	}
	return []byte(q), nil
}

// UnmarshalJSON reads a JSON number (or a string holding one) without converting it through a float.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	if !quantityRE.Match(b) {
		return fmt.Errorf("yookassa: quantity %s is not a decimal number", b)
	}
	*q = Quantity(b)
	return nil
}
