package train

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/nn"
)

// CheckpointFormat and CheckpointVersion identify sslab's encoder files.
// Version 1 holds an MLP (sizes, activation); version 2 adds a kind, "mlp"
// or a text model ("transformer", "words") described by its shape. MLP
// encoders are still written as version 1, so the files a version-1
// reader took stay the same; a reader refuses any other version: a file it
// cannot read must say so rather than load garbage.
const (
	CheckpointFormat  = "sslab-encoder"
	CheckpointVersion = 2
)

// The kinds of encoder a version-2 checkpoint holds.
const (
	KindMLP         = "mlp"
	KindTransformer = "transformer"
	KindWords       = "words" // skip-gram's word vectors
)

// CheckpointShape is a text model's shape in a checkpoint.
type CheckpointShape struct {
	Vocab  int  `json:"vocab"`
	MaxLen int  `json:"maxlen"`
	Dim    int  `json:"dmodel"`
	Layers int  `json:"layers,omitempty"`
	Heads  int  `json:"heads,omitempty"`
	FFN    int  `json:"ffn,omitempty"`
	Causal bool `json:"causal,omitempty"`
}

// Checkpoint is a pretrained encoder saved to a file: its architecture, the
// config that trained it, and its parameters. On disk it is JSON; the
// parameters are little-endian float64s in base64, so they load back with
// the same bits.
type Checkpoint struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Kind is the encoder's kind (version 2; version 1 is an MLP).
	Kind       string `json:"kind,omitempty"`
	Query      string `json:"config"`               // the config that trained it, as a URL query
	Dataset    string `json:"dataset"`              // the data it was pretrained on
	Sizes      []int  `json:"sizes,omitempty"`      // an MLP's widths, input first
	Activation string `json:"activation,omitempty"` // an MLP's activation
	// Shape is a text model's (kinds transformer and words).
	Shape  *CheckpointShape `json:"shape,omitempty"`
	Steps  int              `json:"steps"`  // pretraining steps taken
	Params string           `json:"params"` // base64 of the little-endian float64 parameters
}

// Checkpoint returns the current encoder as a checkpoint.
func (p *Pretrainer) Checkpoint() *Checkpoint {
	enc := p.Encoder()
	return NewCheckpoint(p.cfg, enc, p.step)
}

// NewCheckpoint returns enc, trained by cfg for steps steps, as a checkpoint.
func NewCheckpoint(cfg config.Config, enc *Encoder, steps int) *Checkpoint {
	buf := make([]byte, 8*len(enc.Params))
	for i, v := range enc.Params {
		binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
	}
	c := &Checkpoint{Format: CheckpointFormat, Query: cfg.Query(), Dataset: cfg.Dataset, Steps: steps,
		Params: base64.StdEncoding.EncodeToString(buf)}
	if enc.Text != nil {
		s := enc.Text.Shape
		c.Version, c.Kind = 2, KindTransformer
		if enc.Text.Words() {
			c.Kind = KindWords
		}
		c.Shape = &CheckpointShape{Vocab: s.Vocab, MaxLen: s.MaxLen, Dim: s.Dim, Layers: s.Layers, Heads: s.Heads, FFN: s.Hidden, Causal: s.Causal}
		return c
	}
	c.Version = 1
	c.Sizes, c.Activation = slices.Clone(enc.MLP.Sizes), enc.MLP.Act.String()
	return c
}

// WriteCheckpoint writes c as indented JSON.
func WriteCheckpoint(w io.Writer, c *Checkpoint) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(c)
}

// maxCheckpointBytes bounds what ReadCheckpoint reads: far above any encoder
// the lab can build, far below what would hurt a browser tab.
const maxCheckpointBytes = 64 << 20

