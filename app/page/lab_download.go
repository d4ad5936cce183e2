package page

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/train"
)

// download offers one of the run's results as a file.
func (l *Lab) download(kind string) {
	r := l.result
	if r == nil {
		return
	}
	base := resultFileBase(l.resultCfg.Preset, l.resultCfg.Seed)
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

// resultFileBase names the downloads after the preset and seed, so files
// of different runs do not overwrite each other.
func resultFileBase(preset string, seed uint64) string {
	return "sslab-" + safeName(preset) + "-seed" + strconv.FormatUint(seed, 10)
}

func checkpointFileName(preset string, seed uint64) string {
	return "sslab-encoder-" + safeName(preset) + "-seed" + strconv.FormatUint(seed, 10) + ".json"
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
