// Package session is the training side of sslab and the protocol its
// programs speak: the page (a go-app client, which never trains) posts
// Messages to a Web Worker running worker.wasm, which hands them to a
// Session; the training worker and its helpers, and web/bench.html, speak
// the same Messages. Both are plain Go, so tests run the same Session
// in-process; wire_wasm.go converts Messages to and from JavaScript
// values, for page and worker alike.
package session

import (
	"math"

	"sslab/ml/config"
	"sslab/ml/train"
)

// The protocol. Messages travel through postMessage as JavaScript objects
//
//	{json: "<the Message as JSON>", charts: {id: "<svg …>"}, files: {name: "text"},
//	 floats: {name: ArrayBuffer of float64s}, memory: SharedArrayBuffer}
//
// and are told apart by one field, the JSON's type. Charts, files and
// floats go beside the JSON: on the page's thread, decoding them as JSON
// would cost more than drawing them did, and floats keep their bits. The
// worker draws every chart (app/svg), so the page only swaps markup.
//
// Page → training worker (ProtoSession):
//
//	start      {run, query[, checkpoint_url, autorun]; files.checkpoint}  pretrain (or adapt a saved
//	                                      encoder); autorun: a link started it, which runs only
//	                                      under a cost bound (else error cost-confirm {cost})
//	pause      {run}                                             stop between two steps
//	resume     {run}
//	cancel     {run}                                             abandon the run
//	adapt      {run, query}      adapt the finished run's encoder again (another label budget)
//	confusion  {run, approach}   confusion matrix of one approach of the finished run
//	checkpoint {run}             the finished run's encoder as a checkpoint file
//	embeddings {run}             the finished run's test embeddings as CSV
//	preview    {query}           augmented views of a few examples under a config
//	data       {data; files["data.csv"]}  the user's own CSV file, parsed here and
//	                                      kept for later runs with data=csv; a file
//	                                      that is refused leaves the previous one
//
// Training worker → page (replies carry the run they belong to). Every
// message gets an answer: a request its reply (or an error), a pause,
// resume or cancel an ack once the session has applied it.
//
//	ready                                   the worker has loaded and listens
//	ack        {ack}                        a pause, resume or cancel was applied (or
//	                                        not: its run is not running)
//	progress   {progress; charts.loss[, terms | cosine]}  at most ~5 per second
//	snapshot   {snapshot; charts}           at most ~4 per second: knn, collapse,
//	                                        embedding, views, PictureOf the objective
//	result     {result; charts.efficiency, verdict[, regions-ENCODER]}
//	confusion  {confusion; charts.confusion}
//	checkpoint {files.checkpoint}
//	embeddings {files["embeddings.csv"]}
//	preview    {query; charts.preview}
//	data-ok    {dataset}                    the file was read: rows, columns, classes, tasks
//	busy       {progress.quiet_seconds}     a run starts: the worker computes for up to about
//	                                        this long before its next message (the page's
//	                                        watchdog; progress carries the same estimate)
//	notice     {code, message}              news that does not stop the run (a helper
//	                                        worker dropped, shared memory unavailable)
//	error      {code, message[, param, cost]}  the run or the request failed; param names
//	                                        the setting at fault, "csv" the refused file
//
// Errors and notices carry a code, a row of the codes table below, whose
// fixed text never quotes the user's data; the message may (it names the
// file), and is for the page itself only.
//
// Training worker ↔ its helper workers (ProtoShards; app/worker/shard):
//
//	shard-init  {query, shard; floats x, labels, targets, train, test; memory}
//	            a replica of the run, and the helper's slot in the shared memory
//	shard-ready {shard.gen} the helper holds the replica and takes its commands
//	            from the shared memory until released
//	ready, error (as above) the helper has started, or failed
//
// web/bench.html → training worker (ProtoBench; app/worker):
//
//	bench      {query, steps}   time pretraining steps; the page writes it
//	                            {bench: {query, steps}} and is answered
//	                            {benchResult: {...}}, outside this wire form
//
// Adding a message is a row of messages below, a case where it is
// handled (Session.handle, Lab.receive, shard.Server, shard.Pool) and, if
// it carries something new, a field of Message.
type Type string

