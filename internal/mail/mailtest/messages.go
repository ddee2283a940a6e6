package mailtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// Message is one mail as Mailpit received and parsed it.
type Message struct {
	From      string   // "Name <address>", or the bare address when it has no name
	To        []string // bare addresses
	Subject   string   // decoded
	Text      string   // the text/plain part, decoded, line ends as sent (CRLF)
	HTML      string   // the text/html part, decoded
	MessageID string   // without the angle brackets
}

// address is how Mailpit's API writes an address.
type address struct {
	Name    string
	Address string
}

// summary is one entry of GET /api/v1/messages.
type summary struct {
	ID      string
	Subject string
}

// Messages returns every message received so far, oldest first.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	msgs, err := s.messages()
	if err != nil {
		t.Fatalf("read Mailpit: %v", err)
	}
	return msgs
}

// WaitFor waits until at least n messages have arrived and returns them all, oldest first. It fails the test
// if they do not arrive within timeout, saying what did.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		// Polls the cheap list; bodies are fetched once, when enough have arrived.
		list, err := s.list()
		if err == nil && len(list) >= n {
			return s.Messages(t)
		}
		if time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("waited %v for %d messages; Mailpit did not answer: %v", timeout, n, err)
			}
			subjects := make([]string, len(list))
			for i, m := range list {
				subjects[i] = fmt.Sprintf("%q", m.Subject)
			}
			t.Fatalf("waited %v for %d messages; %d arrived: [%s]", timeout, n, len(list), strings.Join(subjects, ", "))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (s *Server) messages() ([]Message, error) {
	list, err := s.list()
	if err != nil {
		return nil, err
	}
	msgs := make([]Message, len(list))
	for i, sum := range list {
		var m struct {
			MessageID string
			From      *address
			To        []address
			Subject   string
			Text      string
			HTML      string
		}
		if err := s.get("/api/v1/message/"+url.PathEscape(sum.ID), &m); err != nil {
			return nil, err
		}
		msgs[i] = Message{Subject: m.Subject, Text: m.Text, HTML: m.HTML, MessageID: m.MessageID}
		if m.From != nil {
			msgs[i].From = m.From.Address
			if m.From.Name != "" {
				msgs[i].From = m.From.Name + " <" + m.From.Address + ">"
			}
		}
		for _, a := range m.To {
			msgs[i].To = append(msgs[i].To, a.Address)
		}
	}
	return msgs, nil
}

// list returns the summaries of all messages, oldest first.
func (s *Server) list() ([]summary, error) {
	// Mailpit keeps at most 500 messages by default, and pages by 50 unless told otherwise.
	var page struct {
		Total    int
		Messages []summary
	}
	if err := s.get("/api/v1/messages?limit=1000", &page); err != nil {
		return nil, err
	}
	if page.Total != len(page.Messages) {
		return nil, fmt.Errorf("Mailpit holds %d messages but listed %d", page.Total, len(page.Messages))
	}
	slices.Reverse(page.Messages) // the API lists newest first
	return page.Messages, nil
}

func (s *Server) get(path string, v any) error {
	resp, err := s.client.Get(s.apiURL(path))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: decode: %w", path, err)
	}
	return nil
}
