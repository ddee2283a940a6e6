package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/mekhaishuby/furstore/internal/apperr"
)

// optional is catalogadmin's optional[T]: a field type that tells absent from null from a value, and so may
// take a null.
type optional[T any] struct {
	Set, Null bool
	V         T
}

func (f *optional[T]) UnmarshalJSON(b []byte) error {
	f.Set = true
	if string(b) == "null" {
		f.Null = true
		return nil
	}
	return json.Unmarshal(b, &f.V)
}

type cartLine struct {
	ProductID int64 `json:"product_id"`
	Quantity  *int  `json:"quantity"`
}

type attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type productInput struct {
	Name       string                  `json:"name"`
	Attributes []attribute             `json:"attributes"`
	Sizes      map[string]int          `json:"sizes"`
	IDs        []*int                  `json:"ids"`
	OldPrice   optional[int64]         `json:"old_price"`
	OldPtr     *optional[int64]        `json:"old_ptr"`
	Extra      optional[[]attribute]   `json:"extra"`
	Raw        json.RawMessage         `json:"raw"`
	Any        any                     `json:"any"`
	Nested     *struct{ Note *string } `json:"nested"`
	Secret     string                  `json:"-"`
}

type base struct {
	ID *int64 `json:"id"`
}

type withBase struct {
	base
	Note string `json:"note"`
}

// clashEmbedded embeds two structs that both have an untagged ID at the same depth: encoding/json gives the
// name to neither, so "ID" is a key the target does not have.
type clashEmbedded struct {
	clashA
	clashB
}

type clashA struct{ ID *int }
type clashB struct{ ID *int }

type loginInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// answer is an error answer as the client reads it.
type answer struct {
	status int
	Error  struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// decode sends body through DecodeJSON (or DecodeJSONStrict) into v and returns the answer.
func decode(t *testing.T, strict bool, contentType, body string, v any) answer {
	t.Helper()
	r := httptest.NewRequest("POST", "/api/test", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if strict {
			return DecodeJSONStrict(w, r, v)
		}
		return DecodeJSON(w, r, v)
	}).ServeHTTP(w, r)
	a := answer{status: w.Code}
	if w.Code != http.StatusOK {
		if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
			t.Fatalf("the %d answer is not the contract's error JSON: %v: %q", w.Code, err, w.Body)
		}
	}
	return a
}