// The message types.
const (
	MsgStart      Type = "start"
	MsgPause      Type = "pause"
	MsgResume     Type = "resume"
	MsgCancel     Type = "cancel"
	MsgAdapt      Type = "adapt"
	MsgConfusion  Type = "confusion"
	MsgCheckpoint Type = "checkpoint"
	MsgPreview    Type = "preview"
	MsgEmbeddings Type = "embeddings"
	MsgData       Type = "data"

	MsgReady    Type = "ready"
	MsgAck      Type = "ack"
	MsgProgress Type = "progress"
	MsgSnapshot Type = "snapshot"
	MsgResult   Type = "result"
	MsgDataOK   Type = "data-ok"
	MsgNotice   Type = "notice"
	MsgError    Type = "error"
	MsgBusy     Type = "busy"

	MsgShardInit  Type = "shard-init"
	MsgShardReady Type = "shard-ready"

	MsgBench Type = "bench"
)

// Protocol is the part of a worker that handles a message.
type Protocol int

const (
	ProtoSession Protocol = iota // the training session, and the page its replies
	ProtoShards                  // a helper's shard server, and the pool the helpers' replies
	ProtoBench                   // the step benchmark of web/bench.html
)

// messages is the table of message types and their protocols.
var messages = map[Type]Protocol{
	MsgStart: ProtoSession, MsgPause: ProtoSession, MsgResume: ProtoSession, MsgCancel: ProtoSession,
	MsgAdapt: ProtoSession, MsgConfusion: ProtoSession, MsgCheckpoint: ProtoSession, MsgPreview: ProtoSession,
	MsgEmbeddings: ProtoSession, MsgData: ProtoSession, MsgAsk: ProtoSession, MsgAnswer: ProtoSession, // text_protocol.go

	MsgReady: ProtoSession, MsgAck: ProtoSession, MsgProgress: ProtoSession, MsgSnapshot: ProtoSession,
	MsgResult: ProtoSession, MsgDataOK: ProtoSession, MsgNotice: ProtoSession, MsgError: ProtoSession,
	MsgBusy: ProtoSession,

	MsgShardInit: ProtoShards, MsgShardReady: ProtoShards,

	MsgBench: ProtoBench,
}

// Protocol returns the protocol of messages of type t. A type the table
// does not know goes to the session, which answers it with an error.
func (t Type) Protocol() Protocol { return messages[t] }

// Known reports whether t is a row of the message table.
func (t Type) Known() bool {
	_, ok := messages[t]
	return ok
}

// ParamCSV is the Param of an error about the user's CSV file.
const ParamCSV = "csv"

// Phases of a run, as reported by Progress.Phase.
const (
	PhasePretrain = "pretrain"
	PhaseAdapt    = "adapt"
)

// Chart ids, the keys of Message.Charts.
const (
	ChartLoss            = "loss"
	ChartKNN             = "knn"
	ChartCollapse        = "collapse"
	ChartEmbedding       = "embedding"
	ChartViews           = "views"
	ChartSimilarity      = "similarity"
	ChartReconstructions = "reconstructions"
	ChartPreview         = "preview"
	ChartEfficiency      = "efficiency"
	ChartConfusion       = "confusion"
	// The lesson's views: Barlow Twins' cross-correlation, VICReg's terms
	// and SimSiam's and BYOL's predictor-target cosine over training
	// (objectivePictures); the verdict's differences and the 2-D input
	// plane of each representation (ChartRegions + "-" + encoder) with a
	// result.
	ChartCrossCorr = "crosscorr"
	ChartTerms     = "terms"
	ChartCosine    = "cosine"
	ChartVerdict   = "verdict"
	ChartRegions   = "regions"
)

