//go:build race

package mbox

const raceEnabled = true
