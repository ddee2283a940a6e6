package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mekhaishuby/furstore/internal/app"
	"github.com/mekhaishuby/furstore/internal/catalog"
	"github.com/mekhaishuby/furstore/internal/config"
	"github.com/mekhaishuby/furstore/internal/demo"
)

// demoProducts is the size of the demo catalog: enough to page through and filter, small enough to load in
// a second or two.
const demoProducts = 360

func (p program) seedDemo(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	flags := flag.NewFlagSet("seed-demo", flag.ContinueOnError)
	flags.SetOutput(p.stderr)
	ifEmpty := flags.Bool("if-empty", false, "load only when the store has no products yet")
	products := flags.Int("products", demoProducts, "how many products to make")
	if err := flags.Parse(args); err != nil {
		return err
	}
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if *ifEmpty {
		n, err := catalog.NewService(pool, nil, nil, log).ProductCount(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			log.Info("the store already has products; demo catalog not loaded", "products", n)
			return nil
		}
	}
	file, pictures := demo.Catalog(*products, 1)
	return p.load(ctx, cfg, log, pool, file, pictures)
}

func (p program) importCatalog(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: furstore import-catalog FILE")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	file, err := catalog.ReadImportFile(f)
	if err != nil {
		return err
	}
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	return p.load(ctx, cfg, log, pool, file, os.DirFS(filepath.Dir(args[0])))
}

// load imports a catalog file, telling progress on stderr for large files.
func (p program) load(ctx context.Context, cfg config.Config, log *slog.Logger, pool *pgxpool.Pool, file *catalog.ImportFile, pictures fs.FS) error {
	// The whole store, not the catalog alone: an import asks the orders before it changes a product's marking.
	a, err := app.New(cfg, pool, log, app.Tuning{})
	if err != nil {
		return err
	}
	start := time.Now()
	progress := func(done, total int) {
		if total >= 2000 {
			fmt.Fprintf(p.stderr, "imported %d of %d products\n", done, total)
		}
	}
	res, err := a.Catalog.Import(ctx, file, pictures, a.Media, progress)
	if err != nil {
		return err
	}
	log.Info("catalog loaded", "categories", res.Categories, "products", res.Products, "variants", res.Variants, "pictures", res.Images,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// pictureSizes makes the card and thumbnail of stored pictures that lack them (imported before imports made
// them), and records the originals' sizes. It may run while the store serves: servers hear of the change.
func (p program) pictureSizes(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	if len(args) != 0 {
		return fmt.Errorf("usage: furstore pictures")
	}
	pool, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	files, err := app.OpenMedia(ctx, cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := catalog.NewService(pool, files, nil, log).MakePictureSizes(ctx)
	for _, f := range res.Failed {
		fmt.Fprintln(p.stderr, "picture left as it is:", f)
	}
	if err != nil {
		return err
	}
	log.Info("picture sizes made", "pictures", res.Files, "rows", res.Rows, "failed", len(res.Failed),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}
