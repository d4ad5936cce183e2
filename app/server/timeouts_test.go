package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveWith serves h with the timeouts t on a free loopback port and
// returns its address.
func serveWith(t *testing.T, h http.Handler, to Timeouts) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer(h, to)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// short are timeouts a test can wait out; each test sets the one it
// checks short and leaves the others far longer than the test may take.
func short(set func(*Timeouts)) Timeouts {
	to := Timeouts{ReadHeader: time.Hour, Read: time.Hour, Stall: time.Hour, Write: time.Hour, Idle: time.Hour}
	set(&to)
	return to
}

// closedWithin reads conn until the server closes it and fails if that
// takes longer than limit (when the timeout under test did not act).
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	conn.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server still held the connection after %v", limit)
	}
	return time.Since(start)
}

// TestSlowReaderIsDropped: a client that asks for a large response and
// never reads it has its connection closed once a write has stalled for
// Stall, though the whole response may take up to an hour.
func TestSlowReaderIsDropped(t *testing.T) {
	written := make(chan error, 1)
	endless := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 1<<20)
		for {
			if _, err := w.Write(chunk); err != nil {
				written <- err
				return
			}
		}
	})
	addr := serveWith(t, endless, short(func(to *Timeouts) { to.Stall = 200 * time.Millisecond }))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /big HTTP/1.1\r\nHost: lab\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// Never read: the socket buffers fill and the server's write blocks.
	select {
	case err := <-written:
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("the response ended with %v, want a write timeout", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a client that reads nothing held the response for 30 s")
	}
}

// TestSteadyReaderIsServed: a response that takes longer than Stall in
// all, with no write stalling that long, is sent whole: Stall bounds a
// stall, not a download.
func TestSteadyReaderIsServed(t *testing.T) {
	const stall = 300 * time.Millisecond
	paced := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		for i := range 6 {
			if i > 0 {
				time.Sleep(stall / 2) // pace: six writes take 2.5 × stall
			}
			io.WriteString(w, strings.Repeat("x", 1024))
			rc.Flush()
		}
	})
	addr := serveWith(t, paced, short(func(to *Timeouts) { to.Stall = stall }))
	start := time.Now()
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || len(body) != 6*1024 {
		t.Errorf("got %d bytes (%v), want %d", len(body), err, 6*1024)
	}
	if took := time.Since(start); took < 2*stall {
		t.Errorf("the response took %v, less than the %v the test needs", took, 2*stall)
	}
}

// TestSlowHeadersAreDropped: a client that never finishes its request's
// headers is dropped after ReadHeader.
func TestSlowHeadersAreDropped(t *testing.T) {
	addr := serveWith(t, New(fakeWeb(t), "/"), short(func(to *Timeouts) { to.ReadHeader = 200 * time.Millisecond }))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: lab\r\n") // and never the blank line
	if took := closedWithin(t, conn, 30*time.Second); took < 150*time.Millisecond {
		t.Errorf("dropped after %v, before the header timeout", took)
	}
}

// TestIdleConnectionIsClosed: a kept-alive connection with no new request
// is closed after Idle.
func TestIdleConnectionIsClosed(t *testing.T) {
	addr := serveWith(t, New(fakeWeb(t), "/"), short(func(to *Timeouts) { to.Idle = 200 * time.Millisecond }))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /web/style.css HTTP/1.1\r\nHost: lab\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("first response: %s, close %v; want a kept-alive 200", resp.Status, resp.Close)
	}
	start := time.Now()
	conn.SetReadDeadline(start.Add(30 * time.Second))
	if _, err := io.Copy(io.Discard, br); err != nil {
		t.Fatalf("the idle connection was not closed: %v", err)
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("closed after %v, before the idle timeout", took)
	}
}

// TestDefaultTimeouts checks that `sslab serve`'s server has every
// timeout set, a write timeout above what a stall may take.
func TestDefaultTimeouts(t *testing.T) {
	srv := NewHTTPServer(http.NotFoundHandler(), DefaultTimeouts)
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout, "Stall": DefaultTimeouts.Stall} {
		if d <= 0 || d > 15*time.Minute {
			t.Errorf("%s is %v", name, d)
		}
	}
	if DefaultTimeouts.Stall >= DefaultTimeouts.Write {
		t.Errorf("stall %v is not below the write timeout %v", DefaultTimeouts.Stall, DefaultTimeouts.Write)
	}
}

// TestExposureWarning checks the warning on every kind of address, and
// on the one `-addr :PORT` really listens on.
func TestExposureWarning(t *testing.T) {
	for _, c := range []struct {
		addr string
		want string // "" for no warning
	}{
		{"127.0.0.1:8080", ""},
		{"127.0.0.2:8080", ""},
		{"[::1]:8080", ""},
		{"[::ffff:127.0.0.1]:8080", ""},
		{"0.0.0.0:8080", "every network interface"},
		{"[::]:8080", "every network interface"},
		{"192.168.1.5:8080", "192.168.1.5:8080, a network address"},
		{"[2001:db8::1]:8080", "[2001:db8::1]:8080, a network address"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		got := ExposureWarning(addr)
		if c.want == "" {
			if got != "" {
				t.Errorf("%s: warning %q on a loopback address", c.addr, got)
			}
			continue
		}
		if !strings.Contains(got, c.want) || !strings.Contains(got, "-addr 127.0.0.1:8080") {
			t.Errorf("%s: warning %q, want it to say %q and how to stay local", c.addr, got, c.want)
		}
	}
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if w := ExposureWarning(ln.Addr()); !strings.Contains(w, "every network interface") {
		t.Errorf("listening on %q (what -addr :PORT does): warning %q", ln.Addr(), w)
	}
}
