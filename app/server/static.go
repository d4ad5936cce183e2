package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// WriteStaticSite writes the site for base into out from the web
// directory webDir: the prerendered page, go-app's scripts, a _headers
// file asking for the headers `sslab serve` sends, and a copy of the web
// files.
func WriteStaticSite(out, webDir, base string) error {
	version, err := fileHash(filepath.Join(webDir, "app.wasm"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	h := newHandler(app.PrefixedLocation(CleanBase(base)), version)
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return fmt.Errorf("generating the page: %v", err)
	}
	if err := dropPlaceholderOGFiles(out); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "_headers"), []byte(headersFile(base)), 0o644); err != nil {
		return err
	}
	// The embedding protocol's page, at base/embed/ (a host serves a
	// directory's index.html).
	if err := os.MkdirAll(filepath.Join(out, "embed"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "embed", "index.html"), []byte(embedPage(CleanBase(base), "https://HOST")), 0o644); err != nil {
		return err
	}
	return copyWeb(filepath.Join(out, "web"), webDir)
}

// fileHash returns a short content hash of a file: the site's version, so
// a rebuilt wasm gets a new one.
func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// notInSite are the web directory's files that are not the lab's: the
// benchmark page starts a run as soon as it opens, and is served by
// `go run ./app/bench` only.
var notInSite = []string{"bench.html"}

// copyWeb copies what the page needs from the web directory: its files
// (wasm, scripts, styles, icons), the shipped checkpoints and the text
// data (fetched when the text dataset is chosen). Other
// directories there (tooling) and notInSite stay out of the site.
func copyWeb(dst, src string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		switch {
		case e.Type().IsRegular() && !slices.Contains(notInSite, e.Name()):
			if err := copyFile(filepath.Join(dst, e.Name()), filepath.Join(src, e.Name())); err != nil {
				return err
			}
		case e.IsDir() && (e.Name() == "checkpoints" || e.Name() == "data"):
			if err := copyWeb(filepath.Join(dst, e.Name()), filepath.Join(src, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
