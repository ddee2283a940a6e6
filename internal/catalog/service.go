package catalog

import (
	"context"
	"crypto/rand"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/account"
	"github.com/mekhaishuby/furstore/internal/catalog/internal/catalogdb"
	"github.com/mekhaishuby/furstore/internal/media"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/pgnotify"
)

// Service is the catalog: the public window, the stock other packages take and give back, and, through Admin,
// the back office. It keeps the category tree and the products carts show in memory, and reads them again
// only after the catalog changed (see the changes field).
type Service struct {
	pool     *pgxpool.Pool
	q        *catalogdb.Queries
	listQ    *catalogdb.Queries // planned per run: see store.CustomPlans
	pictures *media.Store       // where uploaded pictures go
	accounts *account.Service   // who changed stock, in its history
	orders   Orders             // what the orders hold (SetOrders)
	log      *slog.Logger
	// changes follows NOTIFY catalog_changed: every committed change to categories, products or pictures, in
	// any process (a trigger, see migration 00002, or stockChanged). Cached data is served only for the
	// current generation.
	changes *pgnotify.Watch

	tree   atomic.Pointer[treeAt]
	treeMu sync.Mutex // one rebuild at a time; the others wait for its result

	offers *offerCache // what Summaries answered, for the current generation

	// ix is the listing index (index.go) with the stamps that tell cached answers of stock changes;
	// searches keeps what q's words matched, per generation.
	ix       *indexKeeper
	searches *searchCache
	serverID string // names this process in its stock announcements, so that it skips its own

	stockPending chan struct{} // a stock change waits to be announced
	toAnnounceMu sync.Mutex
	announcing   bool           // announceStockChanges runs and takes changes
	toAnnounce   map[int64]bool // products whose stock change waits to be announced
	stockResync  time.Duration  // how often all stock is compared with what was seen (stock_resync.go)
	announceAll  bool           // every product's (an announcement failed)
}

// treeAt is a tree and the generation it was read under.
type treeAt struct {
	tree *Tree
	gen  uint64
}

// NewService returns the catalog over pool. pictures is where the back office stores uploaded pictures, and
// accounts names who changed stock in its history; both may be nil where neither happens (the command line's
// import).
func NewService(pool *pgxpool.Pool, pictures *media.Store, accounts *account.Service, log *slog.Logger) *Service {
	s := &Service{pool: pool, q: catalogdb.New(pool), listQ: catalogdb.New(store.CustomPlans{Querier: pool}),
		pictures: pictures, accounts: accounts, log: log, changes: pgnotify.New("catalog_changed"),
		offers: newOfferCache(maxCachedOffers), ix: newIndexKeeper(), searches: newSearchCache(maxCachedSearches),
		serverID: rand.Text()[:12], stockPending: make(chan struct{}, 1), toAnnounce: map[int64]bool{},
		stockResync: stockResyncEvery}
	s.changes.Also("catalog_stock", s.heardStock)
	return s
}

// Generation returns the catalog generation and whether it can be trusted for caching; see pgnotify.Watch.
func (s *Service) Generation() (uint64, bool) { return s.changes.Current() }

// Tree returns the current category tree.
func (s *Service) Tree(ctx context.Context) (*Tree, error) {
	gen, cacheable := s.changes.Current()
	if !cacheable {
		return loadTree(ctx, s.q) // nothing to share: every caller reads for itself, none waits on another
	}
	if at := s.tree.Load(); at != nil && at.gen == gen {
		return at.tree, nil
	}
	s.treeMu.Lock()
	defer s.treeMu.Unlock()
	if at := s.tree.Load(); at != nil && at.gen >= gen {
		return at.tree, nil // built while we waited
	}
	t, err := loadTree(ctx, s.q)
	if err != nil {
		return nil, err
	}
	s.tree.Store(&treeAt{tree: t, gen: gen})
	return t, nil
}

// ProductCount returns how many products the store has, active or not.
func (s *Service) ProductCount(ctx context.Context) (int64, error) {
	return s.q.CountProducts(ctx)
}
