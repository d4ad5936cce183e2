package view

// Status is where the lab is in a run; the page's controls and texts
// follow it.
type Status int

const (
	StatusIdle        Status = iota // nothing started, or reset
	StatusLoading                   // the worker is loading data or a checkpoint
	StatusPretraining               // pretraining steps are running
	StatusPaused                    // stopped between two steps or jobs
	StatusAdapting                  // adapting the encoder to the labelled task
	StatusDone                      // the result is in
	StatusFailed                    // the run stopped with an error
)

var statusNames = [...]string{"idle", "loading", "pretraining", "paused", "adapting", "done", "failed"}

func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Running reports whether a run is under way (possibly paused).
func (s Status) Running() bool {
	return s == StatusLoading || s == StatusPretraining || s == StatusPaused || s == StatusAdapting
}
