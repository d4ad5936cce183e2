package session

import "encoding/json"

// Wire is a Message as postMessage carries it (see the protocol): the JSON
// of the message and, beside it, what JSON would not carry well, as they
// are. wire_wasm.go turns it into a JavaScript object and back.
type Wire struct {
	JSON   string
	Charts map[string]string
	Files  map[string]string
	Floats map[string][]float64
	Memory any
}

// ToWire splits m for postMessage.
func ToWire(m Message) (Wire, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return Wire{}, err
	}
	return Wire{JSON: string(b), Charts: m.Charts, Files: m.Files, Floats: m.Floats, Memory: m.Memory}, nil
}

// FromWire reassembles a message.
func FromWire(w Wire) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(w.JSON), &m); err != nil {
		return Message{}, err
	}
	m.Charts, m.Files, m.Floats, m.Memory = w.Charts, w.Files, w.Floats, w.Memory
	return m, nil
}
