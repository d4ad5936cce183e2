package data_test

import (
	"fmt"

	"sslab/ml/data"
	"sslab/ml/num"
)

// A typical setup: load the digits, hold out the standard test set, pick a
// 5-per-class label budget from the rest, and draw an augmented view.
func Example() {
	d, err := data.Load("digits", 1)
	if err != nil {
		panic(err)
	}
	split := data.DefaultSplit(d)
	labelled := data.FewShot(d.Labels, d.Classes, split.Train, 5, 1)
	fmt.Printf("%s: %d images of %d×%d, %d classes\n", d.Name, d.Len(), d.Width, d.Height, d.Classes)
	fmt.Printf("train %d, test %d, labelled %d\n", len(split.Train), len(split.Test), len(labelled))

	aug := data.NewAugmentation(d, data.DefaultAugment(d))
	fmt.Println(aug)

	// One stream per (step, example) makes each view independent of the
	// order in which examples are processed.
	const seed, step, example = 1, 0, 7
	rng := num.NewRNG(seed, num.Stream(step, example))
	view := make([]float64, d.Dim())
	aug.Apply(view, d.X.Row(example), rng)
	fmt.Println(len(view))
	// Output:
	// digits: 1797 images of 8×8, 10 classes
	// train 1346, test 451, labelled 50
	// RandomAffine(8x8, rotation ±15°, scale 1±0.15, shift ±1 px) → PixelDropout(p=0.1) → GaussianNoise(σ=0.05)
	// 64
}

func ExampleSpirals() {
	d := data.Spirals(300, 3, data.SpiralsNoise, 42)
	split := data.DefaultSplit(d)
	budget := data.Subset(split.Train, 20, 42)
	fmt.Println(d.Len(), d.Dim(), d.Classes, d.Supports(data.Regression))
	fmt.Println(len(split.Test), len(budget))
	// Output:
	// 300 2 3 true
	// 75 20
}

func ExampleRandomMask() {
	mask := make([]float64, 8)
	data.RandomMask(mask, 0.5, num.NewRNG(3, 0))
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	data.ApplyMask(x, x, mask, 0)
	hidden := 0
	for _, m := range mask {
		hidden += int(m)
	}
	fmt.Println(hidden > 0, len(x))
	// Output: true 8
}
