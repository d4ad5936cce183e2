package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// CleanBase normalises a base path: "" for the root ("" or "/"), else a
// path with a leading slash and no trailing one.
func CleanBase(base string) string {
	base = strings.Trim(strings.TrimSpace(base), "/")
	if base == "" {
		return ""
	}
	return "/" + base
}

// FindWebDir returns the directory holding the page's files: dir if given,
// else the first web directory with a worker.js in the working directory
// or one of its parents (the repository's, from any package a test runs
// in). It must hold both binaries, the page's and the worker's.
func FindWebDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "web", "worker.js")); err == nil {
				dir = filepath.Join(d, "web")
				break
			}
			if filepath.Dir(d) == d {
				return "", fmt.Errorf("no web directory with worker.js in %s or above it; run from the repository or give -web", wd)
			}
		}
	} else if _, err := os.Stat(filepath.Join(dir, "worker.js")); err != nil {
		return "", fmt.Errorf("%s: no worker.js here; give the repository's web directory", dir)
	}
	for _, bin := range []string{"app.wasm", "worker.wasm"} {
		if _, err := os.Stat(filepath.Join(dir, bin)); err != nil {
			return "", fmt.Errorf("%s not found: build it with `make wasm`", filepath.Join(dir, bin))
		}
	}
	return filepath.Abs(dir)
}
