// Command seeds runs a preset over several seeds and prints the aggregate:
// mean ± std over seeds per row, win counts, the verdict. It stands in for
// the command line's `train -seeds` until that is wired; it lives in
// testdata so that ./... builds and vets leave it alone:
//
//	nice go run ./ml/train/testdata/seeds -preset digits-simclr -seeds 1-5 [-v] [-json FILE]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"sslab/ml/config"
	"sslab/ml/train"
)

func main() {
	preset := flag.String("preset", "digits-simclr", "preset")
	seeds := flag.String("seeds", "1-5", "seeds")
	out := flag.String("json", "", "write the aggregate as JSON to this file")
	verbose := flag.Bool("v", false, "print every seed's table")
	flag.Parse()
	cfg, err := config.Preset(*preset)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s, err := train.ParseSeeds(*seeds)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sr, err := train.RunSeeds(cfg, s, train.Parallel{Workers: 2})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for i, r := range sr.Runs {
		fmt.Printf("seed %d: pretraining %.1f s, adaptation %.1f s\n", s[i], r.PretrainSeconds, r.AdaptSeconds)
		if *verbose {
			train.WriteTable(os.Stdout, r)
		}
	}
	train.WriteSeedsTable(os.Stdout, sr)
	if *out != "" {
		b, _ := json.MarshalIndent(sr, "", " ")
		os.WriteFile(*out, b, 0o644)
	}
}
