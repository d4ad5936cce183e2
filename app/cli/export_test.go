package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// export writes a script that names its config, and refuses bad input with
// a message naming it, writing nothing.
func TestExport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run.py")
	code, stdout, stderr := runArgs("export", "-preset", "moons-simclr", "-epochs", "3", "-out", out)
	if code != 0 || !strings.Contains(stdout, "torchrun") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "#!/usr/bin/env python3") || !strings.Contains(string(b), "epochs=3&preset=moons-simclr") {
		t.Errorf("the script does not start as a Python program naming its config:\n%.300s", b)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "-preset", "moons-simclr"}, "give -out FILE"},
		{[]string{"export", "-ckpt-file", filepath.Join(dir, "missing.json"), "-out", filepath.Join(dir, "a.py")}, "missing.json"},
		{[]string{"export", "-ckpt-file", bad, "-out", filepath.Join(dir, "b.py")}, "not an sslab checkpoint"},
		{[]string{"export", "-epochs", "0", "-out", filepath.Join(dir, "c.py")}, "flag -epochs: is out of range"},
	} {
		code, _, stderr := runArgs(c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	for _, name := range []string{"a.py", "b.py", "c.py"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a refused export left %s behind", name)
		}
	}
}
