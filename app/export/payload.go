package export

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"math"
	"strings"

	"sslab/ml/config"
	"sslab/ml/data"
	"sslab/ml/train"
)

// payload returns the Python assignments of CONFIG, DATA and CHECKPOINT.
func payload(cfg config.Config, ds *data.Dataset, split data.Split, opt Options) (string, error) {
	x, err := packFloats(ds.X.Data)
	if err != nil {
		return "", err
	}
	train, err := packInts(split.Train)
	if err != nil {
		return "", err
	}
	test, err := packInts(split.Test)
	if err != nil {
		return "", err
	}
	var labels, targets any
	if ds.Labels != nil {
		b, err := packInts(ds.Labels)
		if err != nil {
			return "", err
		}
		labels = b
	}
	if ds.Targets != nil {
		b, err := packFloats(ds.Targets)
		if err != nil {
			return "", err
		}
		targets = b
	}
	dataset := pyDict{
		{"name", ds.Name}, {"n", ds.Len()}, {"dim", ds.Dim()}, {"width", ds.Width}, {"height", ds.Height},
		{"classes", ds.Classes}, {"class_names", orEmpty(ds.ClassNames)}, {"feature_names", orEmpty(ds.FeatureNames)},
		{"source", ds.Source}, {"license", ds.License},
		// Each array: base64 of zlib of little-endian float64 or int32.
		{"x", x}, {"labels", labels}, {"targets", targets}, {"train", train}, {"test", test},
	}
	var b strings.Builder
	b.WriteString("# The run: written by sslab export. The script reads these; its options override some.\n")
	b.WriteString("CONFIG = ")
	writePy(&b, configDict(cfg), "")
	b.WriteString("\n\n# The data exactly as sslab loaded it, and its fixed train/test split.\nDATA = ")
	writePy(&b, dataset, "")
	b.WriteString("\n\n# The encoder to start from (an sslab checkpoint), or None to pretrain.\nCHECKPOINT = ")
	writePy(&b, checkpointDict(opt.Checkpoint), "")
	b.WriteString("\n")
	return b.String(), nil
}

// configDict holds every setting the script reads, under its URL key.
func configDict(c config.Config) pyDict {
	return pyDict{
		{"query", c.Query()}, {"preset", c.Preset},
		{"data", c.Dataset}, {"task", string(c.Task)}, {"std", c.Standardize},
		{"objective", string(c.Objective)}, {"enc", orNone(c.Encoder)}, {"proj", orNone(c.Projector)},
		{"pred", c.Predictor}, {"act", c.Activation},
		{"epochs", c.Epochs}, {"batch", c.Batch}, {"lr", c.LR}, {"opt", c.Optimizer}, {"wd", c.WeightDecay},
		{"temp", c.Temperature}, {"negatives", c.Negatives}, {"stopgrad", c.StopGrad}, {"lambda", c.Lambda},
		{"ema", c.EMA}, {"vsim", c.VICRegSim}, {"vvar", c.VICRegVar}, {"vcov", c.VICRegCov}, {"mask", c.MaskRatio},
		{"rot", c.Rotation}, {"scale", c.Scale}, {"shift", c.Shift}, {"drop", c.Dropout}, {"cutout", c.Cutout},
		{"neighbours", c.Neighbours}, {"hops", c.Hops}, {"corrupt", c.Corrupt}, {"noise", c.Noise}, {"jitter", c.Jitter},
		{"seed", c.Seed},
		{"shots", c.Shots}, {"fsseeds", c.FewShotSeeds}, {"pstd", c.ProbeStandardize}, {"aepochs", c.AdaptEpochs},
		{"ftlr", c.FinetuneLR},
	}
}

// checkpointDict is the checkpoint as its JSON file has it, or None.
func checkpointDict(ck *train.Checkpoint) any {
	if ck == nil {
		return nil
	}
	return pyDict{
		{"format", ck.Format}, {"version", ck.Version}, {"config", ck.Query}, {"dataset", ck.Dataset},
		{"sizes", ck.Sizes}, {"activation", ck.Activation}, {"steps", ck.Steps}, {"params", pyBlob(ck.Params)},
	}
}

func orNone(v []int) []int {
	if v == nil {
		return []int{}
	}
	return v
}

func orEmpty(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// packFloats returns base64 of zlib of v as little-endian float64s.
func packFloats(v []float64) (pyBlob, error) {
	raw := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(x))
	}
	return pack(raw)
}

// packInts returns base64 of zlib of v as little-endian int32s; the
// indices and labels it packs are far below 2³¹.
func packInts(v []int) (pyBlob, error) {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], uint32(int32(x)))
	}
	return pack(raw)
}

func pack(raw []byte) (pyBlob, error) {
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.DefaultCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(raw); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return pyBlob(base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}
