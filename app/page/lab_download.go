package page

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// download offers one of the run's results as a file.
func (l *Lab) download(kind string) {
	r := l.result
	if r == nil {
		return
	}
	base := l.fileBase()
	switch kind {
	case view.DownloadJSON:
		if b, err := reportJSON(r.Report); err == nil {
			view.Download(base+".json", "application/json", string(b))
		}
	case view.DownloadCSV:
		var b bytes.Buffer
		if err := train.WriteCSV(&b, r.Rows); err == nil {
			view.Download(base+".csv", "text/csv", b.String())
		}
	case view.DownloadEmbeddings:
		// The worker writes the file on request: it is too large to send
		// with every result. MsgEmbeddings brings it.
		if l.Trainer != nil {
			l.Trainer.Post(session.Message{Type: session.MsgEmbeddings, Run: l.run})
		}
	}
}

// reportJSON encodes the report exactly as `sslab train -json` prints it.
func reportJSON(r *train.Report) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	err := enc.Encode(r)
	return b.Bytes(), err
}

// fileStem names the finished run's downloads: after the user's file for
// a run on it (iris.csv gives "iris"), else after the preset.
func (l *Lab) fileStem() string {
	if l.resultCfg.Dataset == config.CSVDataset && l.userData != nil {
		name := l.userData.Name
		if i := strings.LastIndexByte(name, '.'); i > 0 {
			name = name[:i]
		}
		return safeName(name)
	}
	return safeName(l.resultCfg.Preset)
}

// fileBase is the finished run's download name without its extension.
func (l *Lab) fileBase() string { return resultFileBase(l.fileStem(), l.resultCfg.Seed) }

// resultFileBase names the downloads after the data (or preset) and seed,
// so files of different runs do not overwrite each other.
func resultFileBase(stem string, seed uint64) string {
	return "sslab-" + safeName(stem) + "-seed" + strconv.FormatUint(seed, 10)
}

func checkpointFileName(stem string, seed uint64) string {
	return "sslab-encoder-" + safeName(stem) + "-seed" + strconv.FormatUint(seed, 10) + ".json"
}

// withClassNames adds a class column after the label column of the
// worker's embeddings CSV (pca_x,pca_y,label,e0,...), holding each label's
// class name, escaped for spreadsheets. Without names it is returned as is.
func withClassNames(csv string, names []string) string {
	if len(names) == 0 || csv == "" {
		return csv
	}
	var b strings.Builder
	b.Grow(len(csv) + len(csv)/8)
	for i, line := range strings.Split(strings.TrimSuffix(csv, "\n"), "\n") {
		// head is pca_x,pca_y,label; rest the embedding, from its comma.
		head, rest := line, ""
		if c := nthIndex(line, ',', 3); c >= 0 {
			head, rest = line[:c], line[c:]
		}
		name := "class"
		if i > 0 {
			name = ""
			label := head[strings.LastIndexByte(head, ',')+1:]
			if k, err := strconv.Atoi(label); err == nil && k >= 0 && k < len(names) {
				name = names[k]
			}
		}
		b.WriteString(head + "," + spreadsheetCell(name) + rest + "\n")
	}
	return b.String()
}

// nthIndex returns the index of the n-th c in s, or -1.
func nthIndex(s string, c byte, n int) int {
	at := -1
	for range n {
		j := strings.IndexByte(s[at+1:], c)
		if j < 0 {
			return -1
		}
		at += j + 1
	}
	return at
}

// spreadsheetCell writes s as one CSV cell that a spreadsheet shows as the
// text it is: a leading =, +, -, @, tab or carriage return (which would
// make it a formula) gets an apostrophe before it, and a cell with a
// comma, a quote or a line break is quoted, its quotes doubled.
func spreadsheetCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	if strings.ContainsAny(s, ",\"\r\n") {
		s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// safeName keeps letters, digits and '-' of s, for a file name.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "run"
	}
	return b.String()
}
