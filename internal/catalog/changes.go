package catalog

import (
	"context"
	"sync"
	"time"
)

// How a change to the catalog reaches every server's caches (docs/moving-parts.md, «Caches»):
//
//   - Triggers send NOTIFY catalog_changed on commit for every change to categories, products and pictures,
//     except updates of stock alone made through our own connections (migration 00002 says why: a NOTIFY in
//     the transaction serialised every order's commit). Every server's WatchChanges hears it and starts a new
//     generation.
//   - Whatever writes stock in this package (TakeStock, ReturnStock; staff's stock changes of products and
//     variants, new products and variants with stock, fur units received or moved) registers
//     stockChangedOf(products…) with tx.AfterCommit: after commit it reads those products' stock into
//     this server's listing index and sends NOTIFY catalog_stock with their ids, which the other servers read
//     the same way (index_keep.go). A stock change moves no generation: it invalidates only what shows those
//     products. Callers in other packages have nothing to remember.
//   - A server killed between a commit and its NOTIFY leaves the others unaware: every server announces every
//     product when it starts, and compares a fingerprint of all stock once a minute (stock_resync.go).
//   - A staff write also starts a new generation on this server the moment it commits (bumpAfterCommit), so
//     the staff member's next read shows the change without waiting for the NOTIFY to come round.

// WatchChanges listens for catalog changes until ctx ends, and lets the service cache between changes. Without
// it every request reads PostgreSQL. It listens on a connection to where the pool connects.
func (s *Service) WatchChanges(ctx context.Context) {
	s.WatchChangesOn(ctx, s.pool.Config().ConnString())
}

// WatchChangesOn is WatchChanges listening on a connection to listenURL, which must reach PostgreSQL itself:
// behind PgBouncer in transaction mode, a LISTEN hears nothing (DATABASE_LISTEN_URL).
func (s *Service) WatchChangesOn(ctx context.Context, listenURL string) {
	var done sync.WaitGroup
	done.Go(func() { s.announceStockChanges(ctx) })
	done.Go(func() { s.followStock(ctx) })
	done.Go(func() { s.resyncStock(ctx) })
	s.changes.Run(ctx, listenURL, s.log)
	done.Wait()
}

// bumpAfterCommit starts a new generation on this server once the change committed: see the top of this file.
func (s *Service) bumpAfterCommit(context.Context) { s.changes.Bump() }

// announceStock tells the other servers that the stock of products ids changed. While WatchChanges runs,
// announcements are folded: one NOTIFY per announceEvery covers every order committed meanwhile, instead of a
// round trip per order.
func (s *Service) announceStock(ctx context.Context, ids []int64) {
	s.toAnnounceMu.Lock()
	if !s.announcing {
		s.toAnnounceMu.Unlock()
		s.announce(ctx, ids)
		return
	}
	for _, id := range ids {
		s.toAnnounce[id] = true
	}
	s.toAnnounceMu.Unlock()
	select {
	case s.stockPending <- struct{}{}:
	default: // one is already pending; it will cover this change too
	}
}

// announceEvery bounds how long other servers' stock may lag behind a committed order (plus NOTIFY's own delay).
const announceEvery = 20 * time.Millisecond

func (s *Service) announceStockChanges(ctx context.Context) {
	s.toAnnounceMu.Lock()
	s.announcing = true
	// The first announcement tells every product: this server's last run may have been killed between a
	// commit and its NOTIFY, and the others would show that stock until the next resync (stock_resync.go).
	s.announceAll = true
	s.toAnnounceMu.Unlock()
	select {
	case s.stockPending <- struct{}{}:
	default:
	}
	for {
		select {
		case <-ctx.Done():
			// Stop taking changes, then announce whatever is still waiting: the last orders before a shutdown
			// must reach the other servers too.
			s.toAnnounceMu.Lock()
			s.announcing = false
			s.toAnnounceMu.Unlock()
			if ids, owed := s.takeAnnounced(); owed {
				s.announce(ctx, ids)
			}
			return
		case <-s.stockPending:
			if ids, owed := s.takeAnnounced(); owed {
				s.announce(ctx, ids)
			}
			time.Sleep(announceEvery)
		}
	}
}

// takeAnnounced empties the set of products waiting to be announced, returning them (nil: every product) and
// whether there was anything to announce.
func (s *Service) takeAnnounced() (ids []int64, owed bool) {
	s.toAnnounceMu.Lock()
	defer s.toAnnounceMu.Unlock()
	all := s.announceAll
	owed = all || len(s.toAnnounce) > 0
	for id := range s.toAnnounce {
		ids = append(ids, id)
	}
	s.toAnnounce, s.announceAll = map[int64]bool{}, false
	if all {
		return nil, true
	}
	return ids, owed
}

// announce sends the NOTIFY on its own short deadline: it runs after the change committed, whatever happened
// to the request or the server meanwhile. One that fails is owed: the next announcement tells every product
// (the others read all their stock once), so that no change is lost for good.
func (s *Service) announce(ctx context.Context, ids []int64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.q.NotifyStockChanged(ctx, stockPayload(s.serverID, ids)); err != nil {
		s.log.Warn("stock change not announced; the next announcement will tell every product", "err", err)
		s.toAnnounceMu.Lock()
		s.announceAll = true
		s.toAnnounceMu.Unlock()
		select {
		case s.stockPending <- struct{}{}: // tried again after announceEvery, if announceStockChanges runs
		default:
		}
	}
}
