package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/token"
)

// noPassword is the password hash of an invited account until its owner sets a password: no password matches
// it (it is not argon2id), and Login treats it as no account at all.
const noPassword = "!"

// StaffMember is a staff account as the panel's «Сотрудники» lists it.
type StaffMember struct {
	ID          int64
	Email       string
	FirstName   string
	LastName    string
	Active      bool
	HasPassword bool       // false: invited, and the link to set a password not used yet
	LastLogin   *time.Time // nil: never signed in
	CreatedAt   time.Time
}

// Name is the member's name as given, first name first.
func (m StaffMember) Name() string { return strings.TrimSpace(m.FirstName + " " + m.LastName) }

// Change is a staff change to an account, as the audit log records it (object "user").
type Change struct {
	Action string // staff.invite, staff.deactivate, staff.activate
	UserID int64
	Before any
	After  any
}

// Auditor writes a change to the audit log in the transaction that makes it. The audit package provides it
// (it imports account for the actor, so account cannot import it); internal/app wires it in with SetAuditor.
type Auditor func(ctx context.Context, tx *store.Tx, actor User, c Change) error

// SetAuditor wires the audit log in. Without it the staff changes below refuse to run: they are never made
// unrecorded.
func (s *Service) SetAuditor(a Auditor) { s.audit = a }

var errNoAuditor = errors.New("account: no audit log wired in (SetAuditor)")

// Staff lists the staff accounts, active ones first.
func (s *Service) Staff(ctx context.Context) ([]StaffMember, error) {
	rows, err := s.q.ListStaff(ctx)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	out := make([]StaffMember, len(rows))
	for i, r := range rows {
		out[i] = StaffMember{ID: r.ID, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName, Active: r.IsActive,
			HasPassword: r.HasPassword, LastLogin: r.LastLoginAt, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// InviteInput is whom to invite: an e-mail and a name ("Ольга Петрова": the first word is the first name).
type InviteInput struct {
	Email, Name string
}

// Invitation is what Invite did.
type Invitation struct {
	User     User
	Promoted bool // an existing customer's account became staff: its password and sessions are gone (PromoteInvitedUser)
}

// ErrAlreadyStaff and ErrLastActiveStaff are the refusals of Invite and Deactivate the panel words itself.
var (
	ErrAlreadyStaff = &apperr.Error{Kind: apperr.Conflict, Code: "already_staff", Message: "this e-mail is already a staff account",
		Fields: map[string]string{"email": "is already a staff account"}}
	ErrLastActiveStaff = apperr.New(apperr.Conflict, "last_active_staff",
		"this is the last active staff account: nobody could sign in to the back office without it")
	ErrStaffNotFound = apperr.New(apperr.NotFound, "not_found", "no such staff account")
)

// Invite makes email a member of staff and mails them a one-time link to set a password: a new account is
// created without a usable password; a customer's account is promoted. The link is a password reset's (same
// table, same confirmation, so it works once and only the newest one does), valid for InviteTTL. The account,
// the token, the mail in the outbox and the audit entry are one transaction.
func (s *Service) Invite(ctx context.Context, actor User, in InviteInput) (Invitation, error) {
	if s.audit == nil {
		return Invitation{}, errNoAuditor
	}
	var v apperr.Validation
	email := normalizeEmail(&v, "email", in.Email)
	first, last, _ := strings.Cut(strings.Join(strings.Fields(in.Name), " "), " ")
	first = checkName(&v, "name", first)
	last = checkName(&v, "name", last)
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	var inv Invitation
	tok, hash := token.New()
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		u, err := q.StaffInviteUser(ctx, accountdb.StaffInviteUserParams{Email: email, FirstName: first, LastName: last})
		inv = Invitation{}
		if errors.Is(err, pgx.ErrNoRows) { // the address has an account already
			if u, err = q.GetUserByEmailForUpdate(ctx, email); err != nil {
				return fmt.Errorf("find user: %w", err)
			}
			if u.IsStaff {
				return ErrAlreadyStaff
			}
			if err := q.PromoteInvitedUser(ctx, u.ID); err != nil {
				return fmt.Errorf("promote user: %w", err)
			}
			if err := q.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
			u.IsStaff, inv.Promoted = true, true
		} else if err != nil {
			return fmt.Errorf("create staff user: %w", err)
		}
		inv.User = userOf(u)
		if err := q.SpendUserResets(ctx, u.ID); err != nil {
			return err
		}
		if err := q.CreateReset(ctx, accountdb.CreateResetParams{UserID: u.ID, TokenHash: hash, ExpiresAt: time.Now().Add(s.cfg.InviteTTL)}); err != nil {
			return err
		}
		if err := mail.Enqueue(ctx, tx, inviteMail(inv.User, actor, s.cfg.PublicURL, tok, s.cfg.InviteTTL, inv.Promoted)); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, Change{Action: "staff.invite", UserID: u.ID,
			After: staffAudit{Email: u.Email, Name: inv.User.name(), Active: true, Promoted: inv.Promoted}})
	})
	if err != nil {
		return Invitation{}, err
	}
	if inv.Promoted {
		s.changes.Bump() // the customer's cached sessions must now read as staff's
	}
	return inv, nil
}

