// Package cputime tells benchmarks how much CPU time the process has used,
// so that on a shared machine they can report work per CPU second beside
// work per wall second (which counts the other processes' load).
package cputime

// Seconds returns the CPU time (user and system) the process has used so
// far, or -1 where the platform does not tell (a browser tab, Windows).
func Seconds() float64 { return seconds() }