// ReadCheckpoint reads and checks a checkpoint file.
func ReadCheckpoint(r io.Reader) (*Checkpoint, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxCheckpointBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading checkpoint: %w", err)
	}
	if len(b) > maxCheckpointBytes {
		return nil, fmt.Errorf("checkpoint is larger than %d MiB: not an sslab encoder", maxCheckpointBytes>>20)
	}
	var c Checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("not an sslab checkpoint (expected JSON with \"format\": %q): %v", CheckpointFormat, err)
	}
	if c.Format != CheckpointFormat {
		return nil, fmt.Errorf("not an sslab checkpoint: format is %q, want %q", c.Format, CheckpointFormat)
	}
	if c.Version != 1 && c.Version != CheckpointVersion {
		return nil, fmt.Errorf("checkpoint format version %d is not supported; this sslab reads versions 1 and %d", c.Version, CheckpointVersion)
	}
	switch {
	case c.Version == 1 && c.Kind != "":
		return nil, fmt.Errorf("checkpoint of version 1 has a kind %q; only version 2 has kinds", truncated(c.Kind))
	case c.Version == 1:
		c.Kind = KindMLP
	case c.Kind != KindMLP && c.Kind != KindTransformer && c.Kind != KindWords:
		return nil, fmt.Errorf("checkpoint kind %q is not one sslab knows; allowed: %s, %s, %s", truncated(c.Kind), KindMLP, KindTransformer, KindWords)
	}
	want := 0
	if c.Kind == KindMLP {
		n, err := c.checkMLP()
		if err != nil {
			return nil, err
		}
		want = n
	} else {
		m, err := c.textModel()
		if err != nil {
			return nil, err
		}
		want = m.NumParams()
	}
	raw, err := base64.StdEncoding.DecodeString(c.Params)
	if err != nil {
		return nil, fmt.Errorf("checkpoint parameters are not valid base64: %v", err)
	}
	if len(raw) != 8*want {
		return nil, fmt.Errorf("checkpoint holds %d parameters but its %s needs %d", len(raw)/8, c.describe(), want)
	}
	for i := 0; i < want; i++ {
		v := math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		if !(math.Abs(v) <= maxCheckpointWeight) { // also NaN
			return nil, fmt.Errorf("checkpoint parameter %d is %v; an encoder sslab trained has weights within ±%g (its runs stop when the weights grow %d-fold)",
				i, v, float64(maxCheckpointWeight), maxWeightGrowth)
		}
	}
	if c.Steps < 0 || c.Steps > maxCheckpointSteps {
		return nil, fmt.Errorf("checkpoint says it was trained for %d steps; want 0 to %d", c.Steps, maxCheckpointSteps)
	}
	if len(c.Query) > maxCheckpointText || len(c.Dataset) > maxCheckpointText {
		return nil, fmt.Errorf("checkpoint's config or dataset name is longer than %d bytes: not an sslab encoder", maxCheckpointText)
	}
	if _, err := url.ParseQuery(c.Query); err != nil {
		return nil, fmt.Errorf("checkpoint's config %q is not a URL query: %v", truncated(c.Query), err)
	}
	return &c, nil
}

// mlp reports whether the checkpoint holds an MLP encoder: kind mlp, or
// no kind, as NewCheckpoint leaves a version 1 checkpoint (whose JSON has
// none).
func (c *Checkpoint) mlp() bool { return c.Kind == KindMLP || c.Kind == "" }

// describe names the checkpoint's architecture for a message.
func (c *Checkpoint) describe() string {
	if c.mlp() {
		return fmt.Sprintf("widths %v", c.Sizes)
	}
	s := c.Shape
	if c.Kind == KindWords {
		return fmt.Sprintf("word vectors (vocabulary %d, width %d)", s.Vocab, s.Dim)
	}
	return fmt.Sprintf("transformer (vocabulary %d, length %d, d_model %d, %d layers, %d heads, ffn %d)", s.Vocab, s.MaxLen, s.Dim, s.Layers, s.Heads, s.FFN)
}

// textModel returns the text model the checkpoint's shape describes, or
// why it describes none.
func (c *Checkpoint) textModel() (*TextModel, error) {
	s := c.Shape
	if s == nil {
		return nil, fmt.Errorf("checkpoint of kind %s has no shape", c.Kind)
	}
	if len(c.Sizes) > 0 || c.Activation != "" {
		return nil, fmt.Errorf("checkpoint of kind %s has MLP widths or an activation", c.Kind)
	}
	for _, f := range []struct {
		name    string
		v, hi   int
		allowed bool
	}{{"vocab", s.Vocab, 1 << 16, true}, {"maxlen", s.MaxLen, 4096, true}, {"dmodel", s.Dim, 4096, true},
		{"layers", s.Layers, 64, c.Kind == KindTransformer}, {"heads", s.Heads, 64, c.Kind == KindTransformer},
		{"ffn", s.FFN, 1 << 14, c.Kind == KindTransformer}} {
		lo := 1
		if !f.allowed {
			lo, f.hi = 0, 0
		}
		if f.v < lo || f.v > f.hi {
			return nil, fmt.Errorf("checkpoint shape has %s %d; want %d to %d for kind %s", f.name, f.v, lo, f.hi, c.Kind)
		}
	}
	if c.Kind == KindWords && s.Causal {
		return nil, fmt.Errorf("checkpoint of kind %s is marked causal", c.Kind)
	}
	return newTextModel(c.shape())
}

// shape returns the checkpoint's text shape as the model's.
func (c *Checkpoint) shape() nn.TransformerConfig {
	s := c.Shape
	return nn.TransformerConfig{Vocab: s.Vocab, MaxLen: s.MaxLen, Dim: s.Dim, Layers: s.Layers, Heads: s.Heads, Hidden: s.FFN, Causal: s.Causal}
}

