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
	"sslab/ml/nn"
)

// CheckpointFormat and CheckpointVersion identify sslab's encoder files. A
// reader accepts exactly this version: a later format may change the
// layout, and a file it cannot read must say so rather than load garbage.
const (
	CheckpointFormat  = "sslab-encoder"
	CheckpointVersion = 1
)

// Checkpoint is a pretrained encoder saved to a file: its architecture, the
// config that trained it, and its parameters. On disk it is JSON; the
// parameters are little-endian float64s in base64, so they load back with
// the same bits.
type Checkpoint struct {
	Format     string `json:"format"`
	Version    int    `json:"version"`
	Query      string `json:"config"`     // the config that trained it, as a URL query
	Dataset    string `json:"dataset"`    // the data it was pretrained on
	Sizes      []int  `json:"sizes"`      // the encoder's widths, input first
	Activation string `json:"activation"` // its activation
	Steps      int    `json:"steps"`      // pretraining steps taken
	Params     string `json:"params"`     // base64 of the little-endian float64 parameters
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
	return &Checkpoint{
		Format: CheckpointFormat, Version: CheckpointVersion, Query: cfg.Query(), Dataset: cfg.Dataset,
		Sizes: slices.Clone(enc.MLP.Sizes), Activation: enc.MLP.Act.String(), Steps: steps,
		Params: base64.StdEncoding.EncodeToString(buf),
	}
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
	if c.Version != CheckpointVersion {
		return nil, fmt.Errorf("checkpoint format version %d is not supported; this sslab reads version %d", c.Version, CheckpointVersion)
	}
	if len(c.Sizes) < 2 || len(c.Sizes) > 8 {
		return nil, fmt.Errorf("checkpoint has %d layer widths; want 2 to 8", len(c.Sizes))
	}
	for _, s := range c.Sizes {
		if s < 1 || s > 4096 {
			return nil, fmt.Errorf("checkpoint has a layer width of %d; want 1 to 4096", s)
		}
	}
	if _, err := nn.ParseActivation(c.Activation); err != nil {
		return nil, fmt.Errorf("checkpoint: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(c.Params)
	if err != nil {
		return nil, fmt.Errorf("checkpoint parameters are not valid base64: %v", err)
	}
	want := nn.NewMLP(c.Sizes, 0).NumParams()
	if len(raw) != 8*want {
		return nil, fmt.Errorf("checkpoint holds %d parameters but widths %v need %d", len(raw)/8, c.Sizes, want)
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
	raw, _ := base64.StdEncoding.DecodeString(c.Params)
	params := make([]float64, m.NumParams())
	for i := range params {
		params[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	m.Bind(params)
	return &Encoder{MLP: m, Params: params}, nil
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
