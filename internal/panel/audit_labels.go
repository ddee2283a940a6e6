package panel

// labelled is a code the log stores and the words staff read for it, in the order the filter lists them.
type labelled struct{ code, label string }

// actionLabels are the audit log's actions in words; an action missing here is shown as its code.
var actionLabels = []labelled{
	{"category.create", "Категория создана"},
	{"category.update", "Категория изменена"},
	{"category.meta", "Мета-теги категории изменены"},
	{"category.delete", "Категория удалена"},
	{"product.create", "Товар создан"},
	{"product.update", "Товар изменён"},
	{"product.meta", "Мета-теги товара изменены"},
	{"product.stock", "Остаток изменён"},
	{"product.units_receive", "Поступление по КИЗ"},
	{"product.unit_status", "Статус единицы изменён"},
	{"product.delete", "Товар удалён"},
	{"variant.create", "Размер добавлен"},
	{"variant.update", "Размер изменён"},
	{"variant.delete", "Размер удалён"},
	{"attribute.create", "Характеристика создана"},
	{"attribute.update", "Характеристика изменена"},
	{"attribute.value_create", "Значение характеристики добавлено"},
	{"attribute.delete", "Характеристика удалена"},
	{"order.status", "Статус заказа изменён"},
	{"order.fur_codes", "КИЗ заказа записаны"},
	{"order.refund", "Возврат денег"},
	{"order.return", "Возврат товара"},
}

// objectTypeLabels are the kinds of object the log names.
var objectTypeLabels = []labelled{
	{"category", "Категория"},
	{"product", "Товар"},
	{"attribute", "Характеристика"},
	{"order", "Заказ"},
}

func label(list []labelled, code string) string {
	for _, l := range list {
		if l.code == code {
			return l.label
		}
	}
	return code
}

// options are a select's choices: any (an empty value, named anyLabel), then list, with selected chosen; a
// selected code the list lacks (from an address typed by hand) is kept as a choice of its own.
func options(list []labelled, selected, anyLabel string) []option {
	out := []option{{Value: "", Label: anyLabel, Selected: selected == ""}}
	found := selected == ""
	for _, l := range list {
		out = append(out, option{Value: l.code, Label: l.label, Selected: l.code == selected})
		found = found || l.code == selected
	}
	if !found {
		out = append(out, option{Value: selected, Label: selected, Selected: true})
	}
	return out
}
