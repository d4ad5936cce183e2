package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"sslab/app/export"
	"sslab/app/server"
	"sslab/ml/config"
	"sslab/ml/train"
)

// exportCmd writes a run as a self-contained PyTorch script (app/export):
// the way out of the browser for a user who outgrows one tab.
func exportCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", stderr)
	flags := config.NewFlags(fs)
	csv := newCSVFlags(fs)
	out := fs.String("out", "", "file to write the PyTorch script to (required)")
	ckpt := fs.String("ckpt-file", "", "an sslab checkpoint file for the script to start from (default: the config's ckpt, from web/checkpoints)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	fail := func(code int, err error) int {
		fmt.Fprintf(stderr, "sslab export: %v\n", err)
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "sslab export: give -out FILE, the script to write")
		return 2
	}
	cfg, err := flags.Config()
	if err != nil {
		return fail(2, err)
	}
	run, err := csv.newRun(cfg)
	if err != nil {
		return fail(2, err)
	}
	opt := export.Options{Command: "sslab export " + strings.Join(args, " ")}
	path := *ckpt
	if path == "" && run.Config.Checkpoint != "" {
		dir, err := server.FindWebDir("")
		if err != nil {
			return fail(2, fmt.Errorf("ckpt %q: %v", run.Config.Checkpoint, err))
		}
		path = filepath.Join(dir, "checkpoints", run.Config.Checkpoint)
	}
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return fail(2, err)
		}
		c, err := train.ReadCheckpoint(f)
		f.Close()
		if err != nil {
			return fail(2, fmt.Errorf("%s: %v", path, err))
		}
		opt.Checkpoint = c
	}
	f, err := os.Create(*out)
	if err != nil {
		return fail(1, err)
	}
	if err := export.WriteRun(f, run, opt); err != nil {
		f.Close()
		os.Remove(*out)
		return fail(2, err)
	}
	if err := f.Close(); err != nil {
		return fail(1, err)
	}
	fmt.Fprintf(stdout, "sslab: wrote %s: run it with python3 %s, or torchrun --nproc_per_node=N %s\n", *out, *out, *out)
	return 0
}
