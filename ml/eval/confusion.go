package eval

// ConfusionMatrix returns the classes×classes count matrix m where m[t][p]
// counts examples of true class t predicted as p. Pairs with either value
// outside [0, classes) are not counted, so a "no prediction" marker such as
// -1 simply drops out (and still lowers Accuracy).
func ConfusionMatrix(pred, labels []int, classes int) [][]int {
	checkLen("ConfusionMatrix", len(pred), len(labels))
	if classes <= 0 {
		return nil
	}
	m := make([][]int, classes)
	flat := make([]int, classes*classes) // one allocation, rows share it
	for i := range m {
		m[i] = flat[i*classes : (i+1)*classes]
	}
	for i, p := range pred {
		t := labels[i]
		if t < 0 || t >= classes || p < 0 || p >= classes {
			continue
		}
		m[t][p]++
	}
	return m
}
