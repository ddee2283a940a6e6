package catalog

import (
	"context"
	"time"
)

// stockResyncEvery is how often every server compares all stock with what it last saw: the safety net for a
// stock change nobody announced — a server killed between an order's commit and the NOTIFY that would have
// told the others (announceEvery). Orders never depend on it (they check the database); it bounds how long
// another server may show a sold coat as available.
const stockResyncEvery = time.Minute

type stockFingerprint struct{ units, weighted int64 }

// resyncStock reads a fingerprint of every product's stock each stockResyncEvery and reads into the index the
// products whose fingerprint moved since the last look (which also invalidates the cached answers that show
// them). Changes that were announced are read twice, which costs nothing but that read.
func (s *Service) resyncStock(ctx context.Context) {
	var last map[int64]stockFingerprint
	tick := time.NewTicker(s.stockResync)
	defer tick.Stop()
	for {
		now, err := s.stockFingerprints(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("stock fingerprints not read; trying again later", "err", err)
		}
		if err == nil {
			if last != nil {
				if moved := movedStock(last, now); len(moved) > 0 {
					s.log.Info("stock changed without an announcement; reading it", "products", len(moved))
					s.ix.queue(moved)
				}
			}
			last = now
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Service) stockFingerprints(ctx context.Context) (map[int64]stockFingerprint, error) {
	rows, err := s.q.StockFingerprints(ctx)
	if err != nil {
		return nil, err
	}
	fps := make(map[int64]stockFingerprint, len(rows))
	for _, r := range rows {
		fps[r.ProductID] = stockFingerprint{units: r.Units, weighted: r.Weighted}
	}
	return fps, nil
}

// movedStock lists the products whose fingerprint differs between before and now (appeared and gone included).
func movedStock(before, now map[int64]stockFingerprint) []int64 {
	var moved []int64
	for id, fp := range now {
		if before[id] != fp {
			moved = append(moved, id)
		}
	}
	for id := range before {
		if _, ok := now[id]; !ok {
			moved = append(moved, id)
		}
	}
	return moved
}
