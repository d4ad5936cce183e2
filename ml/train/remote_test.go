package train

import (
	"math"
	"slices"
	"testing"
)

// replicaExecutor runs every phase on replicas that share nothing with
// the coordinator but the slices the remote protocol moves, as Web Workers
// do. Replica r runs a contiguous block of shards.
type replicaExecutor struct {
	t        *testing.T
	replicas []*Pretrainer
}

func (e *replicaExecutor) Run(n int, task func(int)) { Serial{}.Run(n, task) }

func (e *replicaExecutor) RunPhase(p *Pretrainer, k int) error {
	for r, rep := range e.replicas {
		if k == 0 {
			if err := rep.SetState(p.State(nil)); err != nil {
				return err
			}
		}
		if err := rep.SetDown(k, p.AppendDown(nil, k)); err != nil {
			return err
		}
		lo, hi := Block(p.Shards(), len(e.replicas), r)
		for i := lo; i < hi; i++ {
			rep.ShardPhase(k, i)
			if err := p.SetUp(k, i, slices.Clone(rep.AppendUp(nil, k, i))); err != nil {
				return err
			}
		}
		if k == p.Phases()-1 && lo < hi {
			if err := p.SetGrads(lo, hi, rep.AppendGrads(nil, lo, hi)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Replicas that see only the protocol's messages must give the serial
// run's bits, for every objective and any number of replicas.
func TestReplicasGiveIdenticalBits(t *testing.T) {
	for _, obj := range objectives {
		t.Run(obj, func(t *testing.T) {
			cfg := smallConfig(t, obj)
			cfg.Batch = 80
			ref := newTestPretrainer(t, cfg, Serial{})
			for i := 0; i < 4; i++ {
				if _, err := ref.Step(); err != nil {
					t.Fatal(err)
				}
			}
			for _, n := range []int{1, 2, 3} {
				e := &replicaExecutor{t: t}
				for r := 0; r < n; r++ {
					e.replicas = append(e.replicas, newTestPretrainer(t, cfg, Serial{}))
				}
				p := newTestPretrainer(t, cfg, e)
				for i := 0; i < 4; i++ {
					if _, err := p.Step(); err != nil {
						t.Fatal(err)
					}
				}
				for i := range ref.params {
					if math.Float64bits(ref.params[i]) != math.Float64bits(p.params[i]) {
						t.Fatalf("%d replicas: parameter %d is %v, serial gave %v", n, i, p.params[i], ref.params[i])
					}
				}
				// The page draws the first shard's views, which the
				// coordinator never made itself.
				in, rows, views := p.Inputs()
				if in.Rows != rows*views || rows == 0 {
					t.Fatalf("%d replicas: Inputs gives %d rows, want %d×%d", n, in.Rows, rows, views)
				}
			}
		})
	}
}
