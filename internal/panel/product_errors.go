package panel

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/catalog"
)

// formErrors is what a refused form shows: a message above it and one beside each bad field, in Russian.
type formErrors struct {
	Message string
	Fields  map[string]string
}

// errVersionConflict is what a product form saved from a stale version shows.
const errVersionConflict = "Товар изменён другим сотрудником — обновите страницу. Ваши изменения не сохранены; они остались в форме."

// refusal turns the catalog's refusal of a form into formErrors; ok is false for an error that is not a
// refusal (the page then fails with it). A product that is gone is the 404 page.
func refusal(err error) (formErrors, bool) {
	e, ok := apperr.As(err)
	if !ok {
		return formErrors{}, false
	}
	if errors.Is(err, catalog.ErrProductNotFound) || e.Code == "product_not_found" || e.Code == "variant_not_found" {
		return formErrors{}, false
	}
	out := formErrors{Fields: map[string]string{}}
	for field, problem := range e.Fields {
		name, msg := fieldMessage(field, e.Code, problem)
		if _, seen := out.Fields[name]; !seen {
			out.Fields[name] = msg
		}
	}
	out.Message = codeMessage(e)
	return out, true
}

// codeMessage is the message above the form for the catalog's error code.
func codeMessage(e *apperr.Error) string {
	switch e.Code {
	case "version_conflict":
		return errVersionConflict
	case "last_variant":
		return "Это единственный размер товара: его нельзя удалить. Снимите товар с продажи или выключите размер."
	case "variant_in_use":
		return "Этот размер есть в заказах или у него есть изделия с КИЗ: его нельзя удалить, выключите его."
	case "stock_by_units":
		return "Товар маркируется: его остаток — изделия с КИЗ. Принимайте их на странице «Поступление»."
	case "product_in_open_orders":
		return "Товар в незавершённых заказах: маркировку сейчас изменить нельзя."
	case "duplicate_image":
		return "Эта фотография у товара уже есть."
	case "unsupported_image":
		return "Это не фотография: загрузите файл JPEG, PNG или WebP."
	case "file_too_large":
		return "Файл слишком большой: фотография — не больше 10 МБ."
	case "too_many_pixels":
		return "Фотография слишком большая по числу точек: уменьшите её и загрузите снова."
	case "invalid_order":
		return "Порядок фотографий изменился, пока страница была открыта: обновите страницу."
	case "image_not_found":
		return "Такой фотографии у товара уже нет: обновите страницу."
	}
	if len(e.Fields) > 0 {
		return "Не сохранено: исправьте отмеченные поля."
	}
	return "Не сохранено: магазин отказал (" + e.Code + ")."
}

var listField = regexp.MustCompile(`^(attributes|variants)\[(\d+)\]\.?(.*)$`)

// fieldMessage is the form's field (the catalog's field name, with a new product's variants[i].size as sizes)
// and what is shown beside it.
func fieldMessage(field, code, problem string) (string, string) {
	if m := listField.FindStringSubmatch(field); m != nil {
		if m[1] == "attributes" {
			return "attributes", "Характеристика № " + oneBased(m[2]) + ": название и значение — от 1 до 200 символов в одну строку."
		}
		return "sizes", "Размер № " + oneBased(m[2]) + ": " + lowerFirst(fieldText(m[3], code, problem))
	}
	return field, fieldText(field, code, problem)
}

func fieldText(field, code, problem string) string {
	switch field {
	case "name":
		return "Укажите название: от 1 до 300 символов в одну строку, без невидимых символов."
	case "slug":
		if code == "slug_taken" {
			return "Этот адрес уже занят другим товаром."
		}
		return "Адрес: строчные латинские буквы и цифры, слова через дефис. Можно оставить пустым — он будет сделан из названия."
	case "category_id":
		if code == "unknown_category" {
			return "Такой категории нет: выберите другую."
		}
		return "Выберите категорию."
	case "price", "old_price":
		return priceText(field, code, problem)
	case "description":
		return "Описание — до 20 000 символов, без управляющих символов."
	case "attributes":
		return "Не больше 50 характеристик."
	case "stock", "set":
		return "Остаток — целое число от 0 до 1 000 000."
	case "marked_fur":
		return "Маркировку нельзя изменить, пока товар в незавершённых заказах."
	case "sku":
		if code == "sku_exists" {
			return "Такой артикул уже есть в магазине."
		}
		return "Артикул: до 64 латинских букв, цифр и знаков . _ / -, начиная с буквы или цифры."
	case "size":
		if code == "variant_exists" || code == "duplicate_variant" {
			return "Такой размер (с этим ростом и цветом) у товара уже есть."
		}
		return "Размер по российской сетке: чётный от 40 до 64 (шапки — от 53 до 62); пусто — без размера."
	case "height":
		return "Рост — до 20 символов в одну строку, например 164-170."
	case "color":
		return "Цвет — до 50 символов в одну строку."
	case "version":
		return errVersionConflict
	}
	return "Проверьте это поле."
}

func priceText(field, code, problem string) string {
	what := "Цена"
	if field == "old_price" {
		what = "Старая цена"
	}
	switch {
	case code == "required":
		return "Укажите цену."
	case strings.Contains(problem, "negative"):
		return what + " не может быть отрицательной."
	case strings.Contains(problem, "must be above"):
		return "Старая цена должна быть больше цены — или оставьте её пустой, если скидки нет."
	case strings.Contains(problem, "needs the variant's own price"):
		return "Старую цену размера указывайте вместе с его ценой."
	case strings.Contains(problem, "at most"):
		return what + " слишком большая."
	}
	return what + " — сумма в рублях, например 16400 или 16400,50."
}

func oneBased(s string) string {
	n, _ := strconv.Atoi(s)
	return strconv.Itoa(n + 1)
}

func lowerFirst(s string) string {
	for i, c := range s {
		return strings.ToLower(string(c)) + s[i+len(string(c)):]
	}
	return s
}
