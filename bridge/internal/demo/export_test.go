package demo

// SetMaxDelivered lowers the bound of MaxDelivered for a test.
func SetMaxDelivered(m *Mailbox, n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.maxDelivered = n
}
