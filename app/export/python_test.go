package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sslab/ml/config"
	"sslab/ml/train"
)

// The tests in this file run the exported programs with Python and
// PyTorch. .ci/install-tools installs Debian's python3-torch and
// python3-numpy, so `make test` runs them; elsewhere they skip, saying so.

var (
	pythonOnce sync.Once
	pythonPath string
	pythonWhy  string
)

// python returns a Python 3 that imports torch and numpy, or skips t.
// SSLAB_PYTHON names one explicitly; otherwise python3 on PATH and then
// /usr/bin/python3 (Debian's torch is installed for the system Python,
// which a pyenv or venv python3 on PATH does not see).
func python(t *testing.T) string {
	t.Helper()
	pythonOnce.Do(func() {
		var tried []string
		for _, c := range []string{os.Getenv("SSLAB_PYTHON"), "python3", "/usr/bin/python3"} {
			if c == "" {
				continue
			}
			p, err := exec.LookPath(c)
			if err != nil {
				continue
			}
			out, err := exec.Command(p, "-c", "import torch, numpy; print(torch.__version__)").CombinedOutput()
			if err == nil {
				pythonPath = p
				return
			}
			tried = append(tried, fmt.Sprintf("%s: %s", p, lastLine(string(out))))
		}
		pythonWhy = "no Python 3 with torch and numpy (tried " + strings.Join(tried, "; ") +
			"); run .ci/install-tools or apt-get install python3-torch python3-numpy"
	})
	if pythonPath == "" {
		t.Skip(pythonWhy)
	}
	return pythonPath
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// script writes the export of r (with opt) into a fresh directory and
// returns its path.
func script(t *testing.T, r *train.Run, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteRun(&b, r, opt); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "run.py")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// newRun returns the run of preset name changed by edit.
func newRun(t *testing.T, name string, edit func(*config.Config)) *train.Run {
	t.Helper()
	cfg, err := config.Preset(name)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(&cfg)
	}
	r, err := train.NewRun(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// runLimit bounds a Python run: generous, as the machine running the tests
// may be busy; a run that takes longer is stuck.
const runLimit = 10 * time.Minute

// runPy runs the program with args (one thread per process) and returns
// its standard output; it fails t, with the program's messages, if the
// program fails.
func runPy(t *testing.T, py string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1", "PYTHONDONTWRITEBYTECODE=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(py), strings.Join(args, " "), err, tail(stderr.String(), 3000))
	}
	return stdout.Bytes()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// freePort returns a TCP port on the loopback that was free a moment ago,
// for a distributed run's rendezvous, so concurrent runs do not collide.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runWorld runs world processes of the program directly, with the
// environment torchrun gives its workers (a static rendezvous on the
// loopback), and waits for all of them: the distributed code path without
// torchrun's own launcher process, which the torchrun test exercises.
func runWorld(t *testing.T, py string, world int, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	port := freePort(t)
	cmds := make([]*exec.Cmd, world)
	errs := make([]bytes.Buffer, world)
	for r := range cmds {
		c := exec.CommandContext(ctx, py, args...)
		c.Env = append(os.Environ(), "OMP_NUM_THREADS=1", "PYTHONDONTWRITEBYTECODE=1",
			"MASTER_ADDR=127.0.0.1", "MASTER_PORT="+strconv.Itoa(port),
			"WORLD_SIZE="+strconv.Itoa(world), "RANK="+strconv.Itoa(r), "LOCAL_RANK="+strconv.Itoa(r),
			"LOCAL_WORLD_SIZE="+strconv.Itoa(world))
		c.Stderr = &errs[r]
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[r] = c
	}
	var failed []string
	for r, c := range cmds {
		if err := c.Wait(); err != nil {
			failed = append(failed, fmt.Sprintf("rank %d: %v\n%s", r, err, tail(errs[r].String(), 2000)))
		}
	}
	if failed != nil {
		t.Fatalf("%d-process run failed:\n%s", world, strings.Join(failed, "\n"))
	}
}

// stepTrace is a line of the program's --trace file.
type stepTrace struct {
	Step     int     `json:"step"`
	Epoch    int     `json:"epoch"`
	Loss     float64 `json:"loss"`
	GradNorm float64 `json:"grad_norm"`
}

func readTrace(t *testing.T, path string) []stepTrace {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []stepTrace
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var s stepTrace
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("%s: %v in %q", path, err, line)
		}
		out = append(out, s)
	}
	return out
}

// report is the program's JSON report: sslab's, and where it ran.
type report struct {
	Config    string      `json:"config"`
	Dataset   string      `json:"dataset"`
	Objective string      `json:"objective"`
	Steps     int         `json:"pretrain_steps"`
	FinalLoss float64     `json:"final_loss"`
	Processes int         `json:"processes"`
	Rows      []train.Row `json:"results"`
}

func parseReport(t *testing.T, out []byte) report {
	t.Helper()
	var r report
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("the output is not sslab's JSON report: %v\n%s", err, tail(string(out), 2000))
	}
	return r
}

// within reports whether a and b differ by at most tol, relative to their
// size when that is above 1.
func within(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