// checkMLP checks an MLP checkpoint's architecture and returns its number
// of parameters.
func (c *Checkpoint) checkMLP() (int, error) {
	if c.Shape != nil {
		return 0, fmt.Errorf("checkpoint of kind %s has a text model's shape", KindMLP)
	}
	if len(c.Sizes) < 2 || len(c.Sizes) > 8 {
		return 0, fmt.Errorf("checkpoint has %d layer widths; want 2 to 8", len(c.Sizes))
	}
	for _, s := range c.Sizes {
		if s < 1 || s > 4096 {
			return 0, fmt.Errorf("checkpoint has a layer width of %d; want 1 to 4096", s)
		}
	}
	if _, err := nn.ParseActivation(c.Activation); err != nil {
		return 0, fmt.Errorf("checkpoint: %v", err)
	}
	return nn.NewMLP(c.Sizes, 0).NumParams(), nil
}

// Bounds of a checkpoint's fields beyond which a file is not an encoder
// sslab wrote: a weight far beyond what a run that did not diverge reaches,
// more steps than a run of the largest settings takes, a config longer than
// any query of the schema.
const (
	maxCheckpointWeight = 1e4
	maxCheckpointSteps  = 1 << 30
	maxCheckpointText   = 4096
)

// truncated shortens s for a message.
func truncated(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Encoder returns the checkpoint's encoder for a run of cfg on inputs of
// width inputDim, or an error saying how the two do not fit.
func (c *Checkpoint) Encoder(cfg config.Config, inputDim int) (*Encoder, error) {
	if !c.mlp() {
		return nil, fmt.Errorf("checkpoint holds a text encoder (%s, pretrained on %s), but data %s is not text", c.describe(), c.Dataset, cfg.Dataset)
	}
	if c.Sizes[0] != inputDim {
		return nil, fmt.Errorf("checkpoint encoder takes inputs of width %d (pretrained on %s), but %s has width %d", c.Sizes[0], c.Dataset, cfg.Dataset, inputDim)
	}
	want := append([]int{inputDim}, cfg.Encoder...)
	if !slices.Equal(c.Sizes, want) {
		return nil, fmt.Errorf("checkpoint encoder has widths %v, but the config asks for %v (set enc=%s)", c.Sizes, want, joinInts(c.Sizes[1:]))
	}
	if c.Activation != cfg.Activation {
		return nil, fmt.Errorf("checkpoint encoder uses %s, but the config asks for %s", c.Activation, cfg.Activation)
	}
	act, _ := nn.ParseActivation(c.Activation)
	m := newEncoderMLP(c.Sizes, act)
	params := c.params(m.NumParams())
	m.Bind(params)
	return &Encoder{MLP: m, Params: params}, nil
}

// params decodes the checkpoint's n parameters (ReadCheckpoint checked
// there are n).
func (c *Checkpoint) params(n int) []float64 {
	raw, _ := base64.StdEncoding.DecodeString(c.Params)
	params := make([]float64, n)
	for i := range params {
		params[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	return params
}

// EncoderFor returns the checkpoint's encoder for a run of cfg on ds (an
// MLP: Encoder; text: the model cfg trains on ds's vocabulary), or an
// error saying how the two do not fit.
func (c *Checkpoint) EncoderFor(cfg config.Config, ds *data.Dataset) (*Encoder, error) {
	if ds.Text == nil || !cfg.IsText() {
		return c.Encoder(cfg, ds.Dim())
	}
	if c.mlp() {
		return nil, fmt.Errorf("checkpoint holds an MLP encoder (pretrained on %s), but data %s is text: it needs a text encoder", c.Dataset, cfg.Dataset)
	}
	want := textShape(cfg, len(ds.Text.Vocab))
	if got := c.shape(); got != want {
		w := &Checkpoint{Kind: KindTransformer, Shape: &CheckpointShape{Vocab: want.Vocab, MaxLen: want.MaxLen, Dim: want.Dim,
			Layers: want.Layers, Heads: want.Heads, FFN: want.Hidden, Causal: want.Causal}}
		if want.Layers == 0 {
			w.Kind = KindWords
		}
		return nil, fmt.Errorf("checkpoint holds a %s (pretrained on %s), but the config asks for a %s", c.describe(), c.Dataset, w.describe())
	}
	m, err := c.textModel()
	if err != nil {
		return nil, err
	}
	return &Encoder{Text: m, Params: c.params(m.NumParams())}, nil
}

func joinInts(v []int) string {
	s := ""
	for i, x := range v {
		if i > 0 {
			s += "-"
		}
		s += fmt.Sprint(x)
	}
	return s
}
