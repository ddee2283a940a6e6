package panel

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mekhaishuby/furstore/internal/catalog"
)

// catalogData is Каталог: the category tree, and the form a refusal came back to, if any.
type catalogData struct {
	Tree    []*categoryNode
	Create  formFailure // the create form: what was typed and why it was refused
	Parents []option    // the create form's choices of parent
	Count   int64
}

// subtree is what the tree template gets for one level: its categories and the session's form token.
type subtree struct {
	Nodes []*categoryNode
	CSRF  string
}

// categoryNode is one category of the tree with its forms' state.
type categoryNode struct {
	catalog.StaffCategory
	Children []*categoryNode
	Failed   formFailure // one of its forms was refused: which, why, what was typed
	Parents  []option    // the move form's choices, the current (or typed) parent chosen
}

// formFailure is a refused form: which one (create, rename, move, position, delete), the reason in words and
// the values as typed, shown back in the form.
type formFailure struct {
	Form, Message          string
	Name, Parent, Position string
}

// catalogPage serves GET /admin/catalog.
func (p *Panel) catalogPage(w http.ResponseWriter, r *http.Request) error {
	return p.showCatalog(w, r, http.StatusOK, 0, formFailure{})
}

// showCatalog renders the tree; a refused form of category id (0: the create form) is shown with its reason.
func (p *Panel) showCatalog(w http.ResponseWriter, r *http.Request, status int, id int64, failed formFailure) error {
	cats, err := p.catalog.Categories(r.Context())
	if err != nil {
		return err
	}
	d := catalogData{Count: int64(len(cats))}
	nodes := make(map[int64]*categoryNode, len(cats))
	for _, c := range cats {
		nodes[c.ID] = &categoryNode{StaffCategory: c}
	}
	for _, c := range cats { // roots come first, then each level in display order
		n := nodes[c.ID]
		if parent, ok := nodes[idOrZero(c.ParentID)]; ok {
			parent.Children = append(parent.Children, n)
		} else {
			d.Tree = append(d.Tree, n)
		}
	}
	choices := parentChoices(d.Tree, 0)
	for _, n := range nodes {
		current := ""
		if n.ParentID != nil {
			current = strconv.FormatInt(*n.ParentID, 10)
		}
		if n.ID == id {
			n.Failed = failed
			if failed.Form == "move" {
				current = failed.Parent
			}
		}
		n.Parents = chosen(choices, current)
	}
	if id == 0 {
		d.Create = failed
	}
	d.Parents = chosen(choices, d.Create.Parent)
	p.render(w, r, status, "catalog", view{Title: "Каталог", Data: d})
	return nil
}

// parentChoices are the categories as a select lists them, depth shown by indent, after «верхний уровень».
func parentChoices(tree []*categoryNode, depth int) []option {
	var out []option
	if depth == 0 {
		out = append(out, option{Value: "", Label: "— верхний уровень —"})
	}
	for _, n := range tree {
		out = append(out, option{Value: strconv.FormatInt(n.ID, 10), Label: strings.Repeat("\u00a0\u00a0", depth) + n.Name})
		out = append(out, parentChoices(n.Children, depth+1)...)
	}
	return out
}

// chosen is a copy of choices with value selected.
func chosen(choices []option, value string) []option {
	out := make([]option, len(choices))
	for i, o := range choices {
		o.Selected = o.Value == value
		out[i] = o
	}
	return out
}

// idOrZero is a parent's id, 0 for a top-level category.
func idOrZero(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
