package session

import "sync"

// Mailbox is an unbounded queue of Messages whose Put never blocks. Put is
// called from JavaScript callbacks (onmessage), which must return at once:
// a callback that blocks hangs the page. The receiver waits on Ready and
// takes everything queued with Take.
type Mailbox struct {
	mu     sync.Mutex
	queue  []Message
	ready  chan struct{}
	closed bool
}

// NewMailbox returns an empty mailbox.
func NewMailbox() *Mailbox {
	return &Mailbox{ready: make(chan struct{}, 1)}
}

// Put queues m and wakes the receiver. It does nothing once closed.
func (b *Mailbox) Put(m Message) {
	b.mu.Lock()
	if !b.closed {
		b.queue = append(b.queue, m)
	}
	b.mu.Unlock()
	b.notify()
}

func (b *Mailbox) notify() {
	select {
	case b.ready <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Ready receives a value after Put or Close; the receiver then calls Take.
// One wake-up may cover several messages, and a wake-up may find none.
func (b *Mailbox) Ready() <-chan struct{} { return b.ready }

// Take removes and returns every queued message, oldest first.
func (b *Mailbox) Take() []Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	q := b.queue
	b.queue = nil
	return q
}

// Close stops the mailbox: later Puts are dropped and Closed reports true.
func (b *Mailbox) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.notify()
}

// Closed reports whether Close was called.
func (b *Mailbox) Closed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

// Wait blocks until a message is queued or the mailbox is closed, and
// returns the queued messages (nil once closed and drained).
func (b *Mailbox) Wait() []Message {
	for {
		if q := b.Take(); len(q) > 0 {
			return q
		}
		if b.Closed() {
			return nil
		}
		<-b.ready
	}
}
