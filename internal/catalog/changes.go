package catalog

import (
	"context"
	"time"
)

// How a change to the catalog reaches every server's caches (docs/moving-parts.md, «Caches»):
//
//   - Triggers send NOTIFY catalog_changed on commit for every change to categories, products and pictures,
//     except updates of stock alone made through our own connections (migration 00002 says why: a NOTIFY in
//     the transaction serialised every order's commit). Every server's WatchChanges hears it and starts a new
//     generation.
//   - Whatever writes stock in this package (TakeStock, ReturnStock, Admin.ChangeStock, Admin.CreateProduct)
//     registers stockChanged with tx.AfterCommit, which announces the change itself after commit. Callers in
//     other packages have nothing to remember.
//   - A staff write also starts a new generation on this server the moment it commits (bumpAfterCommit), so
//     the staff member's next read shows the change without waiting for the NOTIFY to come round.

// WatchChanges listens for catalog changes until ctx ends, and lets the service cache between changes. Without
// it every request reads PostgreSQL.
func (s *Service) WatchChanges(ctx context.Context) {
	announced := make(chan struct{})
	go func() { defer close(announced); s.announceStockChanges(ctx) }()
	s.changes.Run(ctx, s.pool.Config().ConnString(), s.log)
	<-announced
}

// bumpAfterCommit starts a new generation on this server once the change committed: see the top of this file.
func (s *Service) bumpAfterCommit(context.Context) { s.changes.Bump() }

// stockChanged tells every server that stock changed, after the commit that changed it; see the top of this
// file. This server reads its own change at once. While WatchChanges runs, announcements to the others are
// folded: one NOTIFY per announceEvery covers every order committed meanwhile, instead of a round trip per
// order.
func (s *Service) stockChanged(ctx context.Context) {
	s.changes.Bump()
	if s.announcing.Load() {
		select {
		case s.stockPending <- struct{}{}:
		default: // one is already pending; it will cover this change too
		}
		return
	}
	s.announce(ctx)
}

// announceEvery bounds how long cached stock may lag behind a committed order (plus NOTIFY's own delay).
const announceEvery = 20 * time.Millisecond

func (s *Service) announceStockChanges(ctx context.Context) {
	s.announcing.Store(true)
	for {
		select {
		case <-ctx.Done():
			// Stop taking signals, then announce whatever is still pending: the last orders before a
			// shutdown must reach the other servers too.
			s.announcing.Store(false)
			select {
			case <-s.stockPending:
				s.announce(ctx)
			default:
			}
			return
		case <-s.stockPending:
			s.announce(ctx)
			time.Sleep(announceEvery)
		}
	}
}

// announce sends the NOTIFY on its own short deadline: it runs after the change committed, whatever happened
// to the request or the server meanwhile.
func (s *Service) announce(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.q.NotifyCatalogChanged(ctx); err != nil {
		s.changes.Bump() // this process at least stops serving what it cached
		s.log.Warn("catalog change not announced; other servers' cached stock may lag", "err", err)
	}
}
