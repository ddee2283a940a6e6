package web

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// nullTypes works out which Go type a null in the body would be decoded into. It is asked only when a body
// holds a null, so a body without one costs no reflection at all.
type nullTypes struct {
	root   reflect.Type                 // the type of the whole body: what v points to; nil when v is no pointer
	types  []reflect.Type               // by depth: the type of each open container, where frame.typed says so
	fields map[reflect.Type][]jsonField // the JSON fields of each struct met so far in this body
}

func rootType(v any) reflect.Type {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil // encoding/json refuses such a v itself
	}
	return t.Elem()
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// nullAllowed reports whether a null may go where a value of type t is declared. Only a type that decides
// for itself may take one: a non-pointer T whose *T is a json.Unmarshaler (optional[T], money.Amount), which
// encoding/json hands the null to. Anywhere else encoding/json stores a null as nothing at all — a zero, or a
// nil pointer that reads as "absent" — so the client's null would silently mean something else. An interface
// keeps a null as nil, faithfully, and nil t means no Go type is in sight (a key the target does not have, or
// the inside of a value an Unmarshaler reads), so the rule does not apply.
func nullAllowed(t reflect.Type) bool {
	if t == nil || t.Kind() == reflect.Interface {
		return true
	}
	return t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType)
}

// container returns the type whose members a JSON object or array decodes into when it stands where t is
// declared, or nil when they are out of sight: an Unmarshaler reads the value its own way, an interface takes
// any JSON.
func container(t reflect.Type) reflect.Type {
	for t != nil {
		if t.Implements(unmarshalerType) || t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType) {
			return nil
		}
		switch t.Kind() {
		case reflect.Pointer:
			t = t.Elem()
		case reflect.Interface:
			return nil
		default:
			return t
		}
	}
	return nil
}

// containerOf returns the type the open container at depth i decodes into, working it out once.
func (s *scanner) containerOf(i int) reflect.Type {
	f := &s.frames[i]
	if !f.typed {
		t := s.nulls.root
		if i > 0 {
			t = s.member(i - 1)
		}
		for len(s.nulls.types) <= i {
			s.nulls.types = append(s.nulls.types, nil)
		}
		s.nulls.types[i], f.typed = container(t), true
	}
	return s.nulls.types[i]
}

// member returns the declared type of the member the open container at depth i is reading (its current key
// or index), or nil when there is none in sight.
func (s *scanner) member(i int) reflect.Type {
	c := s.containerOf(i)
	if c == nil {
		return nil
	}
	f := &s.frames[i]
	switch k := c.Kind(); {
	case f.object && k == reflect.Struct:
		return s.nulls.field(c, s.text(f.key))
	case f.object && k == reflect.Map:
		return c.Elem()
	case !f.object && (k == reflect.Slice || k == reflect.Array):
		return c.Elem()
	}
	return nil // the JSON does not fit the type; encoding/json names that mismatch
}

// field returns the declared type of the struct field key decodes into, found as encoding/json finds it: the
// exact name first, then the first field whose name matches ignoring case. nil: t has no such field.
func (n *nullTypes) field(t reflect.Type, key []byte) reflect.Type {
	fields, ok := n.fields[t]
	if !ok {
		fields = jsonFields(t)
		if n.fields == nil {
			n.fields = make(map[reflect.Type][]jsonField)
		}
		n.fields[t] = fields
	}
	for _, f := range fields {
		if f.name == string(key) {
			return f.typ
		}
	}
	for _, f := range fields {
		if bytes.EqualFold(f.nameBytes, key) {
			return f.typ
		}
	}
	return nil
}
