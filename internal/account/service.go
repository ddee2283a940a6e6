package account

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account/internal/accountdb"
	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/ratelimit"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/pgnotify"
	"github.com/mekhaishuby/furstore/internal/token"
)

// Config tunes accounts; main fills it from the environment.
type Config struct {
	SessionTTL time.Duration // how long a sign-in lasts (default 30 days)
	ResetTTL   time.Duration // how long a password-reset link works (default 1 hour)
	InviteTTL  time.Duration // how long a staff invitation's link to set a password works (default 3 days)
	PublicURL  string        // the store's web address, for links in mail (e.g. https://mekha-shuby.ru)
	// ResetFloor is the least time a password-reset request takes, whether or not the address has an account,
	// so that the answer's timing does not tell (default 300 ms).
	ResetFloor time.Duration
	Limits     Limits
}

// Limits are the abuse limits on guessing passwords, on reset mail and on registering (which, answering
// «e-mail taken», tells whether an address has an account: a script must not test thousands of them).
type Limits struct {
	LoginPerIP, LoginPerEmail, ResetPerIP, ResetPerEmail, RegisterPerIP ratelimit.Limit
}

// Service runs accounts.
type Service struct {
	pool    *pgxpool.Pool
	q       *accountdb.Queries
	limiter *ratelimit.Limiter
	log     *slog.Logger
	cfg     Config
	// hashSlots bounds concurrent argon2id hashing (19 MiB each), so a burst of logins queues instead of
	// exhausting memory.
	hashSlots chan struct{}
	// dummyHash is verified against when an e-mail has no account, so that a wrong address takes as long to
	// refuse as a wrong password.
	dummyHash string
	// changes follows NOTIFY auth_changed; sessions holds sessions for its current generation.
	changes  *pgnotify.Watch
	sessions *sessionCache
	audit    Auditor // records staff changes to accounts (SetAuditor)
}

// NewService returns the account service.
func NewService(pool *pgxpool.Pool, log *slog.Logger, cfg Config) (*Service, error) {
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	if cfg.ResetTTL <= 0 {
		cfg.ResetTTL = time.Hour
	}
	if cfg.InviteTTL <= 0 {
		cfg.InviteTTL = 72 * time.Hour
	}
	if cfg.ResetFloor <= 0 {
		cfg.ResetFloor = 300 * time.Millisecond
	}
	dummy, err := hashPassword("no account has this password")
	if err != nil {
		return nil, err
	}
	return &Service{
		pool: pool, q: accountdb.New(pool), limiter: ratelimit.New(pool), log: log, cfg: cfg,
		hashSlots: make(chan struct{}, 2*runtime.NumCPU()), dummyHash: dummy,
		changes: pgnotify.New("auth_changed"), sessions: newSessionCache(100_000),
	}, nil
}

// WatchChanges listens for ended sessions and changed users until ctx ends, and lets the service keep
// sessions in memory meanwhile. Without it every authenticated request reads PostgreSQL. It listens on a
// connection to where the pool connects.
func (s *Service) WatchChanges(ctx context.Context) {
	s.WatchChangesOn(ctx, s.pool.Config().ConnString())
}

// WatchChangesOn is WatchChanges listening on a connection to listenURL, which must reach PostgreSQL itself
// (DATABASE_LISTEN_URL).
func (s *Service) WatchChangesOn(ctx context.Context, listenURL string) {
	s.changes.Run(ctx, listenURL, s.log)
}

// RegisterInput is what a new customer gives, and where from (Client: the address registrations are counted by).
type RegisterInput struct {
	Email, Password, FirstName, LastName, Phone string
	Client                                      netip.Addr
}

// Register creates a customer account and signs it in. The welcome mail is queued in the same transaction.
// Attempts are limited per client address, and an e-mail already taken is answered after the same password
// hashing as a new account, so neither the answer's time nor a flood of attempts reveals many addresses.
func (s *Service) Register(ctx context.Context, in RegisterInput) (User, string, error) {
	var v apperr.Validation
	email := normalizeEmail(&v, "email", in.Email)
	checkPassword(&v, "password", in.Password, email)
	first := checkName(&v, "first_name", in.FirstName)
	last := checkName(&v, "last_name", in.LastName)
	phone := normalizePhone(&v, "phone", in.Phone)
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	if err := s.limitAddr(ctx, "register", in.Client, s.cfg.Limits.RegisterPerIP); err != nil {
		return User{}, "", err
	}
	// Hashed before the insert finds out whether the e-mail is taken: both answers cost the same.
	hash, err := s.hash(ctx, in.Password)
	if err != nil {
		return User{}, "", err
	}
	var user User
	var token string
	err = store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		u, err := q.CreateUser(ctx, accountdb.CreateUserParams{Email: email, PasswordHash: hash, FirstName: first, LastName: last, Phone: phone})
		if store.IsUniqueViolation(err) {
			return &apperr.Error{Kind: apperr.Conflict, Code: "email_taken", Message: "an account with this e-mail already exists",
				Fields: map[string]string{"email": "an account with this e-mail already exists"}}
		}
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		user = userOf(u)
		if token, err = s.newSession(ctx, q, u.ID); err != nil {
			return err
		}
		return mail.Enqueue(ctx, tx, welcomeMail(user, s.cfg.PublicURL))
	})
	if err != nil {
		return User{}, "", err
	}
	return user, token, nil
}