// staffAudit is a staff account as the audit log shows it before and after a change.
type staffAudit struct {
	Email    string `json:"email"`
	Name     string `json:"name,omitempty"`
	Active   bool   `json:"active"`
	Promoted bool   `json:"promoted,omitempty"`
}

func (u User) name() string { return strings.TrimSpace(u.FirstName + " " + u.LastName) }

// Deactivate switches a staff account off: it signs in nowhere, its sessions end at once on every server, and
// a link to set a password it was mailed stops working. The last active staff account cannot be switched
// off: the active staff rows are locked together first, so two deactivations at once cannot leave none.
func (s *Service) Deactivate(ctx context.Context, actor User, id int64) error {
	if s.audit == nil {
		return errNoAuditor
	}
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		active, err := q.LockActiveStaff(ctx)
		if err != nil {
			return fmt.Errorf("lock staff: %w", err)
		}
		if !slices.Contains(active, id) {
			_, err := findStaff(ctx, q, id)
			return err // nil: already off
		}
		if len(active) == 1 {
			return ErrLastActiveStaff
		}
		return s.setActive(ctx, tx, q, actor, id, false)
	})
	if err == nil {
		s.changes.Bump() // its sessions ended: none may be answered from memory here (others hear NOTIFY)
	}
	return err
}

// Activate switches a deactivated staff account back on; it signs in with its password again.
func (s *Service) Activate(ctx context.Context, actor User, id int64) error {
	if s.audit == nil {
		return errNoAuditor
	}
	err := store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		u, err := findStaff(ctx, q, id)
		if err != nil || u.IsActive {
			return err
		}
		return s.setActive(ctx, tx, q, actor, id, true)
	})
	if err == nil {
		s.changes.Bump()
	}
	return err
}

// findStaff reads a staff account; any other id is ErrStaffNotFound.
func findStaff(ctx context.Context, q *accountdb.Queries, id int64) (accountdb.User, error) {
	u, err := q.GetUserByID(ctx, id)
	switch {
	case errors.Is(err, pgx.ErrNoRows) || (err == nil && !u.IsStaff):
		return accountdb.User{}, ErrStaffNotFound
	case err != nil:
		return accountdb.User{}, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// setActive switches a staff account on or off, ends its sessions and links when off, and records it.
func (s *Service) setActive(ctx context.Context, tx *store.Tx, q *accountdb.Queries, actor User, id int64, active bool) error {
	u, err := q.SetStaffActive(ctx, accountdb.SetStaffActiveParams{ID: id, IsActive: active})
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrStaffNotFound
	}
	if err != nil {
		return fmt.Errorf("set staff active: %w", err)
	}
	action := "staff.activate"
	if !active {
		action = "staff.deactivate"
		if err := q.DeleteUserSessions(ctx, id); err != nil {
			return fmt.Errorf("end sessions: %w", err)
		}
		if err := q.SpendUserResets(ctx, id); err != nil {
			return fmt.Errorf("spend links: %w", err)
		}
	}
	name := userOf(u).name()
	return s.audit(ctx, tx, actor, Change{Action: action, UserID: id,
		Before: staffAudit{Email: u.Email, Name: name, Active: !active},
		After:  staffAudit{Email: u.Email, Name: name, Active: active}})
}
