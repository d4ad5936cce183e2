package objective

import (
	"math"

	"sslab/ml/tensor"
)

// NegCosine is the SimSiam / BYOL objective: the mean over rows of the
// negative cosine similarity between a prediction p and a target z.
//
// z is treated as a constant (stop-gradient): in SimSiam it is the other
// branch's projection, in BYOL the momentum encoder's, and letting gradient
// flow into it is what would let the two branches collapse together. So Loss
// produces only dp; LossBoth, the switch that removes the stop-gradient,
// produces dz too. The loss lies in [-1, 1]; -1 means every prediction points
// exactly along its target. Symmetrised SimSiam calls Loss twice, once per
// direction, and averages.
type NegCosine struct{}

// Loss returns -mean_b cos(p_b, z_b) for p, z (B, k) and writes its gradient
// with respect to p into dp (B, k).
func (o *NegCosine) Loss(p, z, dp *tensor.Mat) float64 { return o.LossBoth(p, z, dp, nil) }

// LossBoth is Loss that also writes the gradient with respect to z into dz
// (B, k) when dz is not nil: the loss without the stop-gradient, which lets
// both branches move toward each other and so lets them collapse together.
func (o *NegCosine) LossBoth(p, z, dp, dz *tensor.Mat) float64 {
	checkPair("NegCosine", p, z)
	B, k := p.Rows, p.Cols
	dp.Resize(B, k)
	if dz != nil {
		dz.Resize(B, k)
	}
	invB := 1 / float64(B)
	var total float64
	for b := 0; b < B; b++ {
		pr, zr, g := p.Row(b), z.Row(b), dp.Row(b)

		// forward: cos = p·z / (|p| |z|), norms smoothed as in NTXent.
		var pp, zz, pz float64
		for j := range pr {
			pp += pr[j] * pr[j]
			zz += zr[j] * zr[j]
			pz += pr[j] * zr[j]
		}
		rp := math.Sqrt(pp + normEps)
		rz := math.Sqrt(zz + normEps)
		cos := pz / (rp * rz)
		total -= cos

		// backward: dcos/dp = z/(|p||z|) - cos·p/|p|², scaled by -1/B.
		a := -invB / (rp * rz)
		c := invB * cos / (rp * rp)
		for j := range g {
			g[j] = a*zr[j] + c*pr[j]
		}
		if dz != nil {
			// The same by symmetry: dcos/dz = p/(|p||z|) - cos·z/|z|².
			cz := invB * cos / (rz * rz)
			gz := dz.Row(b)
			for j := range gz {
				gz[j] = a*pr[j] + cz*zr[j]
			}
		}
	}
	return total * invB
}
