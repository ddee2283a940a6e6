// Package migrations embeds the SQL schema migrations, so the furstore binary migrates its own database.
package migrations

import "embed"

// FS holds the goose migrations, applied in file-name order.
//
//go:embed *.sql
var FS embed.FS
