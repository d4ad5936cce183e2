package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// headersFile is the static site's _headers file, which Netlify and
// Cloudflare Pages read from the root of the published directory: the
// Security and Isolation headers for every file of the site, which lives
// under base. Its rule names base, so it is valid as it is for a site at
// the root, and, for a site under a sub-path, copied into (or merged with)
// the _headers at the root of the whole published directory, where it
// gives the lab's headers to the lab's files only and leaves the pages
// around it (a course's notes, with scripts of their own) alone. With
// these headers the workers share each batch; a host that ignores the
// file serves a lab that trains in one worker.
func headersFile(base string) string {
	var b strings.Builder
	b.WriteString("# The headers `sslab serve` sends (Netlify, Cloudflare Pages). For a site under\n")
	b.WriteString("# a sub-path, this file belongs at the root of the published directory.\n")
	b.WriteString(CleanBase(base) + "/*\n")
	for _, kv := range append(append([][2]string{}, Security...), Isolation...) {
		b.WriteString("  " + kv[0] + ": " + kv[1] + "\n")
	}
	return b.String()
}

// dropPlaceholderOGFiles removes the placeholder og: fields from the
// site's pages (the web files are copied later, untouched).
func dropPlaceholderOGFiles(out string) error {
	return filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(path, dropPlaceholderOG(b), 0o644)
	})
}
