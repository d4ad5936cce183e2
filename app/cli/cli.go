package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"sslab/ml/config"
)

// usage is the top-level help of the command line.
const usage = `sslab: a self-supervised learning lab.

Usage:
  sslab serve  [-addr 127.0.0.1:8080]         serve the lab in the browser
  sslab static [-out DIR] [-base /sub/path]    write a self-contained static site
  sslab train  [-preset NAME] [flags] [-json]  pretrain, adapt and print the results
  sslab train  -csv FILE [-csv-label COL] [-csv-header auto|yes|no] [-csv-image WxH] [flags]
                                               the same on a CSV file of your own
  sslab train  -seeds 1-5 [flags] [-json]      the same over several seeds: mean ± std per row
  sslab lesson [-seeds 1-5] [-markdown]        one line per preset: did pretraining help?
  sslab presets                                list the presets
  sslab checkpoint [-preset NAME] [flags] -out FILE
                                               pretrain and save the encoder
  sslab export [-preset NAME] [flags] [-csv FILE] [-ckpt-file FILE] -out FILE.py
                                               write the run as a PyTorch script
                                               (python3 FILE.py, or torchrun)

Run "sslab train -help" for every training flag.
`

// Run runs the subcommand args[0] with the rest of args and returns the
// exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "train":
		return trainCmd(args[1:], stdout, stderr)
	case "lesson":
		return lessonCmd(args[1:], stdout, stderr)
	case "presets":
		return presetsCmd(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "static":
		return staticCmd(args[1:], stdout, stderr)
	case "checkpoint":
		return checkpointCmd(args[1:], stdout, stderr)
	case "export":
		return exportCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "sslab: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// newFlagSet returns the flag set of subcommand name, which writes its
// messages to stderr.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sslab "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// The flag package calls Usage after a bad flag's message and on
	// -help; parse prints the whole list for -help only, so that a typo's
	// message is not lost above some ninety lines of flags.
	fs.Usage = func() {}
	return fs
}

// parse parses a subcommand's arguments, which are flags only. When it
// returns false the subcommand ends with status code: 0 after -help, 2
// for a bad flag (the flag package has said why) or an argument that is
// not a flag.
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(fs.Output(), "Usage of %s:\n", fs.Name())
			fs.PrintDefaults()
			return 0, false
		}
		fmt.Fprintf(fs.Output(), "(%s -help lists its flags)\n", fs.Name())
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q (flags start with -)\n", fs.Name(), fs.Arg(0))
		return 2, false
	}
	return 0, true
}

// given reports whether the flag name was set on fs's command line.
func given(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// presetsCmd lists the presets, each with its settings.
func presetsCmd(args []string, stdout, stderr io.Writer) int {
	if code, ok := parse(newFlagSet("presets", stderr), args); !ok {
		return code
	}
	for _, name := range config.PresetNames() {
		c, _ := config.Preset(name)
		fmt.Fprintf(stdout, "%-20s %s\n", name, c)
	}
	return 0
}
