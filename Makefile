# «Меха и Шубы» backend. The two commands a newcomer needs:
#   make run    build, start a local PostgreSQL under ./var (unless DATABASE_URL is set), migrate, load the demo
#               catalog when the store is empty, and serve on http://127.0.0.1:$${PORT:-8000}
#   make test   go vet and every test (with -race) against a private PostgreSQL started and stopped for the run

SHELL := /bin/bash
GO ?= go
BIN := bin/furstore
SQLC_VERSION := v1.31.1

.PHONY: run test build vet generate check-generated superuser db-start db-stop clean help screenshots

help:
	@sed -n 's/^#   //p' Makefile

build:
	$(GO) build -o $(BIN) ./cmd/furstore

run: build
	@scripts/run.sh $(BIN)

test:
	@scripts/test.sh

# make screenshots: the staff panel's main pages at a desk's width (1280 px) and a phone's (375 px), taken by the
# browser test in headless Chromium, into screenshots/ (not committed).
screenshots:
	@FURSTORE_SCREENSHOTS="$$PWD/screenshots" scripts/test.sh -run 'TestPanelInABrowser|TestManagersDayInABrowser' ./internal/panel/ && ls screenshots
vet:
	$(GO) vet ./...

# sqlc compiles queries/<pkg>/*.sql against migrations/*.sql into internal/<pkg>/internal/<pkg>db (one package per
# owner of tables: docs/moving-parts.md). Its output is committed, so only
# those who change SQL need it (the first build takes a few minutes: it uses cgo).
generate:
	$(GO) run github.com/sqlc-dev/sqlc/cmd/sqlc@$(SQLC_VERSION) generate

# Fails when the generated query packages are not what the SQL says (run `make generate`). Skipped where sqlc is not built.
check-generated:
	@if command -v sqlc >/dev/null; then sqlc diff; else echo "sqlc not installed; generated code not checked"; fi

# make superuser EMAIL=a@b.ru: a staff account in the database `make run` uses (started here if needed). The
# password comes from FURSTORE_SUPERUSER_PASSWORD, or a prompt.
superuser: build
	@test -n "$(EMAIL)" || { echo "usage: make superuser EMAIL=a@b.ru [FURSTORE_SUPERUSER_PASSWORD=…]"; exit 2; }
	@scripts/superuser.sh $(BIN) "$(EMAIL)"

db-start:
	@scripts/pg.sh start "$$(scripts/pg.sh devroot)" && echo "DATABASE_URL=$$(scripts/pg.sh url "$$(scripts/pg.sh devroot)")"

db-stop:
	@scripts/pg.sh stop "$$(scripts/pg.sh devroot)"

clean: db-stop
	rm -rf bin var