// Login checks an e-mail and password and opens a session. Attempts are limited per client address and per
// e-mail; a wrong e-mail and a wrong password get the same answer in the same time.
func (s *Service) Login(ctx context.Context, client netip.Addr, email, password string) (User, string, error) {
	var v apperr.Validation
	email = normalizeEmail(&v, "email", email)
	if password == "" {
		v.Add("required", "password", "is required")
	} else if len(password) > 4*maxPasswordLen {
		v.Add("invalid_value", "password", "is too long")
	}
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	if err := s.limit(ctx, "login", client, email, s.cfg.Limits.LoginPerIP, s.cfg.Limits.LoginPerEmail); err != nil {
		return User{}, "", err
	}
	u, err := s.q.GetUserByEmail(ctx, email)
	found := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return User{}, "", fmt.Errorf("find user: %w", err)
	}
	// An invitee who has not set a password yet has none to match: they are answered like an unknown e-mail.
	usable := found && u.PasswordHash != noPassword
	hash := s.dummyHash
	if usable {
		hash = u.PasswordHash
	}
	ok, err := s.verify(ctx, hash, password)
	if err != nil {
		return User{}, "", err
	}
	if !usable || !ok {
		return User{}, "", apperr.New(apperr.Unauthorized, "invalid_credentials", "wrong e-mail or password")
	}
	// Told only to whoever knows the password: the account exists, and staff switched it off.
	if !u.IsActive {
		return User{}, "", errDeactivated
	}
	token, err := s.newSession(ctx, s.q, u.ID)
	if err != nil {
		return User{}, "", err
	}
	if err := s.q.RecordLogin(ctx, u.ID); err != nil {
		s.log.Warn("last sign-in time not recorded", "user", u.ID, "err", err)
	}
	return userOf(u), token, nil
}

// errDeactivated refuses the right password of an account staff switched off.
var errDeactivated = apperr.New(apperr.Unauthorized, "account_disabled", "this account is switched off; ask the shop's staff")

// touchEvery is how stale a session's last-used time may get before a request refreshes it. Refreshing on
// every request would turn each read into a write.
const touchEvery = 5 * time.Minute

// Authenticate returns the session a token opens. A session seen recently is answered from memory (see
// sessionCache); otherwise it is one lookup by the token's hash through a unique index.
func (s *Service) Authenticate(ctx context.Context, tok string) (Session, error) {
	if tok == "" || len(tok) > token.MaxLen {
		return Session{}, errInvalidToken
	}
	hash := token.Hash(tok)
	gen, cacheable := s.changes.Current()
	now := time.Now()
	if cacheable {
		if c, ok := s.sessions.get(gen, hash); ok && now.Before(c.expiresAt) && now.Sub(c.lastUsed) < touchEvery {
			return c.session, nil
		}
	}
	row, err := s.q.GetSessionUser(ctx, hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, errInvalidToken
	}
	if err != nil {
		return Session{}, fmt.Errorf("find session: %w", err)
	}
	lastUsed := row.LastUsedAt
	if now.Sub(lastUsed) > touchEvery {
		if err := s.q.TouchSession(ctx, row.SessionID); err != nil {
			s.log.Warn("session last-used time not updated", "err", err)
		}
		lastUsed = now
	}
	sess := Session{ID: row.SessionID, User: User{
		ID: row.ID, Email: row.Email, FirstName: row.FirstName, LastName: row.LastName, Phone: row.Phone,
		IsStaff: row.IsStaff, CreatedAt: row.CreatedAt,
	}}
	if cacheable {
		s.sessions.put(gen, hash, cachedSession{session: sess, expiresAt: row.ExpiresAt, lastUsed: lastUsed})
	}
	return sess, nil
}

var errInvalidToken = apperr.New(apperr.Unauthorized, "invalid_token", "the token is unknown, expired or revoked; sign in again")

