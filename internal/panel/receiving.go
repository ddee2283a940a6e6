package panel

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

type receivingData struct {
	SKU, Codes, Reason string
	Variant            *catalog.SKUVariant
	Message, SKUError  string
	LineErrors         []lineError
	Done               *catalog.UnitReceipt
}

type lineError struct {
	Line    int
	Message string
}

// receivingForm serves GET /admin/receiving, Поступление: receive fur units by their КИЗ into a size.
func (p *Panel) receivingForm(w http.ResponseWriter, r *http.Request) error {
	p.render(w, r, http.StatusOK, "receiving", view{Title: "Поступление", Data: receivingData{}})
	return nil
}

// receive serves POST /admin/receiving (sku, codes one per line, reason): the same receiving as the JSON route,
// so its checks and its audit entry are the same. What went wrong is shown per line, with what was typed kept;
// nothing is received unless every code is.
func (p *Panel) receive(w http.ResponseWriter, r *http.Request) error {
	s, _ := sessionFrom(r.Context())
	d := receivingData{SKU: strings.TrimSpace(r.PostFormValue("sku")), Codes: r.PostFormValue("codes"),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	again := func(status int) error {
		p.render(w, r, status, "receiving", view{Title: "Поступление", Data: d})
		return nil
	}
	v, err := p.catalog.VariantBySKU(r.Context(), d.SKU)
	if errors.Is(err, catalog.ErrVariantNotFound) {
		d.SKUError = "Размера с таким артикулом нет."
		return again(http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	d.Variant = &v
	var codes []string
	var lines []int // the form's line of each code
	for i, line := range strings.Split(strings.ReplaceAll(d.Codes, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) != "" {
			codes, lines = append(codes, line), append(lines, i+1)
		}
	}
	receipt, err := p.catalog.ReceiveUnits(r.Context(), s.session.User, v.ID, codes, d.Reason)
	if err != nil {
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			return err
		}
		d.Message, d.LineErrors = receivingMessage(ae), receivingLines(ae, codes, lines)
		return again(http.StatusUnprocessableEntity)
	}
	d.Done, d.Codes, d.Reason = &receipt, "", ""
	if v, err := p.catalog.VariantBySKU(r.Context(), d.SKU); err == nil {
		d.Variant = &v
	}
	return again(http.StatusOK)
}

// receivingMessage says in Russian why nothing was received.
func receivingMessage(e *apperr.Error) string {
	switch e.Code {
	case "required":
		return "Отсканируйте хотя бы один КИЗ."
	case "not_marked":
		return "Этот товар не маркируется: у него нет изделий с КИЗ, только остаток. Измените остаток в карточке товара."
	case "stock_too_large":
		return "Столько изделий на складе быть не может: проверьте коды."
	}
	if len(e.Fields) > 0 {
		return "Ничего не принято: исправьте строки ниже и отправьте ещё раз."
	}
	return "Ничего не принято: " + e.Message
}

var kizField = regexp.MustCompile(`^kiz\[(\d+)\]$`)

// receivingLines turns the service's per-code problems (fields kiz[i]) into the form's lines.
func receivingLines(e *apperr.Error, codes []string, lines []int) []lineError {
	var out []lineError
	for field := range e.Fields {
		m := kizField.FindStringSubmatch(field)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		if i >= len(lines) {
			continue
		}
		// One request may mix the service's three problems (its code is then "invalid_input"), so each
		// line's is told by the service's words for it (catalog.cleanUnitCodes, kizExists).
		msg := "это не КИЗ: ожидается вид RU-430302-AAA7582720"
		switch problem := e.Fields[field]; {
		case strings.HasPrefix(problem, "repeats"):
			msg = "этот КИЗ уже есть выше в списке"
		case e.Code == "kiz_exists" || strings.Contains(problem, "is already unit"):
			msg = "КИЗ " + strings.TrimSpace(codes[i]) + " уже есть на складе"
		}
		out = append(out, lineError{Line: lines[i], Message: msg})
	}
	slices.SortFunc(out, func(a, b lineError) int { return a.Line - b.Line })
	return out
}
