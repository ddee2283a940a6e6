package audit

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/web"
)

// Handlers serve the audit log to staff.
type Handlers struct {
	svc *Service
}

// NewHandlers returns the audit log handlers.
func NewHandlers(svc *Service) *Handlers { return &Handlers{svc: svc} }

type whoJSON struct {
	ID    *int64 `json:"id"` // null once the account is gone
	Email string `json:"email"`
}

type objectJSON struct {
	Type string `json:"type"`
	ID   *int64 `json:"id"`
}

type entryJSON struct {
	ID     int64           `json:"id"`
	Who    whoJSON         `json:"who"`
	When   time.Time       `json:"when"`
	Action string          `json:"action"`
	Object objectJSON      `json:"object"`
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// List serves GET /api/admin/audit?action=&object_type=&object_id=&actor_id=&page=&page_size=: newest first.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) error {
	q, err := web.Query(r)
	if err != nil {
		return err
	}
	page, size, err := web.ParsePage(q, 50, 200)
	if err != nil {
		return err
	}
	f := Filter{Action: q.Get("action"), ObjectType: q.Get("object_type")}
	var v apperr.Validation
	for name, to := range map[string]*int64{"object_id": &f.ObjectID, "actor_id": &f.ActorID} {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 1 {
				v.Add("invalid_"+name, name, "must be a positive whole number")
			}
			*to = n
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	entries, count, err := h.svc.List(r.Context(), f, page, size)
	if err != nil {
		return err
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = entryJSON{ID: e.ID, Who: whoJSON{ID: e.ActorID, Email: e.ActorEmail}, When: e.At.UTC(), Action: e.Action,
			Object: objectJSON{Type: e.ObjectType, ID: e.ObjectID}, Before: orNull(e.Before), After: orNull(e.After)}
	}
	body, err := web.NewPage(r, out, count, page, size)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, body)
	return nil
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}
