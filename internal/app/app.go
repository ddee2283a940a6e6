// Package app wires the store together: the one place that builds every service and the HTTP API from the
// configuration. `furstore serve` and the tests build the server through New, so what the tests run is what
// production runs.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/httpapi"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/metrics"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/orderadmin"
	"github.com/mekhaishuby/furstore/internal/panel"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// Tuning holds what the environment does not set: timings that tests shorten. Its zero value is production's.
type Tuning struct {
	ResetTTL, ResetFloor time.Duration     // password resets (account.Config)
	Mail                 mail.WorkerConfig // the outbox worker's polling and backoff
	YooKassa             yookassa.Config   // Timeout and RetryBase of the ЮKassa client; the rest comes from cfg
}

// App is a built store: its services, its HTTP API and its background work.
type App struct {
	Handler  http.Handler
	Routes   []httpapi.Route // the route table behind Handler
	Pool     *pgxpool.Pool
	Media    *media.Store
	Catalog  *catalog.Service
	Accounts *account.Service
	Carts    *cart.Service
	Orders   *order.Service
	Payments *payment.Service
	// Metrics are what METRICS_ADDR serves (furstore serve starts that listener).
	Metrics *metrics.Metrics

	log  *slog.Logger
	mail *mail.Worker
	// listenURL is where the change listeners connect: PostgreSQL itself, never PgBouncer (DATABASE_LISTEN_URL).
	listenURL string
}