func TestDecodeJSONRefuses(t *testing.T) {
	const jsonType = "application/json"
	manyKeys := func(dup string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range 20 {
			fmt.Fprintf(&b, `"k%d":%d,`, i, i)
		}
		return b.String() + `"` + dup + `":1}`
	}
	tests := []struct {
		name        string
		strict      bool
		contentType string
		body        string
		v           any
		wantStatus  int
		wantCode    string
		wantFields  map[string]string
	}{
		// null where a value is required
		{name: "null into a pointer that means absent", body: `{"product_id":5,"quantity":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"quantity": "must not be null"}},
		{name: "null into a bool", body: `{"requires_delivery":null}`, v: &struct {
			RequiresDelivery bool `json:"requires_delivery"`
		}{}, wantStatus: 400, wantCode: "required", wantFields: map[string]string{"requires_delivery": "must not be null"}},
		{name: "null into an int64", body: `{"product_id":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"product_id": "must not be null"}},
		{name: "null as the whole body", body: ` null `, v: &cartLine{}, wantStatus: 400, wantCode: "required"},
		{name: "null key matched ignoring case", body: `{"QUANTITY":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"QUANTITY": "must not be null"}},
		{name: "null key spelt with an escape", body: `{"quan\u0074ity":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"quantity": "must not be null"}},
		{name: "null in a nested struct", body: `{"attributes":[{"name":"Мех","value":"норка"},{"name":null}]}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"attributes[1].name": "must not be null"}},
		{name: "null as a slice element", body: `{"attributes":[null]}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"attributes[0]": "must not be null"}},
		{name: "null as a slice of pointers' element", body: `{"ids":[1,null]}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"ids[1]": "must not be null"}},
		{name: "null as a map value", body: `{"sizes":{"48":2,"50":null}}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"sizes.50": "must not be null"}},
		{name: "null into a pointer to an Unmarshaler", body: `{"old_ptr":null}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"old_ptr": "must not be null"}},
		{name: "null under a pointer to a struct", body: `{"nested":{"note":null}}`, v: &productInput{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"nested.note": "must not be null"}},
		{name: "null into an embedded struct's field", body: `{"note":"","id":null}`, v: &withBase{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"id": "must not be null"}},
		{name: "null as an element of a top-level array", body: `[{"name":"a"},null]`, v: &[]attribute{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"[1]": "must not be null"}},
		{name: "null in strict mode", strict: true, body: `{"product_id":5,"quantity":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "required", wantFields: map[string]string{"quantity": "must not be null"}},
		{name: "unknown key in strict mode, even as null", strict: true, body: `{"product_id":5,"status":null}`, v: &cartLine{},
			wantStatus: 400, wantCode: "unknown_field", wantFields: map[string]string{"status": "is not a field of this request"}},

		// text that would not survive: invalid UTF-8, lone surrogates
		{name: "invalid UTF-8 in a password", body: "{\"email\":\"a@b.ru\",\"password\":\"\xff\xff\xff\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": "must be valid UTF-8"}},
		{name: "a truncated UTF-8 sequence", body: "{\"email\":\"\xd0\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"email": "must be valid UTF-8"}},
		{name: "an encoded surrogate (CESU-8)", body: "{\"email\":\"\xed\xa0\x80\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"email": "must be valid UTF-8"}},
		{name: "an overlong encoding", body: "{\"email\":\"\xc0\xaf\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"email": "must be valid UTF-8"}},
		{name: "invalid UTF-8 in a key", body: "{\"pass\xffword\":\"x\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text"},
		{name: "invalid UTF-8 outside any string", body: "{\"email\":\"a\"}\xff", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text"},
		{name: "invalid UTF-8 under a key the target lacks", body: "{\"comment\":\"\xfe\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"comment": "must be valid UTF-8"}},
		{name: "lone high surrogate", body: `{"password":"\ud800"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},
		{name: "lone low surrogate", body: `{"password":"ab\udc00"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},
		{name: "high surrogate before a plain escape", body: `{"password":"\ud83d\u0041"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},
		{name: "surrogates in the wrong order", body: `{"password":"\ude00\ud83d"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},
		{name: "high surrogate at the end of the string", body: `{"password":"x\uD83D"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"password": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},
		{name: "lone surrogate in a key", body: `{"pass\udc00":"x"}`, v: &loginInput{}, wantStatus: 400, wantCode: "invalid_text"},
		{name: "lone surrogate in an array", body: `{"attributes":[{"name":"a","value":"\udfff"}]}`, v: &productInput{},
			wantStatus: 400, wantCode: "invalid_text", wantFields: map[string]string{"attributes[0].value": `must not hold a lone UTF-16 surrogate (\ud800–\udfff)`}},

		// duplicate keys
		{name: "the same key twice", body: `{"email":"a@b.ru","password":"x","email":"c@d.ru"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"email": "appears more than once (names are matched ignoring case)"}},
		{name: "keys that differ in case", body: `{"email":"a@b.ru","EMAIL":"c@d.ru"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"email": "appears more than once (names are matched ignoring case)"}},
		{name: "a key spelt with an escape", body: `{"email":"a@b.ru","\u0065mail":"c@d.ru"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"email": "appears more than once (names are matched ignoring case)"}},
		{name: "keys equal under Unicode folding (Kelvin sign)", body: `{"k":1,"\u212a":2}`, v: &map[string]int{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"k": "appears more than once (names are matched ignoring case)"}},
		{name: "Cyrillic keys that differ in case", body: `{"имя":"а","ИМЯ":"б"}`, v: &map[string]string{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"имя": "appears more than once (names are matched ignoring case)"}},
		{name: "duplicate of keys the target lacks", body: `{"id":1,"id":2,"email":"a@b.ru"}`, v: &loginInput{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"id": "appears more than once (names are matched ignoring case)"}},
		{name: "duplicate in a nested object", body: `{"attributes":[{"name":"a","Name":"b"}]}`, v: &productInput{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"attributes[0].name": "appears more than once (names are matched ignoring case)"}},
		{name: "duplicate in an object of many keys", body: manyKeys("K3"), v: &map[string]int{},
			wantStatus: 400, wantCode: "duplicate_field", wantFields: map[string]string{"k3": "appears more than once (names are matched ignoring case)"}},

		// the media type and charset
		{name: "a charset other than UTF-8", contentType: "application/json; charset=windows-1251", body: `{}`, v: &loginInput{},
			wantStatus: 415, wantCode: "unsupported_charset"},
		{name: "latin1", contentType: "application/json;charset=ISO-8859-1", body: `{}`, v: &loginInput{},
			wantStatus: 415, wantCode: "unsupported_charset"},
		{name: "no Content-Type", contentType: "-", body: `{}`, v: &loginInput{}, wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "text/plain", contentType: "text/plain; charset=utf-8", body: `{}`, v: &loginInput{},
			wantStatus: 415, wantCode: "unsupported_media_type"},
		{name: "a malformed Content-Type", contentType: "application/json; charset", body: `{}`, v: &loginInput{},
			wantStatus: 415, wantCode: "unsupported_media_type"},

		// what was refused before and still is
		{name: "empty", body: ``, v: &loginInput{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "truncated", body: `{"email":`, v: &loginInput{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "truncated after a null", body: `{"product_id":null`, v: &cartLine{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "malformed after a duplicate", body: `{"a":1,"a":2,}`, v: &cartLine{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "two values", body: `{} {}`, v: &loginInput{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "an array for an object", body: `[1]`, v: &loginInput{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "a raw control character in a string", body: "{\"email\":\"a\tb\"}", v: &loginInput{},
			wantStatus: 400, wantCode: "malformed_json"},
		{name: "a bad escape", body: `{"email":"\x41"}`, v: &loginInput{}, wantStatus: 400, wantCode: "malformed_json"},
		{name: "a wrong type", body: `{"product_id":"пять"}`, v: &cartLine{},
			wantStatus: 400, wantCode: "invalid_type", wantFields: map[string]string{"product_id": "must be a whole number"}},
		{name: "an unknown field in strict mode", strict: true, body: `{"product_id":5,"qty":2}`, v: &cartLine{},
			wantStatus: 400, wantCode: "unknown_field", wantFields: map[string]string{"qty": "is not a field of this request"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			contentType := tt.contentType
			switch contentType {
			case "":
				contentType = jsonType
			case "-":
				contentType = ""
			}
			got := decode(t, tt.strict, contentType, tt.body, tt.v)
			if got.status != tt.wantStatus || got.Error.Code != tt.wantCode {
				t.Fatalf("got %d %s (%q), want %d %s", got.status, got.Error.Code, got.Error.Message, tt.wantStatus, tt.wantCode)
			}
			if got.Error.Message == "" {
				t.Error("the error has no message")
			}
			if diff := cmp.Diff(got.Error.Fields, tt.wantFields); diff != "" {
				t.Errorf("fields (-got +want):\n%s", diff)
			}
		})
	}
}

func TestDecodeJSONAccepts(t *testing.T) {
	t.Run("the seed's order body", func(t *testing.T) {
		var got orderInput
		if a := decode(t, false, "application/json", orderBody, &got); a.status != 200 {
			t.Fatalf("got %d %s %q", a.status, a.Error.Code, a.Error.Message)
		}
		no, yes := false, true
		want := orderInput{PhoneNumber: "79855508853", RequiresDelivery: &no, DeliveryAddress: "пушкина, калатушкина", PaymentOnGet: &yes}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("(-got +want):\n%s", diff)
		}
	})

	tests := []struct {
		name        string
		contentType string
		body        string
		v           any
		want        any
	}{
		{"charset=utf-8", "application/json; charset=utf-8", `{"email":"a@b.ru"}`, &loginInput{}, &loginInput{Email: "a@b.ru"}},
		{"charset=UTF-8, quoted", `application/json; charset="UTF-8"`, `{"email":"a@b.ru"}`, &loginInput{}, &loginInput{Email: "a@b.ru"}},
		{"Russian text", "application/json", `{"name":"Норковая шуба \"Елена\"","value":"«норка»"}`, &attribute{},
			&attribute{Name: `Норковая шуба "Елена"`, Value: "«норка»"}},
		{"a surrogate pair", "application/json", `{"name":"\ud83d\ude00 шуба","value":"\uD83D\uDE00"}`, &attribute{},
			&attribute{Name: "😀 шуба", Value: "😀"}},
		{"a raw emoji and U+FFFD sent on purpose", "application/json", `{"name":"😀","value":"�\ufffd"}`, &attribute{},
			&attribute{Name: "😀", Value: "��"}},
		{"escapes of every kind", "application/json", `{"name":"\"\\\/\b\f\n\r\t\u00e9"}`, &attribute{},
			&attribute{Name: "\"\\/\b\f\n\r\t\u00e9"}},
		{"null into optional[T] and json.RawMessage and any", "application/json",
			`{"old_price":null,"extra":null,"raw":null,"any":null}`, &productInput{},
			&productInput{OldPrice: optional[int64]{Set: true, Null: true}, Extra: optional[[]attribute]{Set: true, Null: true},
				Raw: json.RawMessage("null")}},
		{"optional[T] with a value", "application/json", `{"old_price":16400}`, &productInput{},
			&productInput{OldPrice: optional[int64]{Set: true, V: 16400}}},
		{"null inside what an Unmarshaler reads", "application/json", `{"raw":{"a":null},"any":[null,{"b":null}]}`, &productInput{},
			&productInput{Raw: json.RawMessage(`{"a":null}`), Any: []any{nil, map[string]any{"b": nil}}}},
		{"null under keys the target lacks", "application/json",
			`{"id":null,"status":null,"user":{"id":null},"phone_number":"79855508853"}`, &orderInput{},
			&orderInput{PhoneNumber: "79855508853"}},
		{"null under a json:\"-\" field", "application/json", `{"Secret":null,"name":"x"}`, &productInput{}, &productInput{Name: "x"}},
		{"null under a name two embedded structs share", "application/json", `{"ID":null}`, &clashEmbedded{}, &clashEmbedded{}},
		{"the same key in different objects", "application/json",
			`{"attributes":[{"name":"a","value":"1"},{"name":"b","value":"2"}],"name":"c"}`, &productInput{},
			&productInput{Name: "c", Attributes: []attribute{{"a", "1"}, {"b", "2"}}}},
		{"empty containers and numbers", "application/json", `{"ids":[],"sizes":{},"name":"","old_price":-0.0e+0}`, &struct {
			IDs      []int          `json:"ids"`
			Sizes    map[string]int `json:"sizes"`
			Name     string         `json:"name"`
			OldPrice float64        `json:"old_price"`
		}{}, &struct {
			IDs      []int          `json:"ids"`
			Sizes    map[string]int `json:"sizes"`
			Name     string         `json:"name"`
			OldPrice float64        `json:"old_price"`
		}{IDs: []int{}, Sizes: map[string]int{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decode(t, false, tt.contentType, tt.body, tt.v)
			if a.status != 200 {
				t.Fatalf("got %d %s %q", a.status, a.Error.Code, a.Error.Message)
			}
			if diff := cmp.Diff(tt.v, tt.want, cmp.AllowUnexported(clashEmbedded{})); diff != "" {
				t.Errorf("(-got +want):\n%s", diff)
			}
		})
	}
}

func TestDecodeJSONTooLarge(t *testing.T) {
	body := `{"email":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
	for _, length := range []int64{int64(len(body)), -1} { // declared, and unknown (chunked)
		var in loginInput
		r := httptest.NewRequest("POST", "/api/auth/login", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.ContentLength = length
		e, _ := apperr.As(DecodeJSON(httptest.NewRecorder(), r, &in))
		if e == nil || statusOf[e.Kind] != http.StatusRequestEntityTooLarge || e.Code != "body_too_large" {
			t.Errorf("Content-Length %d: got %v, want 413 body_too_large", length, e)
		}
	}
}

// TestDecodeJSONManyNulls checks that nulls the target ignores cost no more than a lookup each.
func TestDecodeJSONManyNulls(t *testing.T) {
	body := `{"status":[` + strings.Repeat("null,", 100_000) + `null],"email":"a@b.ru"}`
	var got loginInput
	if a := decode(t, false, "application/json", body, &got); a.status != 200 || got.Email != "a@b.ru" {
		t.Fatalf("got %d %s %q, %+v", a.status, a.Error.Code, a.Error.Message, got)
	}
}

func TestDecodeJSONDeep(t *testing.T) {
	for _, depth := range []int{maxDepth, maxDepth + 1} {
		body := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		var v any
		a := decode(t, false, "application/json", body, &v)
		wantOK := depth <= maxDepth
		if got := a.status == 200; got != wantOK {
			t.Errorf("depth %d: got %d %s, want accepted %v", depth, a.status, a.Error.Code, wantOK)
		}
	}
}

// FuzzCheckBody checks the scan against encoding/json: it never takes a body that is not JSON for JSON, nor
// the other way round, and never panics.
func FuzzCheckBody(f *testing.F) {
	for _, s := range []string{orderBody, `{"a":[1,2,{"b":null}]}`, `"\ud83d\ude00"`, `-0.5e+3`, `{"a":1,"A":2}`, `[`, `{"a" 1}`,
		`{"a":tru}`, `01`, `1.`, `"\u12"`, "\"\xff\"", `{"k":"\ud800"}`, ` [ ] `, `{}x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v struct {
			A *int            `json:"a"`
			K map[string]*int `json:"k"`
		}
		err := checkBody(body, &v)
		notJSON := err == errEmpty || err == errNotJSONText || err == errTrailing || err == errInvalidUTF8
		if valid := json.Valid(body); valid == notJSON {
			t.Errorf("%q: json.Valid says %v, the scan says %v", body, valid, err)
		}
	})
}

// FuzzFoldKey checks that two keys fold alike exactly when bytes.EqualFold (and so encoding/json) matches them.
func FuzzFoldKey(f *testing.F) {
	f.Add([]byte("email"), []byte("EMAIL"))
	f.Add([]byte("k"), []byte("\u212a"))
	f.Add([]byte("ſ"), []byte("S"))
	f.Add([]byte("имя"), []byte("ИМЯ"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if !utf8.Valid(a) || !utf8.Valid(b) {
			return
		}
		if got, want := bytes.Equal(foldKey(a), foldKey(b)), bytes.EqualFold(a, b); got != want {
			t.Errorf("%q, %q: folded alike %v, EqualFold %v", a, b, got, want)
		}
	})
}

// TestDecodeJSONSlowBody sends a body that stops arriving: the server's ReadTimeout fires while DecodeJSON
// reads it, and the client gets 408 with the contract's error JSON, without our socket addresses in it.
func TestDecodeJSONSlowBody(t *testing.T) {
	srv := httptest.NewUnstartedServer(HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		var in loginInput
		return DecodeJSON(w, r, &in)
	}))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = io.WriteString(conn, "POST /api/auth/login HTTP/1.1\r\nHost: furstore\r\nContent-Type: application/json\r\n"+
		"Content-Length: 100\r\n\r\n"+`{"email":"anna@mail.ru",`)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("the answer is not JSON: %v: %q", err, body)
	}
	if res.StatusCode != http.StatusRequestTimeout || a.Error.Code != "request_timeout" {
		t.Errorf("got %d %s, want 408 request_timeout", res.StatusCode, a.Error.Code)
	}
	if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
		t.Errorf("got Content-Type %q, want JSON", got)
	}
	if strings.Contains(a.Error.Message, "127.0.0.1") || strings.Contains(a.Error.Message, "tcp") {
		t.Errorf("the message names a socket: %q", a.Error.Message)
	}
}
