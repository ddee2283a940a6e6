package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// indexKeeper holds this server's listing index and keeps it current (docs/moving-parts.md, «The listing
// index»): read in full once per catalog generation, and product by product as stock changes, whoever changed
// it. All writes to the index and its stamps happen one at a time, under mu, each reading PostgreSQL first:
// so what is applied later was read later, and a full read never overwrites a newer stock read with an older.
type indexKeeper struct {
	mu  sync.Mutex
	cur atomic.Pointer[index]

	stamps stockStamps

	// fresh is the read every request shares while nobody listens for changes.
	fresh freshRead

	// Stock changes other servers announced, waiting for the refresher (Service.followStock).
	pendingMu sync.Mutex
	pending   map[int64]bool
	pendAll   bool
	wake      chan struct{}
}

func newIndexKeeper() *indexKeeper {
	return &indexKeeper{pending: map[int64]bool{}, wake: make(chan struct{}, 1)}
}

// stamp is what a cached answer keeps to know later whether the stock it showed is still current.
type stamp struct {
	buckets []uint16
	sum     uint64
}

// noStockShown is the stamp of an answer that shows no stock: valid for its whole generation.
var noStockShown = stamp{}

// stampsSeen is every stamp counter as an answer found them before it read anything.
type stampsSeen [stampBuckets]uint64

// stampBefore starts an answer that shows stock: take it before reading anything (a few µs, once per render).
// A stock change bumps its counter after the new stock is readable, so an answer that read the old stock saw
// the counter before its bump, and its stamp stops being current once the bump lands.
func (k *indexKeeper) stampBefore() *stampsSeen {
	seen := new(stampsSeen)
	for b := range k.stamps {
		seen[b] = k.stamps[b].Load()
	}
	return seen
}

// stampAfter ends it, given the products the answer depends on.
func (k *indexKeeper) stampAfter(seen *stampsSeen, deps *stampSet) stamp {
	return stamp{buckets: deps.buckets, sum: stampSum(seen, deps.buckets)}
}

// stampSum is the sum of buckets' counters as seen.
func stampSum(seen *stampsSeen, buckets []uint16) uint64 {
	var sum uint64
	for _, b := range buckets {
		sum += seen[b]
	}
	return sum
}

// current reports whether st still holds: none of its products' stock changed since.
func (k *indexKeeper) current(st stamp) bool { return k.stamps.sum(st.buckets) == st.sum }

// listingIndex returns the index of the current generation, reading it if needed. While nobody listens for
// changes (cacheable false) every caller reads a fresh one of its own: slow, never stale.
func (s *Service) listingIndex(ctx context.Context) (*index, error) {
	gen, cacheable := s.changes.Current()
	if ix := s.ix.cur.Load(); cacheable && ix != nil && ix.gen == gen {
		return ix, nil
	}
	tree, err := s.Tree(ctx)
	if err != nil {
		return nil, err
	}
	if !cacheable {
		return s.ix.fresh.read(ctx, func(ctx context.Context) (*index, error) { return s.loadIndex(ctx, gen, tree) })
	}
	s.ix.mu.Lock()
	defer s.ix.mu.Unlock()
	if ix := s.ix.cur.Load(); ix != nil && ix.gen >= gen {
		return ix, nil // read while we waited
	}
	start := time.Now()
	ix, err := s.loadIndex(ctx, gen, tree)
	if err != nil {
		return nil, err
	}
	s.ix.cur.Store(ix)
	s.log.Debug("listing index read", "products", len(ix.products), "took", time.Since(start))
	return ix, nil
}

// refreshStock reads the stock of products ids (nil: every product) into the index and tells the cached
// answers that show them.
func (s *Service) refreshStock(ctx context.Context, ids []int64) error {
	s.ix.mu.Lock()
	defer s.ix.mu.Unlock()
	return s.refreshStockLocked(ctx, ids)
}

func (s *Service) refreshStockLocked(ctx context.Context, ids []int64) error {
	k := s.ix
	if ix := k.cur.Load(); ix != nil {
		rows, err := readStockRows(ctx, s.q, ids)
		if err != nil {
			return err
		}
		ix.applyStock(ids, rows)
	}
	if ids == nil {
		for b := range k.stamps {
			k.stamps[b].Add(1)
		}
		return nil
	}
	for _, id := range ids {
		k.stamps.bump(id)
	}
	return nil
}

