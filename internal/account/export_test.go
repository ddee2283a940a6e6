package account

// Listening reports whether the service keeps sessions in memory: its auth_changed listener is connected.
func (s *Service) Listening() bool {
	_, ok := s.changes.Current()
	return ok
}