// objectivePictures are the charts of what an objective works on, which its
// snapshots carry beside the views of two-view objectives: SimCLR's
// similarities of the batch's projections, masked autoencoding's
// reconstructions. An objective without a row has none; the page shows
// the card of the chart an objective has.
var objectivePictures = map[config.Objective]string{
	config.SimCLR:  ChartSimilarity,
	config.SimSiam: ChartCosine,
	config.BYOL:    ChartCosine,
	config.Barlow:  ChartCrossCorr,
	config.VICReg:  ChartTerms,
	config.MAE:     ChartReconstructions,
}

// PictureOf returns the id of the chart picturing what objective o works
// on, or "" if it has none.
func PictureOf(o config.Objective) string { return objectivePictures[o] }

// File names, the keys of Message.Files.
const (
	FileCheckpoint = "checkpoint"     // a checkpoint file (train.WriteCheckpoint)
	FileEmbeddings = "embeddings.csv" // the test embeddings
	FileData       = "data.csv"       // the user's own data file, as text
)

// Codes of errors and notices (Message.Code), one row each in codes.
const (
	CodeWorkerUnavailable = "worker-unavailable"
	CodeWorkerStopped     = "worker-stopped"
	CodeHelperDropped     = "helper-dropped"
	CodeOneWorker         = "one-worker"
	CodeWorkersCapped     = "workers-capped"
	CodeDiverged          = "diverged"
	CodeCollapsed         = "collapsed"
	CodeBadConfig         = "bad-config"
	CodeBadFile           = "bad-file"
	CodeNoFile            = "no-file"
	CodeBadCheckpoint     = "bad-checkpoint"
	CodeCostConfirm       = "cost-confirm"
	CodeNoRun             = "no-run"
	CodeStaleRun          = "stale-run"
	CodeBadMessage        = "bad-message"
	CodeFailed            = "failed"
)

// codes is the table of codes: whether each comes as an error or a
// notice, and its fixed text, which is what leaves the frame for an
// embedding page. No text quotes the user's data (a file name, a cell, a
// class name): Message says the details, on the page only.
var codes = []struct{ Code, Kind, Text string }{
	{CodeWorkerUnavailable, "error", "The training worker did not start; reload the page or restart the worker."},
	{CodeWorkerStopped, "error", "The training worker stopped answering; restart it to train again."},
	{CodeHelperDropped, "notice", "A helper worker stopped or did not start; the run carries on with the workers left, with the same results."},
	{CodeOneWorker, "notice", "This page trains in one worker: sharing a batch needs a cross-origin isolated page."},
	{CodeWorkersCapped, "notice", "More workers were asked for than this device has cores; the run uses one per core."},
	{CodeDiverged, "error", "Training diverged; try a smaller learning rate."},
	{CodeCollapsed, "notice", "The representation collapsed: its dimensions carry almost no information."},
	{CodeBadConfig, "error", "The settings cannot be trained as they are."},
	{CodeBadFile, "error", "The data file was refused."},
	{CodeNoFile, "error", "The run needs a data file of your own, and none is loaded."},
	{CodeBadCheckpoint, "error", "The encoder file could not be used."},
	{CodeCostConfirm, "error", "This run is larger than a link may start on its own; press Start to run it."},
	{CodeNoRun, "error", "There is no finished run for this request; start a new run."},
	{CodeStaleRun, "error", "The pretraining settings changed since the run; start a new run."},
	{CodeBadMessage, "error", "The worker received a message it does not understand."},
	{CodeFailed, "error", "The run failed."},
}

// CodeText returns the fixed text of code, or "" for a code the table
// does not have.
func CodeText(code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.Text
		}
	}
	return ""
}

// CodeKind returns "error" or "notice" for a code of the table, "" for
// another.
func CodeKind(code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.Kind
		}
	}
	return ""
}

