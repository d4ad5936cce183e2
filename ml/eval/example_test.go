package eval_test

import (
	"fmt"

	"sslab/ml/eval"
	"sslab/ml/tensor"
)

// Score a toy embedding the way a training run's monitor does: kNN accuracy,
// k-means cluster accuracy, and the collapse meters.
func Example() {
	train := tensor.FromRows([][]float64{
		{1, 0.1}, {0.9, -0.1}, {1.1, 0}, // class 0 points along x
		{0.1, 1}, {-0.1, 0.9}, {0, 1.2}, // class 1 points along y
	})
	trainY := []int{0, 0, 0, 1, 1, 1}
	test := tensor.FromRows([][]float64{{2, 0.3}, {0.2, 3}})
	testY := []int{0, 1}

	fmt.Printf("kNN accuracy: %.2f\n", eval.KNNAccuracy(train, trainY, test, testY, 3, 2))

	assign := eval.KMeans(train, 2, 1, 3, 50)
	fmt.Printf("cluster accuracy: %.2f\n", eval.ClusterAccuracy(assign, trainY, 2, 2))

	_, ratio := eval.PCA(train, 2)
	fmt.Printf("PCA explained variance: %.3f %.3f\n", ratio[0], ratio[1])
	fmt.Printf("effective rank: %.3f of %d\n", eval.EffectiveRank(train), train.Cols)
	fmt.Printf("uniformity: %.3f\n", eval.Uniformity(train))
	// Output:
	// kNN accuracy: 1.00
	// cluster accuracy: 1.00
	// PCA explained variance: 0.977 0.023
	// effective rank: 1.478 of 2
	// uniformity: -0.929
}

// The Hungarian method picks the cheapest one-to-one assignment.
func ExampleHungarian() {
	cost := [][]float64{
		{4, 1, 3},
		{2, 0, 5},
		{3, 2, 2},
	}
	fmt.Println(eval.Hungarian(cost)) // 1 + 2 + 2 = 5
	// Output: [1 0 2]
}

// Fit the linear probes: logistic regression on labelled features, ridge
// regression on a target; then score retrieval with no labels at all.
func ExampleFitLogReg() {
	x := tensor.FromRows([][]float64{{0, 0}, {0.2, 0.1}, {2, 2}, {2.1, 1.8}, {0, 2}, {0.1, 2.2}})
	y := []int{0, 0, 1, 1, 2, 2}
	m, res, err := eval.FitLogReg(x, y, 3, 0.01, nil, eval.LBFGS{})
	if err != nil {
		panic(err)
	}
	fmt.Println("converged:", res.Converged)
	fmt.Println("predictions:", m.Predict(tensor.FromRows([][]float64{{0.1, -0.1}, {1.9, 2.1}, {-0.2, 1.9}})))

	r, err := eval.FitRidge(x, []float64{0, 0.3, 4, 3.9, 2, 2.3}, 0.01)
	if err != nil {
		panic(err)
	}
	fmt.Printf("ridge: w = [%.2f %.2f], b = %.2f\n", r.W[0], r.W[1], r.B)

	s := eval.Retrieval(x, y, 1)
	fmt.Printf("retrieval: P@1 %.2f, mAP %.2f\n", s.P1, s.MAP)
	// Output:
	// converged: true
	// predictions: [0 1 2]
	// ridge: w = [0.99 0.99], b = 0.02
	// retrieval: P@1 0.83, mAP 0.87
}
