//go:build e2e

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sslab/ml/train"
)

// TestWorkersGiveIdenticalBits trains one config in Chromium with 1, 2 and
// 3 workers (the training worker alone, then with 1 and 2 helpers holding
// replicas, for pretraining and adaptation) and checks that the result
// rows are the same bits as each other and as the command line's.
func TestWorkersGiveIdenticalBits(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	web := filepath.Join(filepath.Dir(file), "..", "web")
	mux := http.NewServeMux()
	mux.Handle("/app/", http.StripPrefix("/app/", http.FileServer(http.Dir(web))))
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	})
	srv := httptest.NewServer(isolated(mux)) // workers share memory only on an isolated page
	defer srv.Close()

	// Batch 256 is 8 shards, so 2 and 3 workers really share every step.
	query := "preset=digits-quick&batch=256&epochs=2&aepochs=5&fsseeds=1"
	want := cliRows(t, query)
	ctx := newBrowser(t, 800, 600)
	for _, workers := range []string{"1", "2", "3"} {
		page := srv.URL + "/app/bench.html?" + url.Values{"mode": {"preset"}, "rows": {"1"}, "workers": {workers}, "query": {query}}.Encode()
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			t.Fatal(err)
		}
		raw, err := chromedp.Run(ctx, chromedp.Poll[string]("window.sslabBench && JSON.stringify(window.sslabBench)",
			chromedp.WithPollingTimeout(120*time.Second)))
		if err != nil {
			t.Fatalf("%s workers: %v", workers, err)
		}
		var got struct {
			Rows  []train.Row `json:"rows"`
			Wall  float64     `json:"wall_seconds"`
			Error string      `json:"error"`
		}
		if err := json.Unmarshal([]byte(raw), &got); err != nil || got.Error != "" {
			t.Fatalf("%s workers: %v %s", workers, err, got.Error)
		}
		if len(got.Rows) != len(want) {
			t.Fatalf("%s workers: %d rows, the command line has %d", workers, len(got.Rows), len(want))
		}
		for i := range want {
			if got.Rows[i] != want[i] {
				t.Fatalf("%s workers: row %d is %+v, the command line's %+v", workers, i, got.Rows[i], want[i])
			}
		}
		t.Logf("%s workers: %d rows equal to the command line's, %.1f s", workers, len(got.Rows), got.Wall)
	}
}
