package catalog

import "time"

// SetStockResync shortens how often s compares all stock, for tests that cannot wait a minute.
func SetStockResync(s *Service, every time.Duration) { s.stockResync = every }
