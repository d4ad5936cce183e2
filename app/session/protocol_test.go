package session

import (
	"math"
	"reflect"
	"testing"
	"time"

	"sslab/ml/config"
)

// TestWireRoundTrip sends a message of every type of the table through
// the wire form: everything comes back, floats bit for bit.
func TestWireRoundTrip(t *testing.T) {
	nan := math.Float64frombits(0x7ff8_0000_dead_beef)
	for typ := range messages {
		m := Message{Type: typ, Run: 3, Query: "preset=digits-simclr", Steps: 5,
			Ack:    &Ack{Of: MsgPause, Applied: true, Phase: PhasePretrain, Step: 12},
			Shard:  &ShardInit{Data: DataShape{Name: "digits", Rows: 2, Cols: 3}, Layout: MemLayout{State: 1, Down: 2, Out: 3, Helpers: 4}, Slot: 1},
			Charts: map[string]string{ChartLoss: "<svg/>"}, Files: map[string]string{FileData: "a,b\n1,2\n"},
			Floats: map[string][]float64{"x": {1.5, nan, math.Inf(-1), -0.0}},
		}
		w, err := ToWire(m)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		back, err := FromWire(w)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if back.Type != typ || back.Run != 3 || back.Steps != 5 || !reflect.DeepEqual(back.Ack, m.Ack) ||
			!reflect.DeepEqual(back.Shard, m.Shard) || !reflect.DeepEqual(back.Charts, m.Charts) || !reflect.DeepEqual(back.Files, m.Files) {
			t.Errorf("%s came back as %+v", typ, back)
		}
		for i, v := range m.Floats["x"] {
			if math.Float64bits(back.Floats["x"][i]) != math.Float64bits(v) {
				t.Errorf("%s: float %d came back as %v, sent %v", typ, i, back.Floats["x"][i], v)
			}
		}
	}
}

func TestProtocols(t *testing.T) {
	for typ, want := range map[Type]Protocol{
		MsgStart: ProtoSession, MsgCancel: ProtoSession, MsgNotice: ProtoSession, MsgAck: ProtoSession,
		MsgShardInit: ProtoShards, MsgShardReady: ProtoShards, MsgBench: ProtoBench,
		"explode": ProtoSession, // the session answers it with an error
	} {
		if got := typ.Protocol(); got != want {
			t.Errorf("%q: protocol %d, want %d", typ, got, want)
		}
	}
	if Type("explode").Known() || !MsgAck.Known() {
		t.Error("Known does not follow the table")
	}
}

// TestEveryMessageAnswered sends the session every request the page makes,
// none of which it can carry out here, and checks that each gets exactly
// one answer, in order: the page and the tests wait for answers, never
// for time.
func TestEveryMessageAnswered(t *testing.T) {
	points, _ := config.Preset("moons-simclr")
	h := newHarness(t)
	for _, c := range []struct {
		m    Message
		want Type
	}{
		{Message{Type: MsgStart, Run: 1, Query: "lr=%zz"}, MsgError},
		{Message{Type: MsgPause, Run: 1}, MsgAck},
		{Message{Type: MsgResume, Run: 1}, MsgAck},
		{Message{Type: MsgCancel, Run: 1}, MsgAck},
		{Message{Type: MsgAdapt, Run: 1, Query: points.Query()}, MsgError},
		{Message{Type: MsgConfusion, Run: 1, Approach: &Approach{Encoder: "pretrained", Adaptation: "knn"}}, MsgError},
		{Message{Type: MsgCheckpoint, Run: 1}, MsgError},
		{Message{Type: MsgEmbeddings, Run: 1}, MsgError},
		{Message{Type: MsgPreview, Query: points.Query()}, MsgPreview},
		{Message{Type: MsgData}, MsgError},
		{Message{Type: "explode"}, MsgError},
	} {
		h.post(c.m)
		select {
		case got := <-h.out:
			if got.Type != c.want || got.Run != c.m.Run {
				t.Errorf("%s answered by %s for run %d, want %s for run %d", c.m.Type, got.Type, got.Run, c.want, c.m.Run)
			}
			if got.Ack != nil && (got.Ack.Of != c.m.Type || got.Ack.Applied) {
				t.Errorf("%s acknowledged as %+v: nothing runs", c.m.Type, got.Ack)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no answer to %s", c.m.Type)
		}
	}
}
