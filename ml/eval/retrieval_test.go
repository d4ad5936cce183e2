package eval

import (
	"testing"

	"sslab/ml/tensor"
)

// Four directions in the plane with classes 0 0 1 0: every ranking, and
// so every score, is worked out by hand.
func TestRetrievalByHand(t *testing.T) {
	// Directions at angles 0, 0.1, 1.2 and 1.5 radians: each query ranks
	// the others by angular distance.
	z := tensor.FromRows([][]float64{
		{1, 0},           // 0: angle 0
		{0.995, 0.0998},  // 1: angle ≈ 0.1
		{0.3624, 0.9320}, // 2: angle ≈ 1.2
		{0.0707, 0.9975}, // 3: angle ≈ 1.5
	})
	labels := []int{0, 0, 1, 0}
	// Rankings: q0: 1, 2, 3; q1: 0, 2, 3; q2: 3, 1, 0; q3: 2, 1, 0.
	// Relevant (same class) marked *:
	//   q0 (class 0): 1*, 2, 3*   → AP = (1/1 + 2/3) / 2 = 5/6,  P@1 1, P@2 1/2
	//   q1 (class 0): 0*, 2, 3*   → AP = 5/6,                    P@1 1, P@2 1/2
	//   q2 (class 1): no other of its class → left out of mAP,   P@1 0, P@2 0
	//   q3 (class 0): 2, 1*, 0*   → AP = (1/2 + 2/3) / 2 = 7/12, P@1 0, P@2 1/2
	r := Retrieval(z, labels, 2)
	checkNear(t, "P@1", r.P1, 2.0/4, 1e-15)
	checkNear(t, "P@2", r.PK, (0.5+0.5+0+0.5)/4, 1e-15)
	checkNear(t, "mAP", r.MAP, (5.0/6+5.0/6+7.0/12)/3, 1e-15)
	want := []int{1, 0, 3, 2}
	for i, j := range r.Nearest {
		if j != want[i] {
			t.Errorf("nearest of %d = %d, want %d", i, j, want[i])
		}
	}
	if r.K != 2 {
		t.Errorf("K = %d, want 2", r.K)
	}
}

// Equal similarities go to the lower index; K is clamped to the others.
func TestRetrievalTiesAndClamp(t *testing.T) {
	z := tensor.FromRows([][]float64{{1, 0}, {1, 0}, {1, 0}})
	r := Retrieval(z, []int{0, 1, 1}, 10)
	if r.K != 2 {
		t.Errorf("K = %d, want 2 (the others)", r.K)
	}
	if want := []int{1, 0, 0}; r.Nearest[0] != want[0] || r.Nearest[1] != want[1] || r.Nearest[2] != want[2] {
		t.Errorf("nearest = %v, want %v", r.Nearest, want)
	}
	one := Retrieval(tensor.FromRows([][]float64{{1, 2}}), []int{0}, 10)
	if one.Nearest[0] != -1 || one.MAP != 0 {
		t.Errorf("one example: %+v", one)
	}
}
