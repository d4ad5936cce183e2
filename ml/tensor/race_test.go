//go:build race

package tensor

// raceEnabled: sync.Pool drops items at random under the race detector.
const raceEnabled = true
