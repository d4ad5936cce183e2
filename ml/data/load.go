package data

import (
	"fmt"
	"strings"
)

// DefaultN is the number of examples in each toy set returned by Load.
const DefaultN = 1000

// loaders maps each name Load accepts to its constructor, in the order Names
// lists them.
var loaders = []struct {
	name string
	load func(seed uint64) (*Dataset, error)
}{
	{"digits", func(uint64) (*Dataset, error) { return Digits() }},
	{"moons", func(s uint64) (*Dataset, error) { return Moons(DefaultN, MoonsNoise, s), nil }},
	{"circles", func(s uint64) (*Dataset, error) { return Circles(DefaultN, CirclesNoise, s), nil }},
	{"spirals", func(s uint64) (*Dataset, error) { return Spirals(DefaultN, SpiralArms, SpiralsNoise, s), nil }},
	{"blobs", func(s uint64) (*Dataset, error) { return Blobs(DefaultN, BlobCenters, BlobsStd, s), nil }},
	{"breast-cancer", func(uint64) (*Dataset, error) { return BreastCancer() }},
	{"diabetes", func(uint64) (*Dataset, error) { return Diabetes() }},
}

// Names returns the names Load accepts.
func Names() []string {
	n := make([]string, len(loaders))
	for i, l := range loaders {
		n[i] = l.name
	}
	return n
}

// Load returns the named dataset. The toy sets are generated from seed with
// DefaultN examples and their default noise; the embedded sets (digits,
// breast-cancer, diabetes) ignore it. Every call returns a fresh copy that
// the caller may modify.
func Load(name string, seed uint64) (*Dataset, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, l := range loaders {
		if l.name == key {
			return l.load(seed)
		}
	}
	return nil, fmt.Errorf("data: unknown dataset %q (want one of %s)", name, strings.Join(Names(), ", "))
}
