package page

import "sslab/app/session"

// Trainer is the page's connection to whatever trains: a Web Worker in the
// browser (WorkerTrainer), a goroutine in tests (LocalTrainer).
type Trainer interface {
	// Open connects, loading the worker script from workerURL if there is
	// one. receive gets every message from the trainer; it may be called
	// from a JavaScript callback or another goroutine and must not block.
	Open(workerURL string, receive func(session.Message))
	// Post sends a message to the trainer.
	Post(session.Message)
	// Restart ends whatever trains and starts afresh (the user's file, if
	// one was posted, is handed over again); a ready message follows, as
	// after Open. It is the way out of an error with the code
	// session.CodeWorkerUnavailable or session.CodeWorkerStopped.
	Restart()
	// Close stops the trainer.
	Close()
}
