// Gencatalog writes a generated demo catalog to a folder: catalog.json, which `furstore import-catalog`
// reads, and the picture files it names, at the same relative paths. Each product is sold as one variant (the
// load scenarios add products to carts by id, as v1 clients do); natural-fur products, a third of them, get
// their stock as fur units whose КИЗ is not known yet.
//
//	go run ./bench/gencatalog -products 10000 -seed 1 -out bench/out/catalog
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"github.com/mekhaishuby/furstore/internal/demo"
)

func main() {
	products := flag.Int("products", 10000, "how many products to generate")
	seed := flag.Int64("seed", 1, "the random seed; the same seed gives the same catalog")
	out := flag.String("out", "", "the folder to write catalog.json and the pictures to (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	log.SetFlags(0)
	log.SetPrefix("gencatalog: ")

	file, pictures := demo.Catalog(*products, *seed)
	demo.OneVariant(file)
	data, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "catalog.json"), append(data, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	// os.CopyFS refuses to overwrite files, and running the generator again into the same folder is normal,
	// so the pictures are written one by one.
	count := 0
	err = fs.WalkDir(pictures, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(pictures, path)
		if err != nil {
			return err
		}
		target := filepath.Join(*out, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		count++
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("gencatalog: wrote %d categories and %d products to %s, and %d pictures under it\n",
		len(file.Categories), len(file.Products), filepath.Join(*out, "catalog.json"), count)
}
