//go:build race

package mailhdr

func init() { raceEnabled = true }