// Logout ends a session; its token stops working at once.
func (s *Service) Logout(ctx context.Context, sess Session) error {
	defer s.changes.Bump()
	return s.q.DeleteSession(ctx, sess.ID)
}

// ProfileInput changes a profile; nil fields stay as they are.
type ProfileInput struct {
	FirstName, LastName, Phone *string
}

// UpdateProfile changes the name and phone of the signed-in user.
func (s *Service) UpdateProfile(ctx context.Context, sess Session, in ProfileInput) (User, error) {
	u := sess.User
	var v apperr.Validation
	if in.FirstName != nil {
		u.FirstName = checkName(&v, "first_name", *in.FirstName)
	}
	if in.LastName != nil {
		u.LastName = checkName(&v, "last_name", *in.LastName)
	}
	if in.Phone != nil {
		u.Phone = normalizePhone(&v, "phone", *in.Phone)
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	defer s.changes.Bump()
	row, err := s.q.UpdateUserProfile(ctx, accountdb.UpdateUserProfileParams{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Phone: u.Phone})
	if err != nil {
		return User{}, fmt.Errorf("update profile: %w", err)
	}
	return userOf(row), nil
}

// ChangePassword sets a new password after checking the current one, and signs out every other session: a
// password is usually changed because someone else may know it.
func (s *Service) ChangePassword(ctx context.Context, sess Session, current, next string) error {
	var v apperr.Validation
	if current == "" {
		v.Add("required", "current_password", "is required")
	}
	checkPassword(&v, "new_password", next, sess.User.Email)
	if err := v.Err(); err != nil {
		return err
	}
	u, err := s.q.GetUserByID(ctx, sess.User.ID)
	if err != nil {
		return fmt.Errorf("find user: %w", err)
	}
	ok := false
	if u.PasswordHash != noPassword {
		if ok, err = s.verify(ctx, u.PasswordHash, current); err != nil {
			return err
		}
	}
	if !ok {
		return apperr.Field("wrong_password", "current_password", "is not your current password")
	}
	hash, err := s.hash(ctx, next)
	if err != nil {
		return err
	}
	defer s.changes.Bump()
	return store.InTx(ctx, s.pool, func(tx *store.Tx) error {
		q := s.q.WithTx(tx)
		if err := q.UpdateUserPassword(ctx, accountdb.UpdateUserPasswordParams{ID: u.ID, PasswordHash: hash}); err != nil {
			return err
		}
		return q.DeleteOtherSessions(ctx, accountdb.DeleteOtherSessionsParams{UserID: u.ID, KeepID: sess.ID})
	})
}

func (s *Service) newSession(ctx context.Context, q *accountdb.Queries, userID int64) (string, error) {
	tok, hash := token.New()
	err := q.CreateSession(ctx, accountdb.CreateSessionParams{UserID: userID, TokenHash: hash, ExpiresAt: time.Now().Add(s.cfg.SessionTTL)})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return tok, nil
}

// hash and verify run argon2id in one of the bounded slots.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.hashSlots }()
	return hashPassword(password)
}

func (s *Service) verify(ctx context.Context, hash, password string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-s.hashSlots }()
	return verifyPassword(hash, password)
}

func (s *Service) acquire(ctx context.Context) error {
	select {
	case s.hashSlots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limit counts an attempt against the per-address and per-e-mail limits of an action.
// limitAddr counts one attempt at action from client against perIP.
func (s *Service) limitAddr(ctx context.Context, action string, client netip.Addr, perIP ratelimit.Limit) error {
	return s.limitKeys(ctx, []limitKey{{action + ":ip:" + clientKey(client), perIP}})
}

// clientKey is what a per-address limit counts by: an IPv4 address, or an IPv6 client's /64 — one customer's
// network is given a /64 and may take any address in it, so counting by address would not limit anyone.
func clientKey(a netip.Addr) string {
	a = a.Unmap()
	if a.Is4() || !a.IsValid() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

type limitKey struct {
	key string
	lim ratelimit.Limit
}

func (s *Service) limitKeys(ctx context.Context, keys []limitKey) error {
	for _, c := range keys {
		ok, retry, err := s.limiter.Allow(ctx, c.key, c.lim)
		if err != nil {
			return err
		}
		if !ok {
			return &apperr.Error{Kind: apperr.TooManyRequests, Code: "too_many_requests",
				Message: "too many attempts; try again later", RetryAfter: retry}
		}
	}
	return nil
}

func (s *Service) limit(ctx context.Context, action string, client netip.Addr, email string, perIP, perEmail ratelimit.Limit) error {
	return s.limitKeys(ctx, []limitKey{{action + ":ip:" + clientKey(client), perIP}, {action + ":email:" + email, perEmail}})
}
