package train

import (
	"sslab/ml/config"
)

// Cost is what pretraining a config will take, known before it starts: what
// a page checks before a link may start a run on its own.
type Cost struct {
	Steps         int   // pretraining steps
	PretrainFLOPs int64 // floating-point operations of all of them
	// NeighbourOps is the neighbour view's search for every training
	// example's nearest ones, n²·d operations paid once before the first
	// step (0 without the view).
	NeighbourOps int64
	Params       int // trainable parameters
	// Bytes estimates the memory one worker holds for the run: parameters
	// with their gradient, optimiser state and the shards' gradients, and
	// the activations the shards cache.
	Bytes int64
}

// EstimateCost returns the cost of pretraining cfg on data of dim features
// with trainRows training examples. It builds the networks (no data, no
// training), so it is cheap.
func EstimateCost(cfg config.Config, dim, trainRows int) (Cost, error) {
	m, err := newMethod(cfg, dim)
	if err != nil {
		return Cost{}, err
	}
	c := Cost{Steps: trainRows / max(cfg.Batch, 1) * cfg.Epochs}
	if tm, ok := m.(*textMethod); ok {
		return textCost(c, cfg, tm), nil
	}
	c.PretrainFLOPs = stepFLOPs(m, cfg.Batch) * int64(c.Steps)
	if cfg.Neighbours > 0 {
		c.NeighbourOps = neighbourOps(trainRows, dim)
	}
	var widths int
	for _, n := range m.nets() {
		c.Params += n.NumParams()
		for _, w := range n.Sizes {
			widths += w
		}
	}
	shards := (cfg.Batch + ShardSize - 1) / ShardSize
	// Parameters, gradient, Adam's two moments, the initial copy, one
	// gradient per shard and per inner node of their tree.
	floats := int64(c.Params) * int64(5+2*shards)
	// Each layer's input and output, twice (values and their gradients),
	// for every view of every example of the batch.
	floats += 2 * int64(widths) * int64(m.views()*cfg.Batch)
	c.Bytes = 8 * floats
	return c, nil
}

// textCost is EstimateCost for a text method.
func textCost(c Cost, cfg config.Config, tm *textMethod) Cost {
	if cfg.Steps > 0 {
		c.Steps = cfg.Steps
	}
	c.PretrainFLOPs = tm.stepFLOPs(cfg.Batch) * int64(c.Steps)
	model, _ := newTextModel(tm.shape)
	c.Params = model.NumParams()
	shards := (cfg.Batch + ShardSize - 1) / ShardSize
	floats := int64(c.Params) * int64(5+2*shards)
	// Each token's activations: about 16 widths of d_model per block (the
	// stream, norms, Q, K, V, the FFN's 4·d) and the scored rows' logits.
	tokens := int64(float64(cfg.Batch) * typicalSentence)
	floats += tokens * int64(16*max(tm.shape.Layers, 1)*tm.shape.Dim+tm.shape.Vocab/4)
	c.Bytes = 8 * floats
	return c
}

// neighbourOps is the work of the neighbour view's table on n training
// rows of d features (data.NewNeighbours): every pair's distance.
func neighbourOps(n, d int) int64 { return int64(n) * int64(n) * int64(d) }
