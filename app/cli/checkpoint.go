package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"

	"sslab/ml/config"
	"sslab/ml/train"
)

// checkpointCmd pretrains and writes the encoder as a checkpoint file, such
// as the ones shipped in web/checkpoints for ckpt=NAME links.
func checkpointCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("checkpoint", stderr)
	flags := config.NewFlags(fs)
	csv := newCSVFlags(fs)
	out := fs.String("out", "", "file to write the checkpoint to (required)")
	threads := fs.Int("threads", runtime.NumCPU(), "goroutines that share each mini-batch (results do not depend on it)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "sslab checkpoint: give -out FILE, the file to write the encoder to")
		return 2
	}
	cfg, err := flags.Config()
	if err != nil {
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 2
	}
	run, err := csv.newRun(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 2
	}
	cfg = run.Config // with -csv: data csv, and std unless given
	p, err := train.NewPretrainer(cfg, run.Dataset, run.Split, train.Parallel{Workers: max(1, *threads)})
	if err != nil {
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 2
	}
	for !p.Done() {
		if _, err := p.Step(); err != nil {
			fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
			return 1
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 1
	}
	if err := train.WriteCheckpoint(f, p.Checkpoint()); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "sslab checkpoint: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "sslab: wrote the encoder of %s to %s\n", cfg, *out)
	return 0
}
