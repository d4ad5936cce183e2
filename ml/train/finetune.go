package train

// finetuneSpec is how finetuning and training from scratch train: Adam on
// mini-batches of finetuneBatch for aepochs epochs, at most
// finetuneMaxSteps steps, so the steps grow with the number of labels
// until the cap. Draw d has its own shuffling stream.
func (a *Adapter) finetuneSpec(d int) fitSpec {
	return fitSpec{headLR: a.cfg.FinetuneLR, encLR: a.cfg.FinetuneLR, epochs: a.cfg.AdaptEpochs,
		maxSteps: finetuneMaxSteps, batch: finetuneBatch, seed: a.cfg.Seed, stream: 100 + uint64(d)}
}

// lpftEpochsPerLabel is LP-FT's epochs per label per class (regression:
// per ten labels), up to aepochs: see finetuneModel.
const lpftEpochsPerLabel = 10

// lpftEpochs returns LP-FT's epochs on n labels: 10 per label per class, at
// most aepochs. The fewer the labels, the less the encoder may drift from
// its pretrained features to fit them: with 1 label per class it takes 10
// epochs (10 steps), enough to adjust the features to the head, too few
// to memorise the ten examples.
func (a *Adapter) lpftEpochs(n int) int {
	unit := 10 // regression budgets count tens of labels
	if !a.regression {
		unit = a.classes
	}
	return max(1, min(a.cfg.AdaptEpochs, lpftEpochsPerLabel*n/max(1, unit)))
}

// finetuneModel is LP-FT (Kumar et al., "Fine-Tuning can Distort
// Pretrained Features and Underperform Out-of-Distribution", ICLR 2022):
// first the linear probe, fitted to convergence on the frozen features rep
// of the rows of draw d of budget b (the probe job's fit, see probeOf); then the pretrained encoder enc and that head trained
// together, the encoder at 0.3 of the head's learning rate, for a
// number of epochs that grows with the labels (lpftEpochs). A head
// that starts at the probe's optimum sends the encoder a useful gradient
// from the first step, where a random head would first pull the features
// towards itself. The loss keeps the probe's penalty on the head's
// weights, so at step 0 the head sits at the minimum of what is being
// minimised and only the encoder moves. It fails when the probe does.
func (a *Adapter) finetuneModel(enc *Encoder, rep features, b Budget, rows []int, d int) (*model, error) {
	m, spec, err := a.lpftStart(enc, rep, b, rows, d)
	if err != nil {
		return nil, err
	}
	m.fit(a.labelled(a.ds.X, rows), spec)
	return m, nil
}

// lpftStart returns LP-FT's model at step 0, the encoder enc under the
// probe fitted on rep, and how it is to be trained.
func (a *Adapter) lpftStart(enc *Encoder, rep features, b Budget, rows []int, d int) (*model, fitSpec, error) {
	p, err := a.probeOf(rep, b, d, rows)
	if err != nil {
		return nil, fitSpec{}, err
	}
	m := newModel(enc, a.outputs(), a.cfg.Seed, 100+uint64(d))
	copy(m.headParams(), p.headParams(rep.std))
	spec := a.finetuneSpec(d)
	spec.encLR *= encoderLRFactor
	spec.headL2 = p.lambda
	spec.epochs = a.lpftEpochs(len(rows))
	return m, spec, nil
}

// scratchModel trains the network from its random initialisation enc with
// a random head, both at ftlr: the baseline that uses no pretraining.
func (a *Adapter) scratchModel(enc *Encoder, rows []int, d int) *model {
	m := newModel(enc, a.outputs(), a.cfg.Seed, 100+uint64(d))
	m.fit(a.labelled(a.ds.X, rows), a.finetuneSpec(d))
	return m
}
