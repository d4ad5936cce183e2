package view

import (
	"strings"
	"testing"

	"sslab/ml/config"
)

// TestEmbedBuilderMakesTheIssuesEmbed builds "BYOL, 5 labels per class,
// only the pretraining panel" from the lab's settings, as the issue asks.
func TestEmbedBuilderMakesTheIssuesEmbed(t *testing.T) {
	cfg, _ := config.Preset("digits-byol")
	cfg.Shots = 5
	o := DefaultEmbedOptions(cfg)
	if strings.Join(o.Panels, ",") != "pretrain,adapt,ideas" || o.Size != SizeAuto {
		t.Fatalf("default options %+v", o)
	}
	for _, p := range []string{"adapt", "ideas"} {
		o = o.Apply(EmbedChange{Key: "panel", Value: p, On: false})
	}
	o = o.Apply(EmbedChange{Key: "panel", Value: "pretrain", On: false}) // the last one stays
	frame := o.Frame(cfg)
	if got := frame.Query(); got != "embed=1&panels=pretrain&preset=digits-byol&shots=5" {
		t.Errorf("frame query %q", got)
	}
	src := "https://x.org/lab/?" + frame.Query()
	snippet := EmbedSnippet(src, EmbedTitle(frame), "https://x.org/lab/web/embed.js", o)
	for _, want := range []string{
		`<iframe src="https://x.org/lab/?embed=1&amp;panels=pretrain&amp;preset=digits-byol&amp;shots=5"`,
		`title="sslab: BYOL on digits (8×8 images), 5 labels per class"`, `width="100%"`, `loading="lazy"`,
		`allow="cross-origin-isolated"`, `<script src="https://x.org/lab/web/embed.js" async></script>`,
	} {
		if !strings.Contains(snippet, want) {
			t.Errorf("snippet lacks %s:\n%s", want, snippet)
		}
	}
	aspect := o.Apply(EmbedChange{Key: "size", Value: SizeAspect}).Apply(EmbedChange{Key: "aspect", Value: "16:9"})
	if s := EmbedSnippet(src, "t", "e.js", aspect); !strings.Contains(s, `style="border:0;aspect-ratio:16/9" data-sslab-fixed`) || strings.Contains(s, "<script") {
		t.Errorf("aspect snippet %s", s)
	}
	fixed := o.Apply(EmbedChange{Key: "size", Value: SizeFixed}).Apply(EmbedChange{Key: "width", Value: "640"}).
		Apply(EmbedChange{Key: "height", Value: "99"}) // out of range: kept
	if s := EmbedSnippet(src, "t", "e.js", fixed); !strings.Contains(s, `width="640" height="720"`) {
		t.Errorf("fixed snippet %s", s)
	}
	auto := o.Apply(EmbedChange{Key: "autorun", On: true}).Apply(EmbedChange{Key: "ckpt", Value: "digits-simclr.json"}).
		Apply(EmbedChange{Key: "ckpt", Value: "../etc/passwd"})
	if q := auto.Frame(cfg).Query(); !strings.Contains(q, "autorun=1") || !strings.Contains(q, "ckpt=digits-simclr.json") {
		t.Errorf("autorun and checkpoint: %q", q)
	}
	// Markup in a title is escaped in the snippet.
	if s := EmbedSnippet(src, `a"<b>`, "e.js", o); !strings.Contains(s, `title="a&quot;&lt;b&gt;"`) {
		t.Errorf("title not escaped: %s", s)
	}
}

// TestEmbedBuilderRenders checks the builder's parts: the panels, the
// sizes, the snippet and the link, and the preview without autorun.
func TestEmbedBuilderRenders(t *testing.T) {
	cfg, _ := config.Preset("digits-byol")
	o := DefaultEmbedOptions(cfg)
	o.Autorun = true
	frame := o.Frame(cfg)
	b := mount(t, &EmbedBuilder{Options: o, Config: frame, FrameURL: "http://h/?" + frame.Query(),
		Preview: "http://h/?embed=1", Script: "http://h/web/embed.js"})
	h := pageHTML(t, b)
	for _, want := range []string{`id="eb-panel-pretrain"`, `id="eb-size-auto"`, `id="eb-size-fixed"`, `id="eb-autorun"`,
		`id="eb-ckpt"`, `id="embed-code"`, `id="embed-link"`, `id="btn-copy-snippet"`, `id="btn-copy-link"`,
		`id="embed-preview"`, `src="http://h/?embed=1"`, `href="http://h/embed/"`} {
		if !strings.Contains(h, want) {
			t.Errorf("builder lacks %s", want)
		}
	}
}
