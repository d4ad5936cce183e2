package session

// Error and notice codes (Message.Code on MsgError and MsgNotice). The page
// shows Message, which may name the user's file; what leaves the frame for
// an embedding page carries only the code and its fixed text below, which
// never quotes user data (file names, cells, class names).
//
// (PHASE2 contract: the WORKERS branch owns this table in protocol.go; this
// file holds the rows the page needs until that lands, and goes when the
// two are merged.)
const (
	CodeWorkerUnavailable = "worker-unavailable" // the training worker did not load or answer ready in time
	CodeWorkerStopped     = "worker-stopped"     // it stopped answering mid-run
	CodeHelperDropped     = "helper-dropped"     // notice: a helper worker was dropped
	CodeOneWorker         = "one-worker"         // notice: no shared memory, so one worker trains
	CodeDiverged          = "diverged"           // the loss or the embeddings blew up
	CodeCollapsed         = "collapsed"          // notice: the representation collapsed
	CodeBadConfig         = "bad-config"         // the config was refused
	CodeBadFile           = "bad-file"           // the user's file (CSV or checkpoint) was refused
	CodeCostConfirm       = "cost-confirm"       // an autorun over the cost bound waits for a click
)

// codeTexts are the codes' fixed texts.
var codeTexts = map[string]string{
	CodeWorkerUnavailable: "The training worker did not start.",
	CodeWorkerStopped:     "The training worker stopped answering.",
	CodeHelperDropped:     "A helper worker stopped; the run goes on with fewer workers.",
	CodeOneWorker:         "This page trains in one worker: sharing a batch needs a cross-origin isolated page.",
	CodeDiverged:          "Training diverged: the loss or the embeddings blew up.",
	CodeCollapsed:         "The representation collapsed.",
	CodeBadConfig:         "The settings were refused.",
	CodeBadFile:           "A file was refused.",
	CodeCostConfirm:       "This run is large: it waits for a click on Start.",
}

// CodeText returns the fixed text of code, or "" for a code the table
// does not have (WORKERS' signature).
func CodeText(code string) string { return codeTexts[code] }

// Cost is the estimated cost of a run (MsgError with CodeCostConfirm).
type Cost struct {
	Steps   int     `json:"steps"`
	GFLOP   float64 `json:"gflop"`
	MBytes  float64 `json:"mbytes"`
	Seconds float64 `json:"seconds"`
}
