package measure

// Rotate runs the steps in turn, starting with step round%len(steps),
// and stops at the first error. Paths compared in one run take turns at
// going first from round to round, so that neither always meets a
// machine that the other has just warmed (caches, CPU frequency, the
// scheduler's view of the processes).
func Rotate(round int, steps ...func() error) error {
	for k := range steps {
		if err := steps[(round+k)%len(steps)](); err != nil {
			return err
		}
	}
	return nil
}
