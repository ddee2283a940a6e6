package apptest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mekhaishuby/furstore/api"
)

// Response is an answer as a test reads it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.Body)
	}
}

// ErrorBody is the API's error answer.
type ErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
		Details json.RawMessage   `json:"details"`
	} `json:"error"`
}

// ErrorOf decodes an error answer, failing the test if the body is not JSON.
func ErrorOf(t testing.TB, r Response) ErrorBody {
	t.Helper()
	var e ErrorBody
	r.JSON(t, &e)
	return e
}

// Do sends a request (body as JSON when not empty; header as name, value pairs) and checks the answer against
// the OpenAPI document: its status must be documented for the route, and its body and headers must match.
func (s *Server) Do(method, path string, body string, header ...string) Response {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.Send(req)
}

// expect sends a request as Do does and fails the test unless the answer's status is want; a 2xx answer's body
// is decoded into v.
func (s *Server) expect(want int, v any, method, path, body string, header ...string) Response {
	s.t.Helper()
	res := s.Do(method, path, body, header...)
	if res.Status != want {
		s.t.Fatalf("%s %s %.120s → %d %s; want %d", method, path, body, res.Status, res.Body, want)
	}
	if want < 300 {
		res.JSON(s.t, v)
	}
	return res
}

// Send sends a request made by the test and checks the answer as Do does.
func (s *Server) Send(req *http.Request) Response {
	s.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	s.validate(req, res, got)
	return Response{Status: res.StatusCode, Header: res.Header, Body: got}
}

func (s *Server) validate(req *http.Request, res *http.Response, body []byte) {
	s.t.Helper()
	if strings.HasPrefix(req.URL.Path, "/media/") || req.Method == http.MethodOptions {
		return // picture paths have several segments, which the spec's router cannot match; checked by hand
	}
	if strings.HasPrefix(req.URL.Path, "/admin/") {
		return // the staff panel's HTML pages, not the API (package panel's tests check them)
	}
	route, params, err := s.spec.FindRoute(req)
	if err != nil {
		if res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusMethodNotAllowed {
			return // not a route of ours; the error shape is checked by the test itself
		}
		s.t.Errorf("%s %s is not in api/openapi.yaml: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		s.t.Errorf("%s %s → %d does not match api/openapi.yaml:\n%v\nbody: %.500s", req.Method, req.URL, res.StatusCode, err, body)
	}
}

var bodyDecoders sync.Once

// spec loads and checks api/openapi.yaml, once per test.
func spec(t testing.TB) routers.Router {
	t.Helper()
	bodyDecoders.Do(registerBodyDecoders)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("api/openapi.yaml is not valid OpenAPI: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// registerBodyDecoders teaches the spec validator our XML (the sitemap) and our CSV: the exports separate cells with ";" (Russian Excel's
// list separator), and kin-openapi's own text/csv decoder assumes ',' and chokes on a decimal comma. This one
// checks the file is well-formed CSV of our dialect. The registry is the library's, process-wide.
func registerBodyDecoders() {
	// The sitemap: well-formed XML, checked as a string.
	openapi3filter.RegisterBodyDecoder("application/xml", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		var doc struct{}
		if err := xml.Unmarshal(b, &doc); err != nil {
			return nil, err
		}
		return string(b), nil
	})
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.Comma = ';'
		if _, err := r.ReadAll(); err != nil {
			return nil, err
		}
		return string(b), nil
	})
}
