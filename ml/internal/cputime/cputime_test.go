package cputime

import (
	"runtime"
	"testing"
)

func TestSecondsAdvances(t *testing.T) {
	t0 := Seconds()
	if t0 < 0 {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatalf("Seconds() = %v on %s", t0, runtime.GOOS)
		}
		t.Skip("the platform does not report CPU time")
	}
	x := 1.0
	for n := 0; Seconds() < t0+0.02; n++ {
		if n > 1e4 {
			t.Fatalf("a billion multiply-adds took no CPU time: Seconds() stays at %v", Seconds())
		}
		for i := 0; i < 1e5; i++ {
			x = x*1.0000001 + 1e-9
		}
	}
	if x == 0 {
		t.Fatal("unreachable")
	}
}