// stockChangedOf returns what a transaction that changed the stock of products ids registers with
// tx.AfterCommit: the other servers are told, and this one reads the new stock at once, so that its next
// answer shows it. While a full read of the index holds the keeper (after a catalog edit; seconds at 100 000
// products), the order's answer does not wait for it: the products go to the refresher, which reads them as
// soon as the full read is done.
func (s *Service) stockChangedOf(ids ...int64) func(context.Context) {
	if len(ids) == 0 {
		return func(context.Context) {}
	}
	return func(ctx context.Context) {
		ctx = context.WithoutCancel(ctx) // committed: the index must follow, whatever happens to the request
		s.announceStock(ctx, ids)
		if !s.ix.mu.TryLock() {
			s.ix.queue(ids)
			return
		}
		defer s.ix.mu.Unlock()
		if err := s.refreshStockLocked(ctx, ids); err != nil {
			s.changes.Bump() // this server at least stops serving what it cached
			s.log.Warn("stock change not read into the listing index; reading the catalog again", "err", err)
		}
	}
}

// allProducts is the payload's list for "every product": announced when the ids would not fit, or when an
// announcement failed and what it carried is unknown to the others.
const allProducts = "*"

// stockPayload is what NOTIFY catalog_stock carries: the server that tells (so it skips its own news) and the
// product ids (nil: every product).
func stockPayload(server string, ids []int64) string {
	var b strings.Builder
	b.WriteString(server)
	b.WriteByte(':')
	if ids == nil {
		return server + ":" + allProducts
	}
	for i, id := range ids {
		if b.Len() > 7000 { // NOTIFY payloads stop at 8000 bytes
			return server + ":" + allProducts
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// heardStock takes a catalog_stock notification: another server's products are queued for the refresher. A
// payload that does not parse asks for every product.
func (s *Service) heardStock(payload string) {
	server, list, _ := strings.Cut(payload, ":")
	if server == s.serverID || list == "" {
		return
	}
	var ids []int64
	for f := range strings.SplitSeq(list, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil { // "*" (or ids we cannot read): every product
			ids = nil
			break
		}
		ids = append(ids, id)
	}
	s.ix.queue(ids)
}

// queue hands products ids (nil: every product) to the refresher.
func (k *indexKeeper) queue(ids []int64) {
	k.pendingMu.Lock()
	if ids == nil {
		k.pendAll = true
	}
	for _, id := range ids {
		k.pending[id] = true
	}
	k.pendingMu.Unlock()
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

// followStock reads the stock queued (by other servers' announcements, or by this one's orders while a full
// read held the keeper) into the index, a batch at a time, until ctx ends.
func (s *Service) followStock(ctx context.Context) {
	k := s.ix
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.wake:
		}
		k.pendingMu.Lock()
		all, ids := k.pendAll, make([]int64, 0, len(k.pending))
		for id := range k.pending {
			ids = append(ids, id)
		}
		k.pending, k.pendAll = map[int64]bool{}, false
		k.pendingMu.Unlock()
		if all {
			ids = nil
		} else if len(ids) == 0 {
			continue
		}
		if err := s.refreshStock(ctx, ids); err != nil && ctx.Err() == nil {
			s.changes.Bump()
			s.log.Warn("announced stock change not read; reading the catalog again", "err", fmt.Errorf("refresh stock: %w", err))
		}
	}
}

// freshRead shares reads of the index among requests that cannot use a cached one (no listener: at start, or
// while the listener reconnects). A request joins only a read that began after it arrived, so what it gets is
// never older than its own view of the database; otherwise it starts one that the requests after it join. At
// most two reads run at once, instead of one per request.
type freshRead struct {
	mu   sync.Mutex
	last *freshCall
}

type freshCall struct {
	started time.Time
	done    chan struct{}
	ix      *index
	err     error
}

func (f *freshRead) read(ctx context.Context, load func(context.Context) (*index, error)) (*index, error) {
	arrived := time.Now()
	f.mu.Lock()
	c := f.last
	if c == nil || !c.started.After(arrived) {
		c = &freshCall{started: time.Now(), done: make(chan struct{})}
		f.last = c
		f.mu.Unlock()
		// Shared: it must not end with the request that happened to start it.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		c.ix, c.err = load(lctx)
		cancel()
		close(c.done)
	} else {
		f.mu.Unlock()
	}
	select {
	case <-c.done:
		return c.ix, c.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
