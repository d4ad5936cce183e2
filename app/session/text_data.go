package session

import (
	"bytes"
	"errors"
	"fmt"

	"sslab/ml/data"
)

// TextDataURL is where the training worker fetches the text data from,
// relative to its script (web/worker.js): web/data, which the page does
// not download unless the text dataset is chosen.
const TextDataURL = "data/"

// textDataset returns the Brown corpus, fetched and read the first time a
// run asks for it and kept for the next runs. A file that cannot be
// fetched, or is truncated or corrupt, gives an error naming it; nothing
// is kept, so a later run tries again, and the rest of the lab is
// untouched.
func (s *Session) textDataset() (*data.Dataset, error) {
	if s.text != nil {
		return s.text, nil
	}
	if s.Fetch == nil {
		return nil, errors.New("data brown: this host cannot fetch the corpus's files")
	}
	var files [3]*bytes.Reader
	for i, name := range data.BrownFiles {
		b, err := s.Fetch(TextDataURL + name)
		if err != nil {
			return nil, fmt.Errorf("data brown: the corpus's file %s could not be loaded: %v", name, err)
		}
		files[i] = bytes.NewReader(b)
		s.yield()
	}
	ds, err := data.ReadBrown(files[0], files[1], files[2])
	if err != nil {
		return nil, err
	}
	s.text = ds
	return ds, nil
}
