package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/apperr"
	"github.com/mekhaishuby/furstore/internal/money"
	"github.com/mekhaishuby/furstore/internal/store"
	"github.com/mekhaishuby/furstore/internal/store/db"
	"github.com/mekhaishuby/furstore/internal/store/pgnotify"
)

// Service answers the catalog's questions. It keeps the category tree in memory and rebuilds it only after the
// catalog changed (see the changes field).
type Service struct {
	pool  *pgxpool.Pool
	q     *db.Queries
	listQ *db.Queries // planned per run: see store.CustomPlans
	log   *slog.Logger
	// changes follows NOTIFY catalog_changed: every committed change to categories, products or pictures, in
	// any process (a trigger, see the migrations). Cached data is served only for the current generation.
	changes *pgnotify.Watch

	tree   atomic.Pointer[treeAt]
	treeMu sync.Mutex // one rebuild at a time; the others wait for its result

	announcing   atomic.Bool   // announceStockChanges runs
	stockChanged chan struct{} // a stock change waits to be announced
}

// treeAt is a tree and the generation it was read under.
type treeAt struct {
	tree *Tree
	gen  uint64
}

// NewService returns a catalog service over pool.
func NewService(pool *pgxpool.Pool, log *slog.Logger) *Service {
	return &Service{pool: pool, q: db.New(pool), listQ: db.New(store.CustomPlans{DBTX: pool}), log: log,
		changes: pgnotify.New("catalog_changed"), stockChanged: make(chan struct{}, 1)}
}

// WatchChanges listens for catalog changes until ctx ends, and lets the service cache between changes. Without
// it every request reads PostgreSQL.
func (s *Service) WatchChanges(ctx context.Context) {
	announced := make(chan struct{})
	go func() { defer close(announced); s.announceStockChanges(ctx) }()
	s.changes.Run(ctx, s.pool.Config().ConnString(), s.log)
	<-announced
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

// List returns one page of active products matching q, in q's order.
func (s *Service) List(ctx context.Context, q ListQuery) (Page, error) {
	tree, err := s.Tree(ctx)
	if err != nil {
		return Page{}, err
	}
	ids := tree.AllIDs()
	if q.Category != "" {
		c, ok := tree.BySlug(q.Category)
		if !ok {
			return Page{}, apperr.New(apperr.NotFound, "category_not_found", fmt.Sprintf("no category with slug %q", q.Category))
		}
		ids = tree.SubtreeIDs(c)
	}
	args := db.ListProductsByPriceParams{
		CategoryIds: ids,
		MinPrice:    q.MinPrice.Kopecks(),
		MaxPrice:    q.MaxPrice.Kopecks(),
		Skip:        int32((q.Page - 1) * q.PageSize),
		PageSize:    int32(q.PageSize),
	}
	rows, err := s.listRows(ctx, q.Sort, args)
	if err != nil {
		return Page{}, fmt.Errorf("list products: %w", err)
	}
	page := Page{Page: q.Page, PageSize: q.PageSize, Results: make([]Summary, len(rows))}
	for i, r := range rows {
		page.Results[i] = Summary{
			ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice),
			Image: r.Image, Category: tree.Ref(r.CategoryID), InStock: r.Stock > 0,
		}
	}
	switch {
	case len(rows) > 0:
		page.Count = rows[0].Total
	case q.Page > 1:
		return Page{}, apperr.New(apperr.NotFound, "page_not_found", fmt.Sprintf("page %d is past the last page", q.Page))
	}
	return page, nil
}

