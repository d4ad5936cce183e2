package session

import "encoding/json"

// Wire is a Message as postMessage carries it: the JSON of the message and,
// beside it, its charts and files as plain strings (see the protocol).
type Wire struct {
	JSON   string
	Charts map[string]string
	Files  map[string]string
}

// ToWire splits m for postMessage.
func ToWire(m Message) (Wire, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return Wire{}, err
	}
	return Wire{JSON: string(b), Charts: m.Charts, Files: m.Files}, nil
}

// FromWire reassembles a message.
func FromWire(w Wire) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(w.JSON), &m); err != nil {
		return Message{}, err
	}
	m.Charts, m.Files = w.Charts, w.Files
	return m, nil
}
