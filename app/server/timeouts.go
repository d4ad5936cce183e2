package server

import (
	"net/http"
	"time"
)

// Timeouts bound how long a client may hold a connection without doing
// its part, so that clients that send or read slowly, or never, do not
// pile up connections until the server runs out.
type Timeouts struct {
	ReadHeader time.Duration // to send the request's headers
	Read       time.Duration // to send the whole request
	Stall      time.Duration // a response's write may wait this long for the client to read
	Write      time.Duration // the longest a response may take in all
	Idle       time.Duration // a kept-alive connection between requests
}

// DefaultTimeouts are those of `sslab serve`. A response is not bounded
// by a short total time: app.wasm is several megabytes, which a slow
// link takes a while to carry. It is bounded by the time it may stall,
// the client reading nothing, and by a generous total.
var DefaultTimeouts = Timeouts{
	ReadHeader: 10 * time.Second,
	Read:       30 * time.Second,
	Stall:      30 * time.Second,
	Write:      10 * time.Minute,
	Idle:       2 * time.Minute,
}

// NewHTTPServer returns a server of h with the timeouts t.
func NewHTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{
		Handler:           stallDeadlines(h, t.Stall, t.Write),
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
	}
}

// stallDeadlines gives every write of a response stall to complete, and
// the response total in all: a client that stops reading has its
// connection closed once stall has passed with the write blocked, while
// one that reads slowly but steadily gets the whole file.
func stallDeadlines(h http.Handler, stall, total time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &stallWriter{ResponseWriter: w, rc: http.NewResponseController(w), stall: stall, end: time.Now().Add(total)}
		h.ServeHTTP(sw, r)
	})
}

type stallWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
	end   time.Time
}

// Write hides the ResponseWriter's ReadFrom, so a file is sent in
// io.Copy's chunks, each with its own deadline, rather than in one
// sendfile call under one deadline.
func (s *stallWriter) Write(b []byte) (int, error) {
	deadline := time.Now().Add(s.stall)
	if deadline.After(s.end) {
		deadline = s.end
	}
	// A writer that cannot take deadlines keeps the server's WriteTimeout.
	_ = s.rc.SetWriteDeadline(deadline)
	return s.ResponseWriter.Write(b)
}

func (s *stallWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
