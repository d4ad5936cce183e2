package page

import (
	"encoding/json"
	"math"
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// The protocol between the lab in a frame and the page embedding it (a
// course's notes): what the frame posts, and the commands it takes. The
// documentation page (/embed, app/server/embed.html) describes the same
// tables, and a test checks that it names every row.
//
// Everything the frame posts is {source: "sslab", version, type, ...} with
// exactly the fields of its row of outbound, each built here from values
// that cannot hold user data: numbers, the run's rows (fixed names and
// numbers), the config as a query (validated values only), fixed texts of
// codes. A file's name, a cell or a class name never leaves the frame.
//
// A command is {target: "sslab", type, id, ...}, acted on only when it
// comes from the parent window (and, with ?parent=ORIGIN, from that origin),
// and answered by an ack or an error carrying the same id.

// ProtocolVersion is the version of the messages to and from the parent.
const ProtocolVersion = 1

// outbound lists, for each type the frame posts, the fields it carries
// besides source, version and type.
var outbound = map[string][]string{
	"ready":    {"config"},
	"progress": {"phase", "step", "total", "loss", "epoch", "knn", "eff_rank", "grad_norm", "eta_seconds"},
	"result":   {"rows", "config"},
	"error":    {"code", "message", "param", "id", "of"},
	"notice":   {"code", "message"},
	"resize":   {"height"},
	"ack":      {"id", "of", "status"},
}

// commands lists the commands a parent may send, with the fields each
// reads besides target, type and id.
var commands = map[string][]string{
	"start":  {},
	"pause":  {},
	"resume": {},
	"reset":  {},
	"set":    {"query"},
	"adapt":  {"shots"},
}

// The codes of the frame's own errors (commands, URL parameters, runs
// that failed without a code), beside the worker's (session.CodeText).
const (
	codeBadCommand = "bad-command"
	codeNotReady   = "not-ready"
	codeBusy       = "busy"
	codeNotRunning = "not-running"
	codeNotPaused  = "not-paused"
	codeNoResult   = "no-result"
	codeBadParam   = "bad-param"
	codeRunFailed  = "run-failed"
	codeNotice     = "notice"
)

var frameCodeTexts = map[string]string{
	codeBadCommand: "The command is not one the lab knows, or lacks a valid id.",
	codeNotReady:   "The training worker is not ready.",
	codeBusy:       "A run is under way: pause, reset or wait for its result first.",
	codeNotRunning: "No run is under way.",
	codeNotPaused:  "The run is not paused.",
	codeNoResult:   "There is no finished run to adapt: start one first.",
	codeBadParam:   "A URL parameter was not used; the lab lists it.",
	codeRunFailed:  "The run stopped; the lab says why.",
	codeNotice:     "The lab shows a notice.",
}

// codeText returns the fixed text of a frame or worker code; an unknown
// code becomes the generic one of its kind (a failed run or a notice).
func codeText(code, fallback string) (string, string) {
	if s, ok := frameCodeTexts[code]; ok {
		return code, s
	}
	if s := session.CodeText(code); s != "" {
		return code, s
	}
	return fallback, frameCodeTexts[fallback]
}

// outMsg is one message to the parent, as built by the functions below.
type outMsg struct {
	kind   string
	fields map[string]any
}

// JSON encodes m with source, version and type, or fails if m has a field
// its row of outbound does not list.
func (m outMsg) JSON() ([]byte, error) {
	allowed, ok := outbound[m.kind]
	if !ok {
		return nil, errUnlisted(m.kind, "")
	}
	obj := map[string]any{"source": "sslab", "version": ProtocolVersion, "type": m.kind}
	for k, v := range m.fields {
		if !contains(allowed, k) {
			return nil, errUnlisted(m.kind, k)
		}
		obj[k] = v
	}
	return json.Marshal(obj)
}

type unlistedError struct{ kind, field string }

func (e unlistedError) Error() string {
	if e.field == "" {
		return "no message type " + e.kind + " in the outbound table"
	}
	return "field " + e.field + " is not in the outbound row of " + e.kind
}

func errUnlisted(kind, field string) error { return unlistedError{kind, field} }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func readyMsg(cfg config.Config) outMsg {
	return outMsg{"ready", map[string]any{"config": cfg.Query()}}
}

func progressMsg(p session.Progress) outMsg {
	return outMsg{"progress", map[string]any{
		"phase": phaseName(p.Phase), "step": p.Step, "total": p.Total, "loss": num(p.Loss),
		"epoch": p.Metrics.Epoch, "knn": num(p.Metrics.KNN), "eff_rank": num(p.Metrics.EffRank),
		"grad_norm": num(p.Metrics.GradNorm), "eta_seconds": num(p.ETASeconds),
	}}
}

// resultMsg carries the run's rows (the command line's) and its config.
func resultMsg(rows []train.Row, query string) outMsg {
	if rows == nil {
		rows = []train.Row{}
	}
	out := make([]train.Row, len(rows))
	for i, r := range rows {
		// Field by field: a new field of Row is not posted until it is
		// added here.
		out[i] = train.Row{Encoder: r.Encoder, Adaptation: r.Adaptation, NTask: r.NTask,
			Metric: r.Metric, Value: num(r.Value), Std: num(r.Std), Draws: r.Draws}
	}
	return outMsg{"result", map[string]any{"rows": out, "config": safeQuery(query)}}
}

// errorMsg is an error with a code's fixed text; param, if not "", must be
// a setting's name (or "query"); id and of answer a command.
func errorMsg(code, fallback, param string, id any, of string) outMsg {
	code, text := codeText(code, fallback)
	f := map[string]any{"code": code, "message": text}
	if _, ok := config.Lookup(param); ok || param == "query" {
		f["param"] = param
	}
	if id != nil {
		f["id"], f["of"] = id, of
	}
	return outMsg{"error", f}
}

func noticeMsg(code string) outMsg {
	code, text := codeText(code, codeNotice)
	return outMsg{"notice", map[string]any{"code": code, "message": text}}
}

func resizeMsg(height int) outMsg {
	return outMsg{"resize", map[string]any{"height": height}}
}

func ackMsg(id any, of string, st view.Status) outMsg {
	return outMsg{"ack", map[string]any{"id": id, "of": of, "status": st.String()}}
}

// num is v, or 0 when it is not finite (JSON has no NaN).
func num(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func phaseName(p string) string {
	if p == session.PhaseAdapt {
		return session.PhaseAdapt
	}
	return session.PhasePretrain
}

// safeQuery re-encodes a config query from its decoded values, so that
// only what the schema accepted is posted.
func safeQuery(query string) string {
	cfg, err := session.DecodeQuery(query)
	if err != nil {
		return ""
	}
	return cfg.Query()
}

// command is a parent's command, decoded from its message.
type command struct {
	Type  string
	ID    any // a string of at most 64 bytes or a finite number
	Query string
	Shots int
}

// maxCommandQuery bounds a set command's query.
const maxCommandQuery = 8 << 10

// decodeCommand reads a command from a message's JSON; ok is false for a
// message that is not addressed to sslab (to be ignored), and err set for
// one that is but is malformed (to be answered with bad-command).
func decodeCommand(b []byte) (c command, ok bool, badID bool) {
	var raw struct {
		Target string          `json:"target"`
		Type   string          `json:"type"`
		ID     json.RawMessage `json:"id"`
		Query  *string         `json:"query"`
		Shots  *float64        `json:"shots"`
	}
	if json.Unmarshal(b, &raw) != nil || raw.Target != "sslab" {
		return command{}, false, false
	}
	c.Type = raw.Type
	var s string
	var n float64
	switch {
	case json.Unmarshal(raw.ID, &s) == nil && len(s) <= 64 && s != "":
		c.ID = s
	case json.Unmarshal(raw.ID, &n) == nil && !math.IsInf(n, 0) && !math.IsNaN(n):
		c.ID = n
	default:
		return c, true, true
	}
	fields, known := commands[c.Type]
	if !known {
		return c, true, true
	}
	if contains(fields, "query") {
		if raw.Query == nil || len(*raw.Query) > maxCommandQuery {
			return c, true, true
		}
		c.Query = *raw.Query
	}
	if contains(fields, "shots") {
		if raw.Shots == nil || *raw.Shots != math.Trunc(*raw.Shots) || math.Abs(*raw.Shots) > 1e6 {
			return c, true, true
		}
		c.Shots = int(*raw.Shots)
	}
	return c, true, false
}

// apply carries out c and returns the answer to post: an ack, or an error
// with a code.
func (l *Lab) apply(ctx app.Context, c command) outMsg {
	fail := func(code, param string) outMsg { return errorMsg(code, codeBadCommand, param, c.ID, c.Type) }
	switch c.Type {
	case "start":
		switch {
		case l.Trainer == nil || !l.workerReady:
			return fail(codeNotReady, "")
		case l.status.Running():
			return fail(codeBusy, "")
		}
		l.start(ctx, nil, true)
	case "pause":
		if l.status != view.StatusPretraining && l.status != view.StatusAdapting && l.status != view.StatusLoading {
			return fail(codeNotRunning, "")
		}
		l.pause()
	case "resume":
		if l.status != view.StatusPaused {
			return fail(codeNotPaused, "")
		}
		l.resume()
	case "reset":
		l.reset()
	case "set":
		if l.status.Running() {
			return fail(codeBusy, "")
		}
		if param := l.setQuery(c.Query); param != "" {
			return fail(session.CodeBadConfig, param)
		}
	case "adapt":
		if l.result == nil || l.status != view.StatusDone {
			return fail(codeNoResult, "")
		}
		l.setBudget(c.Shots)
		if l.fieldErrs["shots"] != "" {
			return fail(session.CodeBadConfig, "shots")
		}
		if !session.SamePretraining(l.cfg, l.resultCfg) {
			return fail(codeNoResult, "")
		}
		l.readapt()
	default:
		return fail(codeBadCommand, "")
	}
	return ackMsg(c.ID, c.Type, l.status)
}

// setQuery replaces the settings by a parent's config query, keeping the
// frame's layout flags and its parent restriction, which only the frame's
// own URL sets. It returns the first refused parameter, or "".
func (l *Lab) setQuery(query string) string {
	q, err := url.ParseQuery(query)
	if err != nil {
		return "query"
	}
	cfg, errs := config.Decode(q)
	if len(errs) > 0 {
		return errs[0].Param
	}
	if cfg.Dataset == config.CSVDataset && l.userData == nil {
		return "data"
	}
	cfg.Embed, cfg.Parent, cfg.Autorun = l.cfg.Embed, l.cfg.Parent, l.cfg.Autorun
	if err := cfg.Validate(); err != nil {
		return "query"
	}
	l.cfg, l.fieldErrs = cfg, map[string]string{}
	l.syncURL()
	return ""
}

// ProtocolTables returns copies of the tables of what the frame posts and
// of the commands it takes, each type with its fields, for the test that
// the documentation page names them all.
func ProtocolTables() (out, in map[string][]string) {
	out, in = map[string][]string{}, map[string][]string{}
	for k, v := range outbound {
		out[k] = append([]string(nil), v...)
	}
	for k, v := range commands {
		in[k] = append([]string(nil), v...)
	}
	return out, in
}
