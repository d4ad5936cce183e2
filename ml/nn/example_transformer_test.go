package nn_test

import (
	"fmt"

	"sslab/ml/nn"
	"sslab/ml/num"
)

// The text track's default encoder over Brown's 5,003-id vocabulary: its
// size and cost, and the features of two sentences packed into one shard.
func ExampleTransformer() {
	m, err := nn.NewTransformer(nn.DefaultTransformerConfig(5003))
	if err != nil {
		panic(err)
	}
	params := make([]float64, m.NumParams())
	m.Bind(params)
	m.Init(num.NewRNG(1, 1))

	var tok nn.Tokens
	tok.Append([]int{3, 17, 250, 4})
	tok.Append([]int{3, 99})
	feat := m.Forward(m.NewCache(), &tok)

	fmt.Println("parameters:", m.NumParams())
	fmt.Println("forward FLOPs per token at length 32:", m.FLOPsPerToken(32))
	fmt.Printf("features: %d tokens × %d\n", feat.Rows, feat.Cols)
	// Output:
	// parameters: 422336
	// forward FLOPs per token at length 32: 212992
	// features: 6 tokens × 64
}
