package num

import (
	"math"
	"math/rand/v2"
)

// RNG is a seeded pseudo-random source. Every random draw in sslab goes
// through one, so the same seed gives the same numbers on every platform.
type RNG struct {
	pcg *rand.PCG
	r   *rand.Rand
}

// NewRNG returns a generator for the stream (seed, stream). Different streams
// of one seed are independent, so parts of a run (data, init, augmentation of
// example i at step t) can each draw from their own stream without depending
// on the order in which other parts draw.
func NewRNG(seed, stream uint64) *RNG {
	pcg := rand.NewPCG(seed, Mix(stream))
	return &RNG{pcg: pcg, r: rand.New(pcg)}
}

// Reset restarts g on the stream (seed, stream) without allocating, so a hot
// loop can give every example its own stream for free.
func (g *RNG) Reset(seed, stream uint64) {
	g.pcg.Seed(seed, Mix(stream))
}

// Mix scrambles a value with SplitMix64's finaliser; Mix(a ^ Mix(b)) combines
// two counters (a step and an example index, say) into one stream number.
func Mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Stream combines several counters into one stream number.
func Stream(parts ...uint64) uint64 {
	var s uint64 = 0x5eed
	for _, p := range parts {
		s = Mix(s ^ Mix(p))
	}
	return s
}

// Float64 returns a uniform number in [0, 1).
func (g *RNG) Float64() float64 { return g.r.Float64() }

// Uniform returns a uniform number in [lo, hi).
func (g *RNG) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*g.r.Float64() }

// IntN returns a uniform integer in [0, n).
func (g *RNG) IntN(n int) int { return g.r.IntN(n) }

// Normal returns a standard normal number by the Box-Muller transform, which
// needs only Log, Sqrt and Cos: unlike rand.NormFloat64 it never calls the
// platform's math.Exp.
func (g *RNG) Normal() float64 {
	u1 := 1 - g.r.Float64() // (0, 1]
	u2 := g.r.Float64()
	return math.Sqrt(-2*Log(u1)) * math.Cos(2*math.Pi*u2)
}

// Perm returns a random permutation of [0, n).
func (g *RNG) Perm(n int) []int {
	p := make([]int, n)
	g.PermInto(p)
	return p
}

// PermInto fills p with a random permutation of [0, len(p)) without allocating.
func (g *RNG) PermInto(p []int) {
	for i := range p {
		p[i] = i
	}
	g.Shuffle(p)
}

// Shuffle permutes p in place (Fisher-Yates).
func (g *RNG) Shuffle(p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := g.r.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
