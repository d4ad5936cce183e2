package server

import (
	"io/fs"
	"net/http"
)

// noListing is a file system whose directories cannot be opened: a file
// server on it answers 404 for a directory (such as /web/ or
// /web/checkpoints/) instead of listing what it holds, and serves no
// directory's index.html in its place.
type noListing struct {
	http.FileSystem
}

func (n noListing) Open(name string) (http.File, error) {
	f, err := n.FileSystem.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return f, nil
}
