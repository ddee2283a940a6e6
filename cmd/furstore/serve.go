package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/audit"
	"github.com/mekhaishuby/furstore/internal/cart"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/catalogadmin"
	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/httpapi"
	"github.com/mekhaishuby/furstore/internal/imageadmin"
	"github.com/mekhaishuby/furstore/internal/mail"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/order"
	"github.com/mekhaishuby/furstore/internal/orderadmin"
	"github.com/mekhaishuby/furstore/internal/payment"
	"github.com/mekhaishuby/furstore/internal/yookassa"
)

// shutdownGrace is how long in-flight requests may take to finish once a stop is asked for.
const shutdownGrace = 10 * time.Second

func (p program) serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	log.Info("starting", "config", cfg)
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()

	pictures, err := media.NewStore(cfg.MediaDir)
	if err != nil {
		return err
	}
	mediaHandler, err := pictures.Handler()
	if err != nil {
		return err
	}
	cat := catalog.NewService(pool, log)
	accounts, err := newAccounts(pool, log, cfg)
	if err != nil {
		return err
	}
	carts := cart.NewService(pool, log)
	cartHandlers := cart.NewHandlers(carts, cfg.MediaURL, strings.HasPrefix(cfg.PublicURL, "https://"))
	images := imageadmin.NewService(pool, pictures, log)
	payments := newPayments(pool, cfg, log)
	orders := order.NewService(pool, carts, cat, payments, log, cfg.PublicURL)

	// Background work stops with the server: workers get their own context, cancelled after the HTTP server
	// drained, and the pool closes only once they have finished (a mail just sent must still be marked sent).
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	defer workers.Wait()
	defer stopWork()
	workers.Go(func() { cat.WatchChanges(workCtx) })
	workers.Go(func() { accounts.WatchChanges(workCtx) })
	workers.Go(func() { mail.NewWorker(pool, mailSender(cfg, log), log, mail.WorkerConfig{}).Run(workCtx) })
	workers.Go(func() { housekeep(workCtx, accounts, carts, log) })
	workers.Go(func() { payments.RunReconciler(workCtx) })

	handler := httpapi.New(httpapi.Deps{
		Log:                log,
		Health:             httpapi.NewHealth(pool),
		Catalog:            catalog.NewHandlers(cat, cfg.MediaURL, cfg.CatalogCacheMB<<20),
		Media:              mediaHandler,
		Accounts:           account.NewHandlers(accounts, cartHandlers.MergeGuestCart),
		Auth:               accounts,
		Carts:              cartHandlers,
		Orders:             order.NewHandlers(orders),
		Payments:           payment.NewHandlers(payments, cfg.YooKassa.TrustedNets, cfg.YooKassa.AnySource),
		CatalogAdmin:       catalogadmin.NewHandlers(catalogadmin.NewService(pool, cat, images, log), cfg.MediaURL),
		ImageAdmin:         imageadmin.NewHandlers(images, cfg.MediaURL),
		OrderAdmin:         orderadmin.NewHandlers(orderadmin.NewService(pool, cat, payments, log, cfg.PublicURL)),
		Audit:              audit.NewHandlers(audit.NewService(pool)),
		CORSAllowedOrigins: cfg.CORSAllowedOrigins,
		TrustedProxies:     cfg.TrustedProxies,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	addr := ln.Addr().String()
	log.Info("serving", "url", "http://"+addr, "docs", "http://"+addr+"/api/docs")
	if p.onListen != nil {
		p.onListen(addr)
	}

	if cfg.DebugAddr != "" {
		workers.Go(func() { serveDebug(workCtx, cfg.DebugAddr, log) })
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping: finishing requests in flight", "grace", shutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("requests still running at the end of the grace period were cut", "err", err)
		_ = srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// newPayments returns the payment service, talking to ЮKassa when the shop's credentials are set.
func newPayments(pool *pgxpool.Pool, cfg config.Config, log *slog.Logger) *payment.Service {
	y := cfg.YooKassa
	var api *yookassa.Client
	if y.Enabled() {
		api = yookassa.New(yookassa.Config{ShopID: y.ShopID, SecretKey: y.SecretKey, BaseURL: y.APIURL}, nil)
	} else {
		log.Info("online payment is off: YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are not set")
	}
	return payment.NewService(pool, api, payment.Config{ReturnURL: y.ReturnURL, Receipts: y.Receipts,
		VATCode: yookassa.VATCode(y.VATCode), TaxSystemCode: y.TaxSystemCode, RecheckAfter: y.RecheckAfter,
		PublicURL: cfg.PublicURL}, log)
}

// serveDebug serves the runtime profiles (net/http/pprof) on their own address, never on the public port: they
// show internals and can cost CPU. Keep DEBUG_ADDR on loopback.
func serveDebug(ctx context.Context, addr string, log *slog.Logger) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	log.Info("serving profiles", "url", "http://"+addr+"/debug/pprof/")
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("profiles not served", "err", err)
	}
}

func newAccounts(pool *pgxpool.Pool, log *slog.Logger, cfg config.Config) (*account.Service, error) {
	return account.NewService(pool, log, account.Config{
		SessionTTL: cfg.SessionTTL,
		PublicURL:  cfg.PublicURL,
		Limits: account.Limits{
			LoginPerIP: cfg.LoginLimitPerIP, LoginPerEmail: cfg.LoginLimitPerEmail,
			ResetPerIP: cfg.ResetLimitPerIP, ResetPerEmail: cfg.ResetLimitPerEmail,
		},
	})
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
func housekeep(ctx context.Context, accounts *account.Service, carts *cart.Service, log *slog.Logger) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		if err := accounts.Housekeep(ctx); err != nil && ctx.Err() == nil {
			log.Warn("housekeeping", "err", err)
		}
		if _, err := carts.ForgetGuests(ctx, time.Now().Add(-cart.GuestCartTTL)); err != nil && ctx.Err() == nil {
			log.Warn("housekeeping: guest carts", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