// New builds the store on pool as cfg says.
func New(cfg config.Config, pool *pgxpool.Pool, log *slog.Logger, t Tuning) (*App, error) {
	pictures, err := OpenMedia(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	accounts, err := NewAccounts(cfg, pool, log, t)
	if err != nil {
		return nil, err
	}
	cat := catalog.NewService(pool, pictures, accounts, log)
	carts := cart.NewService(pool, cat, log)
	events := metrics.NewEvents()
	orders := order.NewService(pool, carts, cat, accounts, events, log, cfg.PublicURL)
	cat.SetOrders(orders)
	payments := payment.NewService(pool, orders, yookassaClient(cfg, t, log), paymentConfig(cfg), events, log)

	cartHandlers := cart.NewHandlers(carts, cfg.MediaURL, strings.HasPrefix(cfg.PublicURL, "https://"))
	auditLog := audit.NewService(pool)
	staffPanel, err := panel.New(accounts, cat.Admin(), orders, payments, auditLog, log, strings.HasPrefix(cfg.PublicURL, "https://"))
	if err != nil {
		return nil, err
	}
	mailWorker := mail.NewWorker(pool, mailSender(cfg, log), events, log, t.Mail)
	catalogHandlers := catalog.NewHandlers(cat, cfg.MediaURL, cfg.PublicURL, cfg.CatalogCacheMB<<20)
	m := metrics.New(buildVersion(), pool, mailWorker, catalogHandlers.CacheCounts, events)
	deps := httpapi.Deps{
		Log:                log,
		Health:             httpapi.NewHealth(pool),
		Catalog:            catalogHandlers,
		Instrument:         m.Instrument,
		Media:              pictures.Handler(),
		Accounts:           account.NewHandlers(accounts, cartHandlers.MergeGuestCart),
		Auth:               accounts,
		Carts:              cartHandlers,
		Orders:             order.NewHandlers(orders, cfg.MediaURL),
		Payments:           payment.NewHandlers(payments, cfg.YooKassa.TrustedNets, cfg.YooKassa.AnySource),
		CatalogAdmin:       catalog.NewAdminHandlers(cat, cfg.MediaURL),
		OrderAdmin:         orderadmin.NewHandlers(orders, payments, cfg.MediaURL, log),
		Audit:              audit.NewHandlers(auditLog),
		Panel:              staffPanel.Handler(),
		CORSAllowedOrigins: cfg.CORSAllowedOrigins,
		TrustedProxies:     cfg.TrustedProxies,
	}
	return &App{
		Handler: httpapi.New(deps), Routes: httpapi.Routes(deps), Pool: pool, Media: pictures, Catalog: cat, Accounts: accounts, Carts: carts, Orders: orders,
		Payments: payments, Metrics: m, log: log, mail: mailWorker, listenURL: or(cfg.DatabaseListenURL, pool.Config().ConnString()),
	}, nil
}

// NewAccounts is the account service as New builds it, for the commands that need accounts alone
// (createsuperuser).
func NewAccounts(cfg config.Config, pool *pgxpool.Pool, log *slog.Logger, t Tuning) (*account.Service, error) {
	accounts, err := account.NewService(pool, log, account.Config{
		SessionTTL: cfg.SessionTTL, PublicURL: cfg.PublicURL, ResetTTL: t.ResetTTL, ResetFloor: t.ResetFloor,
		Limits: account.Limits{
			LoginPerIP: cfg.LoginLimitPerIP, LoginPerEmail: cfg.LoginLimitPerEmail,
			ResetPerIP: cfg.ResetLimitPerIP, ResetPerEmail: cfg.ResetLimitPerEmail,
			RegisterPerIP: cfg.RegisterLimitPerIP,
		},
	})
	if err != nil {
		return nil, err
	}
	// audit imports account (an entry's actor), so account reaches the audit log through this.
	accounts.SetAuditor(func(ctx context.Context, tx *store.Tx, actor account.User, c account.Change) error {
		return audit.Record(ctx, tx, actor, audit.Entry{Action: c.Action, ObjectType: "user", ObjectID: c.UserID,
			Before: c.Before, After: c.After})
	})
	return accounts, nil
}

// Run does the store's background work until ctx ends, and returns once all of it has stopped: the change
// listeners that keep the caches current, the outbox mail, payment reconciliation and housekeeping. Every
// server runs all of it; the jobs share their rows with FOR UPDATE SKIP LOCKED.
func (a *App) Run(ctx context.Context) {
	var work sync.WaitGroup
	work.Go(func() { a.Catalog.WatchChangesOn(ctx, a.listenURL) })
	work.Go(func() { a.Accounts.WatchChangesOn(ctx, a.listenURL) })
	work.Go(func() { a.mail.Run(ctx) })
	work.Go(func() { a.Payments.RunReconciler(ctx) })
	work.Go(func() { a.housekeep(ctx) })
	work.Wait()
}

// RunMail delivers the outbox until ctx ends: the one piece of Run a test of mail needs.
func (a *App) RunMail(ctx context.Context) { a.mail.Run(ctx) }

// yookassaClient is the ЮKassa client when the shop's credentials are set, else nil: online payment is off.
func yookassaClient(cfg config.Config, t Tuning, log *slog.Logger) *yookassa.Client {
	y := cfg.YooKassa
	if !y.Enabled() {
		log.Info("online payment is off: YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are not set")
		return nil
	}
	return yookassa.New(yookassa.Config{ShopID: y.ShopID, SecretKey: y.SecretKey, BaseURL: y.APIURL,
		Timeout: t.YooKassa.Timeout, RetryBase: t.YooKassa.RetryBase}, nil)
}

func paymentConfig(cfg config.Config) payment.Config {
	y := cfg.YooKassa
	return payment.Config{ReturnURL: y.ReturnURL, Receipts: y.Receipts, VATCode: yookassa.VATCode(y.VATCode),
		TaxSystemCode: y.TaxSystemCode, RecheckAfter: y.RecheckAfter, PublicURL: cfg.PublicURL}
}

// mailSender is SMTP when SMTP_HOST is set, else the log (development).
func mailSender(cfg config.Config, log *slog.Logger) mail.Sender {
	if cfg.SMTP.Host == "" {
		log.Warn("SMTP_HOST is not set: mail is written to the log, not sent")
		return mail.NewLog(log)
	}
	return mail.NewSMTP(mail.SMTPConfig(cfg.SMTP))
}

// housekeep deletes expired sessions, spent reset tokens, old rate-limit counters and abandoned guest carts
// every ten minutes.
func (a *App) housekeep(ctx context.Context) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		if err := a.Accounts.Housekeep(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("housekeeping", "err", err)
		}
		if _, err := a.Carts.ForgetGuests(ctx, time.Now().Add(-cart.GuestCartTTL)); err != nil && ctx.Err() == nil {
			a.log.Warn("housekeeping: guest carts", "err", fmt.Errorf("forget guest carts: %w", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// version names the build when the linker sets it (scripts/build-static.sh passes
// -X github.com/mekhaishuby/furstore/internal/app.version=$VERSION). It is a package variable because only the
// linker writes it; nothing else may.
var version string

// buildVersion names the build for the metrics: the version the release build was stamped with, else the
// module's version, else the VCS revision it was built from.
func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			return s.Value
		}
	}
	return "devel"
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
