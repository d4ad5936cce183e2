//go:build e2e

package e2e

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"sslab/ml/data"
	"sslab/ml/train"
)

// textCLIRows runs a text config natively, as `sslab train` does, on the
// shipped corpus.
func textCLIRows(t *testing.T, query string) []train.Row {
	t.Helper()
	var f [3]*os.File
	for i, name := range data.BrownFiles {
		var err error
		if f[i], err = os.Open(filepath.Join("..", "..", "web", "data", name)); err != nil {
			t.Fatal(err)
		}
		defer f[i].Close()
	}
	ds, err := data.ReadBrown(f[0], f[1], f[2])
	if err != nil {
		t.Fatal(err)
	}
	run, err := train.NewRunWithData(decode(t, query), ds)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := run.Execute(train.Parallel{Workers: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep.Rows)
	var rows []train.Row
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// textQuery is a shortened text run: a few steps of batch 96 (three shards,
// so three workers share every step), small pools to adapt.
const textQuery = "preset=brown-mlm&steps=4&batch=96&tsents=60&lsents=120&fsseeds=1&aepochs=1"

// The text preset's rows are the command line's, bit for bit, with 1, 2
// and 3 workers: the corpus fetched by the training worker and handed to
// its helpers, pretraining and adaptation shared through shared memory.
func TestTextWorkersGiveIdenticalBits(t *testing.T) {
	srv := httptest.NewServer(workerServerWith(coresScript(4), nil))
	defer srv.Close()
	want := textCLIRows(t, textQuery)
	for _, workers := range []string{"1", "2", "3"} {
		// A browser each: the runs are slow on a busy machine, and one
		// browser's deadline covers all it does.
		got := workerRun(t, newBrowser(t, 800, 600), srv.URL, workers, textQuery)
		if len(got.Notices) > 0 {
			t.Fatalf("%s workers: %q", workers, got.Notices)
		}
		sameRows(t, workers+" workers", got.Rows, want)
		t.Logf("%s workers: %d rows equal to the command line's, %.1f s", workers, len(got.Rows), got.Wall)
	}
}

// The lab page trains a text model, shows its perplexity, its token map by
// part of speech and its guesses, and answers "ask the model" (markup
// typed is shown as text), with the attention maps of the sentence.
func TestTextLab(t *testing.T) {
	base := serveLab(t, "")
	ctx := newBrowser(t, 1280, 900)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?preset=brown-mlm&steps=10&tsents=60&lsents=100&fsseeds=1&aepochs=1&autorun=1")); err != nil {
		t.Fatal(err)
	}
	waitReady(t, ctx)
	waitStatus(t, ctx, 140*time.Second, "done")
	for _, id := range []string{"perplexity", "text-guesses"} {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#`+id+` svg, #`+id+` .tok-guess').length`))
		if err != nil || n == 0 {
			t.Errorf("#%s is empty: %v", id, err)
		}
	}
	elementScreenshot(t, ctx, "embedding", "text-token-map")
	ask := func(typed string) string {
		t.Helper()
		// The form takes questions once the results are in (and the last
		// answer with them): a click before would be lost, and so would a
		// question typed into an input that the results' rendering
		// replaces. Type it once the form is ready.
		evalRetry(t, ctx, 60*time.Second, `!document.querySelector("#text-ask button[type=submit]").disabled`, "the Ask button enabled")
		// Type and submit in one task: a re-render between the two (the
		// results' last views arriving) could replace the input, and the
		// form would submit an empty question.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
			document.getElementById("text-ask-input").value = `+jsString(typed)+`;
			document.querySelector("#text-ask button[type=submit]").click(); })()`)); err != nil {
			t.Fatal(err)
		}
		out, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const a = document.querySelector('#text-ask .text-answer, #text-ask .field-error'); return a && a.textContent.includes(`+jsString(firstWord(typed))+`) ? a.textContent : false })()`,
			chromedp.WithPollingTimeout(60*time.Second)))
		if err != nil {
			t.Fatalf("no answer to %q: %v", typed, err)
		}
		return out
	}
	if out := ask("the jury ___ the report ."); !strings.Contains(out, "%") {
		t.Errorf("the blank's answer shows no probabilities: %q", out)
	}
	n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#text-attention table.attn').length`))
	if n != 2*4 {
		t.Errorf("%d attention maps, want 2 layers × 4 heads", n)
	}
	elementScreenshot(t, ctx, "text-ask", "text-ask-attention")
	out := ask("<b>the</b> ___")
	if !strings.Contains(out, "<") || strings.Contains(out, "bold") {
		t.Errorf("markup: %q", out)
	}
	bold, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#text-ask b').length`))
	if bold != 0 {
		t.Error("typed markup became an element")
	}
	if out := ask("zyzzyva ___"); !strings.Contains(out, "none of the words") {
		t.Errorf("only unknown words: %q", out)
	}
	fullScreenshot(t, ctx, "text-lab")
}

func firstWord(s string) string {
	if strings.HasPrefix(s, "<") {
		return "<"
	}
	if strings.HasPrefix(s, "zyzzyva") {
		return "none of the words"
	}
	return strings.Fields(s)[0]
}