// Message is one message in either direction; Type says which fields are set.
type Message struct {
	Type Type `json:"type"`
	// Run numbers the page's runs, so replies to an abandoned run are
	// recognised and dropped.
	Run int `json:"run,omitempty"`

	Query         string     `json:"query,omitempty"`          // start, adapt, preview: the config as a URL query
	CheckpointURL string     `json:"checkpoint_url,omitempty"` // start: fetch the encoder from here (ckpt=NAME)
	Autorun       bool       `json:"autorun,omitempty"`        // start: no click asked for it (autorun=1, a parent page's command): the session checks its cost first
	Approach      *Approach  `json:"approach,omitempty"`       // confusion request
	Data          *DataFile  `json:"data,omitempty"`           // data: how to read files["data.csv"]
	Dataset       *DataInfo  `json:"dataset,omitempty"`        // data-ok: what was read
	Steps         int        `json:"steps,omitempty"`          // bench: the steps to time
	Ack           *Ack       `json:"ack,omitempty"`
	Shard         *ShardInit `json:"shard,omitempty"` // shard-init

	Progress  *Progress    `json:"progress,omitempty"`
	Snapshot  *Snapshot    `json:"snapshot,omitempty"`
	Result    *Result      `json:"result,omitempty"`
	Confusion *Confusion   `json:"confusion,omitempty"`
	Ask       *Ask         `json:"ask,omitempty"`    // ask (text_protocol.go)
	Answer    *Answer      `json:"answer,omitempty"` // answer
	Text      *TextInsight `json:"text,omitempty"`   // snapshot of a text run

	Message string `json:"message,omitempty"` // notice, error: for the page only (it may name the file)
	Code    string `json:"code,omitempty"`    // notice, error: a row of the codes table
	Param   string `json:"param,omitempty"`   // error about one URL parameter
	Cost    *Cost  `json:"cost,omitempty"`    // error cost-confirm: what the run would take

	// Charts are standalone SVG documents by chart id, Files texts by file
	// name, Floats float64s by name (their bits kept), and Memory a
	// SharedArrayBuffer (a js.Value in the browser, passed by reference,
	// never copied). They travel beside the JSON (see above).
	Charts map[string]string    `json:"-"`
	Files  map[string]string    `json:"-"`
	Floats map[string][]float64 `json:"-"`
	Memory any                  `json:"-"`
}

// Ack answers a pause, resume or cancel once the session has applied it.
// Applied is false when the run it names is not running (it ended, or
// was never started); otherwise Phase and Step say where the run was:
// how many pretraining steps or adaptation evaluations it had done.
type Ack struct {
	Of      Type   `json:"of"`
	Applied bool   `json:"applied"`
	Phase   string `json:"phase,omitempty"`
	Step    int    `json:"step"`
}

// ShardInit hands a helper worker a replica of the training worker's run
// (shard-init): the config is the message's Query, the dataset's values
// and the split are its Floats (x, labels, targets, train, test), and the
// shared memory of layout Layout is its Memory, in which the helper owns
// slot Slot.
type ShardInit struct {
	Data   DataShape `json:"data"`
	Layout MemLayout `json:"layout"`
	Slot   int       `json:"slot"`
	// Gen numbers the training worker's shares of memory; shard-ready
	// names the one it answers (in a ShardInit of its own).
	Gen int `json:"gen"`
}

// DataShape is what a replica needs to know of a dataset beside its
// values.
type DataShape struct {
	Name    string `json:"name"`
	Rows    int    `json:"rows"`
	Cols    int    `json:"cols"`
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
	Classes int    `json:"classes,omitempty"`
}

// MemLayout sizes the regions of a run's shared memory, in float64s: the
// state a replica needs at the start of a step, what a phase hands every
// shard, and what each helper's shards send back (app/worker/shard).
type MemLayout struct {
	State   int `json:"state"`
	Down    int `json:"down"`
	Out     int `json:"out"`
	Helpers int `json:"helpers"`
}

