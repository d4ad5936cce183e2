package view

import (
	"strings"
	"testing"

	"sslab/ml/config"
)

// TestDataUploadShown checks the set-up column offers the file picker, the
// drop zone, the limits and the privacy promise.
func TestDataUploadShown(t *testing.T) {
	h := pageHTML(t, mount(t, &SetupPanel{Config: config.Default()}))
	for _, want := range []string{"Your own data (CSV)", `id="data-file"`, `type="file"`, `id="drop-zone"`, privacyNote,
		"Limits: 8 MiB, 20,000 rows, 1,024 columns, 100 classes; at least 8 rows."} {
		if !strings.Contains(h, want) {
			t.Errorf("set-up column lacks %q", want)
		}
	}
}