// listRows runs the query for the sort key. The six queries return identical rows, so each converts to one type.
func (s *Service) listRows(ctx context.Context, sort string, a db.ListProductsByPriceParams) ([]db.ListProductsByPriceRow, error) {
	switch sort {
	case SortPrice:
		return s.listQ.ListProductsByPrice(ctx, a)
	case SortPriceDesc:
		return convertRows(s.listQ.ListProductsByPriceDesc(ctx, db.ListProductsByPriceDescParams(a)))
	case SortName:
		return convertRows(s.listQ.ListProductsByName(ctx, db.ListProductsByNameParams(a)))
	case SortNameDesc:
		return convertRows(s.listQ.ListProductsByNameDesc(ctx, db.ListProductsByNameDescParams(a)))
	case SortCreated:
		return convertRows(s.listQ.ListProductsByCreated(ctx, db.ListProductsByCreatedParams(a)))
	case SortCreatedDesc:
		return convertRows(s.listQ.ListProductsByCreatedDesc(ctx, db.ListProductsByCreatedDescParams(a)))
	}
	return nil, fmt.Errorf("unknown sort %q", sort) // ListParams.Parse lets no other key through
}

// listRow is the shape every sort's row shares.
type listRow = struct {
	ID         int64
	Slug       string
	Name       string
	Price      int64
	OldPrice   *int64
	Stock      int32
	CategoryID int64
	Image      string
	Total      int64
}

func convertRows[R ~listRow](rows []R, err error) ([]db.ListProductsByPriceRow, error) {
	out := make([]db.ListProductsByPriceRow, len(rows))
	for i, r := range rows {
		out[i] = db.ListProductsByPriceRow(r)
	}
	return out, err
}

// StockChanged tells every server that stock changed, after the commit that changed it. Stock-only updates
// do not notify from their own transaction (migration 00005: that serialised every order's commit); their
// writers call this instead. While WatchChanges runs, announcements are folded: one NOTIFY per
// announceEvery covers every order committed meanwhile, instead of a round trip per order.
func (s *Service) StockChanged(ctx context.Context) {
	s.changes.Bump() // this process reads its own change at once; the others hear of it below
	if s.announcing.Load() {
		select {
		case s.stockChanged <- struct{}{}:
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
			case <-s.stockChanged:
				s.announce(ctx)
			default:
			}
			return
		case <-s.stockChanged:
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

// ProductCount returns how many products the store has, active or not.
func (s *Service) ProductCount(ctx context.Context) (int64, error) {
	return s.q.CountProducts(ctx)
}

// Product returns the card of an active product.
func (s *Service) Product(ctx context.Context, id int64) (Card, error) {
	r, err := s.q.GetActiveProduct(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return Card{}, errProductNotFound
	}
	if err != nil {
		return Card{}, fmt.Errorf("get product %d: %w", id, err)
	}
	tree, err := s.Tree(ctx)
	if err != nil {
		return Card{}, err
	}
	var attrs []Attribute
	if err := json.Unmarshal(r.Attributes, &attrs); err != nil {
		return Card{}, fmt.Errorf("product %d attributes: %w", id, err)
	}
	c := Card{
		Summary: Summary{
			ID: r.ID, Slug: r.Slug, Name: r.Name, Price: money.Amount(r.Price), OldPrice: money.FromPtr(r.OldPrice),
			Category: tree.Ref(r.CategoryID), InStock: r.Stock > 0,
		},
		Description: r.Description, Images: r.Images, Attributes: attrs, Stock: r.Stock,
	}
	if len(r.Images) > 0 {
		c.Image = r.Images[0]
	}
	return c, nil
}

// ProductBySlug returns the card of an active product found by its slug.
func (s *Service) ProductBySlug(ctx context.Context, slug string) (Card, error) {
	if !slugPattern.MatchString(slug) || len(slug) > maxNameLen {
		return Card{}, errProductNotFound // no product has such a slug; and bytes like %ff never reach SQL
	}
	id, err := s.q.GetActiveProductIDBySlug(ctx, slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return Card{}, errProductNotFound
	}
	if err != nil {
		return Card{}, fmt.Errorf("get product %q: %w", slug, err)
	}
	return s.Product(ctx, id)
}

var errProductNotFound = apperr.New(apperr.NotFound, "product_not_found", "no such product")
