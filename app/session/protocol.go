// Package session is the training side of sslab and the protocol the page
// speaks with it. The page (a go-app client) never trains: it posts
// Messages to a Web Worker running worker.wasm, which hands them to a
// Session. Both are plain Go, so tests run the same Session in-process.
package session

import (
	"math"

	"sslab/ml/config"
	"sslab/ml/train"
)

// The worker protocol. Page and worker exchange Messages through
// postMessage; a message travels as a JavaScript object
//
//	{json: "<the Message as JSON>", charts: {id: "<svg …>"}, files: {name: "text"}}
//
// Charts and files go beside the JSON, as plain strings: on the page's
// thread, decoding them as JSON would cost more than drawing them did. The
// worker draws every chart (app/svg), so the page only swaps markup.
//
// Page → worker:
//
//	start      {run, query[, checkpoint_url]; files.checkpoint}  pretrain (or adapt a saved encoder)
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
// Worker → page (replies carry the run they belong to):
//
//	ready                                   the worker has loaded and listens
//	progress   {progress; charts.loss}      at most ~10 per second
//	snapshot   {snapshot; charts}           at most ~8 per second: knn, collapse,
//	                                        embedding, views, similarity, reconstructions
//	result     {result; charts.efficiency}
//	confusion  {confusion; charts.confusion}
//	checkpoint {files.checkpoint}
//	embeddings {files["embeddings.csv"]}
//	preview    {query; charts.preview}
//	data-ok    {dataset}                    the file was read: rows, columns, classes, task
//	error      {message[, param]}           param "csv": the file was refused (line, column)
const (
	MsgStart      = "start"
	MsgPause      = "pause"
	MsgResume     = "resume"
	MsgCancel     = "cancel"
	MsgAdapt      = "adapt"
	MsgConfusion  = "confusion"
	MsgCheckpoint = "checkpoint"
	MsgPreview    = "preview"
	MsgEmbeddings = "embeddings"
	MsgData       = "data"

	MsgReady    = "ready"
	MsgProgress = "progress"
	MsgSnapshot = "snapshot"
	MsgResult   = "result"
	MsgError    = "error"
	MsgDataOK   = "data-ok"
)

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
)

// objectivePictures are the charts of what an objective works on, which its
// snapshots carry beside the views of two-view objectives: SimCLR's
// similarities of the batch's projections, masked autoencoding's
// reconstructions. An objective without a row has none; the page shows
// the card of the chart an objective has.
var objectivePictures = map[config.Objective]string{
	config.SimCLR: ChartSimilarity,
	config.MAE:    ChartReconstructions,
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

// Message is one message in either direction; Type says which fields are set.
type Message struct {
	Type string `json:"type"`
	// Run numbers the page's runs, so replies to an abandoned run are
	// recognised and dropped.
	Run int `json:"run,omitempty"`

	Query         string    `json:"query,omitempty"`          // start, adapt, preview: the config as a URL query
	CheckpointURL string    `json:"checkpoint_url,omitempty"` // start: fetch the encoder from here (ckpt=NAME)
	Approach      *Approach `json:"approach,omitempty"`       // confusion request
	Data          *DataFile `json:"data,omitempty"`           // data: how to read files["data.csv"]
	Dataset       *DataInfo `json:"dataset,omitempty"`        // data-ok: what was read

	Progress  *Progress  `json:"progress,omitempty"`
	Snapshot  *Snapshot  `json:"snapshot,omitempty"`
	Result    *Result    `json:"result,omitempty"`
	Confusion *Confusion `json:"confusion,omitempty"`

	Message string `json:"message,omitempty"` // error
	Param   string `json:"param,omitempty"`   // error about one URL parameter

	// Charts are standalone SVG documents by chart id; Files are texts by
	// file name. They travel beside the JSON (see above).
	Charts map[string]string `json:"-"`
	Files  map[string]string `json:"-"`
}

// Progress reports how far a run is.
type Progress struct {
	Phase      string  `json:"phase"` // pretrain | adapt
	Step       int     `json:"step"`  // steps (pretrain) or evaluations (adapt) done
	Total      int     `json:"total"`
	Loss       float64 `json:"loss"` // latest pretraining loss
	Metrics    Metrics `json:"metrics"`
	ETASeconds float64 `json:"eta_seconds"` // estimated time left in this phase
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
