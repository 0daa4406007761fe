//go:build !race

package mbox

const raceEnabled = false
