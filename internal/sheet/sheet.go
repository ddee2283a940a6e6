// Package sheet writes the back office's CSV exports the way Russian Excel opens them by double click, and
// keeps customers' text from running as formulas there.
package sheet

import (
	"encoding/csv"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/web"
)

// bom is the UTF-8 byte order mark: without it Excel reads a CSV file in the system's code page and Cyrillic
// turns to mojibake.
const bom = "\ufeff"

// Sheet writes a CSV file the way Russian Excel opens it by double click: UTF-8 with a BOM, ';' between cells
// (the list separator of the Russian locale), CRLF line ends. Nothing is sent until the first row (or Close),
// so a failure before that can still be answered with the API's error JSON.
type Sheet struct {
	w        http.ResponseWriter
	filename string
	header   []string
	csv      *csv.Writer
}

// New returns a sheet answering w with a file called filename whose first row is header.
func New(w http.ResponseWriter, filename string, header ...string) *Sheet {
	return &Sheet{w: w, filename: filename, header: header}
}

// Started reports whether the answer is under way, so that an error can no longer replace it.
func (s *Sheet) Started() bool { return s.csv != nil }

// Row writes one row, each cell neutralised against formula injection.
func (s *Sheet) Row(cells ...string) error {
	if err := s.start(); err != nil {
		return err
	}
	for i, c := range cells {
		cells[i] = cell(c)
	}
	return s.csv.Write(cells)
}

// Close writes what is buffered, the header row at least.
func (s *Sheet) Close() error {
	if err := s.start(); err != nil {
		return err
	}
	s.csv.Flush()
	return s.csv.Error()
}

func (s *Sheet) start() error {
	if s.csv != nil {
		return nil
	}
	h := s.w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+s.filename+`"`)
	h.Set("Cache-Control", "no-store") // customers' names and addresses
	h.Set("X-Content-Type-Options", "nosniff")
	s.w.WriteHeader(http.StatusOK)
	s.csv = csv.NewWriter(s.w)
	s.csv.Comma = ';'
	s.csv.UseCRLF = true
	if _, err := s.w.Write([]byte(bom)); err != nil {
		return err
	}
	return s.csv.Write(s.header)
}

// cell neutralises CSV (formula) injection: a spreadsheet runs a cell that starts with = + - or @ as a
// formula (also after leading blanks, and in their full-width forms), and tab or CR can hide such a start.
// Customers write names and addresses, so such a cell gets a leading apostrophe and stays text (OWASP's
// advice).
func cell(s string) string {
	if s == "" {
		return s
	}
	if strings.ContainsRune("\t\r\n", rune(s[0])) {
		return "'" + s
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, unicode.IsSpace))
	if strings.ContainsRune("=+-@＝＋－＠", first) {
		return "'" + s
	}
	return s
}

// Decimal writes an amount as Russian Excel reads a number: 16400,00.
func Decimal(a money.Amount) string { return strings.Replace(a.String(), ".", ",", 1) }

// Clock writes a moment in Moscow time as Excel reads a date and time: 2025-11-20 17:03.
func Clock(t time.Time) string { return t.In(Moscow).Format("2006-01-02 15:04") }

// YesNo writes a flag as staff read it.
func YesNo(b bool) string {
	if b {
		return "да"
	}
	return "нет"
}

// FileName is the file's name for today in Moscow, e.g. orders-2025-11-20.csv.
func FileName(what string, now time.Time) string {
	return what + "-" + now.In(Moscow).Format(time.DateOnly) + ".csv"
}

// Moscow is the shop's time: UTC+3 all year (Russia has kept no daylight saving time since 2014), fixed here
// so that no time zone database is needed.
var Moscow = time.FixedZone("MSK", 3*60*60)

// Finish ends an export whose rows went to sh. An error before the first row is returned to be answered as
// usual; after it, the status and part of the file are gone, so the connection is cut and the download fails
// visibly instead of looking complete (log hears why).
func Finish(r *http.Request, sh *Sheet, err error, log *slog.Logger) error {
	if err == nil {
		err = sh.Close()
	}
	if err == nil || !sh.Started() {
		return err
	}
	if r.Context().Err() == nil {
		log.Error("CSV export broke off", "request_id", web.RequestID(r.Context()), "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}