// Progress reports how far a run is.
type Progress struct {
	Phase      string  `json:"phase"` // pretrain | adapt
	Step       int     `json:"step"`  // steps (pretrain) or evaluations (adapt) done
	Total      int     `json:"total"`
	Loss       float64 `json:"loss"` // latest pretraining loss
	Metrics    Metrics `json:"metrics"`
	ETASeconds float64 `json:"eta_seconds"` // estimated time left in pretraining (ETA), -1 while estimating and in adaptation
	// QuietSeconds is the longest the worker expects to go without a
	// message from now on (a step, an adaptation job: it cannot send while
	// it computes), as measured so far, so that the page can tell a busy
	// worker from one that stopped. 0: no estimate.
	QuietSeconds float64 `json:"quiet_seconds,omitempty"`
}

// Cost is what a run would take (train.EstimateCost), for the page to show
// before it runs one that a link asked for.
type Cost struct {
	Steps   int     `json:"steps"`   // pretraining steps
	GFLOP   float64 `json:"gflop"`   // pretraining arithmetic
	MBytes  float64 `json:"mbytes"`  // memory per worker
	Seconds float64 `json:"seconds"` // estimated on a small laptop
}

// Metrics are the latest values worth showing next to the progress bar.
type Metrics struct {
	Epoch    int     `json:"epoch"`
	GradNorm float64 `json:"grad_norm"`
	KNN      float64 `json:"knn"`      // latest monitor's kNN accuracy
	EffRank  float64 `json:"eff_rank"` // latest monitor's effective rank
}

// Snapshot is the monitors of the current encoder (the pictures are in the
// message's charts). Monitor's Points and Labels are left out: the
// embedding chart shows them.
type Snapshot struct {
	Monitor train.Snapshot `json:"monitor"`
	Dim     int            `json:"dim"` // width of the representation
}

// Result is a finished run: the rows the command line prints and its
// report (whose Rows are the same rows).
type Result struct {
	Rows       []train.Row   `json:"rows"`
	Report     *train.Report `json:"report"`
	ClassNames []string      `json:"class_names,omitempty"`
	FromFile   bool          `json:"from_checkpoint,omitempty"` // pretraining was skipped
}

// DataFile says how to read the user's CSV file (see data.CSVOptions);
// the text itself travels in Files[FileData].
type DataFile struct {
	Name   string `json:"name"`             // the file's name, shown on the page
	Label  string `json:"label,omitempty"`  // label column: "" auto, "none", a number or a header name
	Header string `json:"header,omitempty"` // auto (""), yes or no
	Width  int    `json:"width,omitempty"`  // image width, with Height, or 0
	Height int    `json:"height,omitempty"` // image height, with Width, or 0
}

// DataInfo describes a dataset the worker read from the user's file.
type DataInfo struct {
	Name    string `json:"name"`
	Rows    int    `json:"rows"`
	Columns int    `json:"columns"`           // feature columns (the label excluded)
	Classes int    `json:"classes,omitempty"` // 0 without class labels
	// Tasks are the tasks the labels support: classification, regression,
	// both (whole-number labels) or none (no label column).
	Tasks  []config.Task `json:"tasks"`
	Width  int           `json:"width,omitempty"` // > 0 for images
	Height int           `json:"height,omitempty"`
	// Label names the label column (data.Dataset.LabelColumn);
	// LabelGuessed says it was taken as the file's column of text.
	Label        string `json:"label,omitempty"`
	LabelGuessed bool   `json:"label_guessed,omitempty"`
}

// Approach names one adaptation of one encoder at one label budget.
type Approach struct {
	Encoder    string `json:"encoder"`    // pretrained | random | raw | scratch
	Adaptation string `json:"adaptation"` // linear-probe | knn | finetune | kmeans
	Shots      int    `json:"shots"`      // labels per class; 0 zero-shot, -1 all
}

// Confusion is the confusion matrix of one approach on the test split.
type Confusion struct {
	Approach   Approach `json:"approach"`
	NTask      int      `json:"n_task"`
	Counts     [][]int  `json:"counts"`
	ClassNames []string `json:"class_names"`
}

// finite returns v, or 0 if v is NaN or infinite, for values JSON cannot
// carry (encoding/json refuses them) where 0 reads as "nothing yet".
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
