// Command furstore is the «Меха и Шубы» store backend: the HTTP API and its maintenance commands.
//
//	furstore [serve]                 the HTTP API and its background workers (the default)
//	furstore migrate up|status       apply or list the embedded schema migrations
//	furstore seed-demo [--if-empty]  load the demo fur catalog
//	furstore import-catalog FILE     load a store's catalog from a JSON file (docs/catalog-import.md)
//	furstore pictures                make the smaller sizes of pictures imported before imports made them
//	furstore createsuperuser --email E   create a staff account or promote one (password: env or prompt)
//
// Configuration comes from the environment; docs/configuration.md lists every variable.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	p := program{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr}
	err := p.run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "furstore:", err)
		os.Exit(1)
	}
}
