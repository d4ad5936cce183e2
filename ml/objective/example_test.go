package objective_test

import (
	"fmt"

	"sslab/ml/objective"
	"sslab/ml/tensor"
)

// One SimCLR step's loss: two views of a batch of three examples. The
// gradients land in dz1, dz2, ready for the projection head's backward pass;
// the same struct and gradient matrices are reused every step.
func ExampleNTXent() {
	z1 := tensor.FromRows([][]float64{{1, 0.1}, {0, 1}, {-1, 0.2}})
	z2 := tensor.FromRows([][]float64{{0.9, 0}, {0.1, 1}, {-1, -0.1}})
	loss := &objective.NTXent{Temperature: 0.5}
	var dz1, dz2 tensor.Mat
	fmt.Printf("loss %.4f\n", loss.Loss(z1, z2, &dz1, &dz2))
	fmt.Printf("grad shapes (%d,%d) (%d,%d)\n", dz1.Rows, dz1.Cols, dz2.Rows, dz2.Cols)
	s := loss.Similarity()
	fmt.Printf("similarity (%d,%d), view 1 row 0 vs view 2 row 0: %.4f\n", s.Rows, s.Cols, s.At(0, 3))
	// Output:
	// loss 0.3669
	// grad shapes (3,2) (3,2)
	// similarity (6,6), view 1 row 0 vs view 2 row 0: 0.9950
}

// SimSiam's symmetrised loss: each branch's prediction chases the other's
// projection, which is held constant.
func ExampleNegCosine() {
	p1 := tensor.FromRows([][]float64{{1, 0}, {0, 2}})
	p2 := tensor.FromRows([][]float64{{1, 1}, {0, 1}})
	z1 := tensor.FromRows([][]float64{{1, 1}, {0, 3}})
	z2 := tensor.FromRows([][]float64{{2, 0}, {0, 1}})
	var nc objective.NegCosine
	var dp1, dp2 tensor.Mat
	loss := 0.5*nc.Loss(p1, z2, &dp1) + 0.5*nc.Loss(p2, z1, &dp2)
	fmt.Printf("%.4f\n", loss)
	// Output:
	// -1.0000
}

// A masked autoencoder scores only the hidden entries.
func ExampleMaskedMSE() {
	target := tensor.FromRows([][]float64{{1, 2, 3, 4}})
	recon := tensor.FromRows([][]float64{{9, 2.5, 9, 3}}) // visible entries are junk
	mask := tensor.FromRows([][]float64{{0, 1, 0, 1}})    // 1 = hidden
	var mse objective.MaskedMSE
	var drecon tensor.Mat
	fmt.Println(mse.Loss(recon, target, mask, &drecon), drecon.Data)
	// Output:
	// 0.625 [0 0.5 0 -1]
}
