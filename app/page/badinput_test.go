//go:build !wasm

package page

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/cli"
	"sslab/app/page/view"
	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/data"
)

// -update rewrites .artifacts/badinput.md, the README's table of bad input.
var updateBadInput = flag.Bool("update", false, "write the bad-input table to .artifacts/badinput.md")

// badInput is one kind of bad input and what sslab does with it.
type badInput struct {
	kind    string // URL, CLI, CSV (page), CSV (CLI), worker
	example string // as a user would write it (for the table)
	happens string // what happens (for the table)
	// run feeds the input and returns the message the user sees.
	run  func(t *testing.T, env *badEnv) string
	want []string // the message names the input, the value and what is allowed
}

// badEnv is the state the rows share: a page that has loaded a good file,
// a session served on a goroutine, and a good and a broken CSV file on disk.
type badEnv struct {
	lab     *Lab
	eng     app.TestEngine
	sess    *session.Mailbox
	out     chan session.Message
	goodCSV string // path
	badCSV  string // path
}

// goodCSVText is a small two-class table the rows start from.
func goodCSVText(rows int) string {
	var b strings.Builder
	b.WriteString("x1,x2,label\n")
	for i := range rows {
		c := i % 2
		fmt.Fprintf(&b, "%g,%g,%s\n", float64(c)*3+float64(i%5)*0.1, float64(i%7)*0.2-float64(c), []string{"cat", "dog"}[c])
	}
	return b.String()
}

func newBadEnv(t *testing.T) *badEnv {
	env := &badEnv{out: make(chan session.Message, 256), sess: session.NewMailbox()}
	dir := t.TempDir()
	env.goodCSV, env.badCSV = filepath.Join(dir, "good.csv"), filepath.Join(dir, "broken.csv")
	os.WriteFile(env.goodCSV, []byte(goodCSVText(40)), 0o644)
	os.WriteFile(env.badCSV, []byte("x1,x2,label\n1,2,cat\n1,zz,dog\n"), 0o644)

	s := &session.Session{Inbox: env.sess, Send: func(m session.Message) { env.out <- m }}
	done := make(chan struct{})
	go func() { s.Serve(); close(done) }()
	t.Cleanup(func() { env.sess.Close(); <-done })

	env.lab = &Lab{Trainer: NewLocalTrainer(nil)}
	env.eng = renderLab(t, env.lab)
	t.Cleanup(env.lab.OnDismount)
	if msg := env.loadCSV(t, view.DataFile{Name: "first.csv", Text: goodCSVText(40)}); msg != "" {
		t.Fatalf("the good file was refused: %s", msg)
	}
	return env
}

// loadCSV loads a file through the page and the worker's data message,
// and returns the page's error message ("" if accepted).
func (env *badEnv) loadCSV(t *testing.T, f view.DataFile) string {
	t.Helper()
	env.lab.loadData(f)
	deadline := time.Now().Add(10 * time.Second)
	for env.lab.dataLoading != "" && time.Now().Before(deadline) {
		env.eng.ConsumeAll()
		time.Sleep(5 * time.Millisecond)
	}
	if env.lab.dataLoading != "" {
		t.Fatalf("no reply to the data message for %s", f.Name)
	}
	h := pageHTML(t, env.lab)
	if env.lab.dataErr != "" && !strings.Contains(h, `id="data-error"`) {
		t.Errorf("the refusal of %s is not shown on the page", f.Name)
	}
	return env.lab.dataErr
}

// urlMessage mounts a page on query and returns its issue list.
func urlMessage(t *testing.T, query string) string {
	lab := mount(t, &Lab{Query: query})
	return strings.Join(issueTexts(lab.cfg, lab.issues), "\n")
}

// runCLI runs the command line and returns its stderr, failing unless it
// exits with status 2 (bad input).
func runCLI(t *testing.T, args ...string) string {
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, &stdout, &stderr)
	if code != 2 {
		t.Errorf("%v: exit %d, want 2", args, code)
	}
	return stderr.String()
}

// ask posts a message to the session and returns its answer, which every
// message gets (an error, a reply, an ack); the deadline only stops a
// session that is broken.
func (env *badEnv) ask(t *testing.T, m session.Message) string {
	t.Helper()
	env.sess.Put(m)
	select {
	case r := <-env.out:
		if r.Ack != nil {
			return fmt.Sprintf("%s: %s applied %v", r.Type, r.Ack.Of, r.Ack.Applied)
		}
		return string(r.Type) + ": " + r.Message
	case <-time.After(30 * time.Second):
		t.Fatalf("no answer to a %s message", m.Type)
		return ""
	}
}

func badInputs() []badInput {
	csvRow := func(example, happens, text string, want ...string) badInput {
		return badInput{"CSV file (page)", example, happens, func(t *testing.T, env *badEnv) string {
			return env.loadCSV(t, view.DataFile{Name: "broken.csv", Text: text})
		}, append([]string{"broken.csv"}, want...)}
	}
	url := func(query, happens string, want ...string) badInput {
		return badInput{"URL", "?" + query, happens, func(t *testing.T, env *badEnv) string { return urlMessage(t, query) }, want}
	}
	flags := func(happens string, want []string, args ...string) badInput {
		return badInput{"CLI", "sslab " + strings.Join(args, " "), happens, func(t *testing.T, env *badEnv) string {
			return runCLI(t, args...)
		}, want}
	}
	worker := func(example, happens string, m session.Message, want ...string) badInput {
		return badInput{"worker message", example, happens, func(t *testing.T, env *badEnv) string { return env.ask(t, m) }, want}
	}
	many := strings.Repeat("1,", data.MaxCSVColumns) + "1\n"
	return []badInput{
		url("lr=abc", "listed above the page; the preset's value is used",
			`parameter "lr": value "abc" is not a number; allowed: 1e-06 to 10; using “0.004” instead`),
		url("epochs=99999", "listed; the preset's value is used", `"epochs"`, `"99999"`, "out of range", "allowed: 1 to 1000"),
		url("objective=SimCLR", "listed with a suggestion; the preset's value is used", `"objective"`, `"SimCLR"`, `did you mean "simclr"?`, "allowed: simclr, simsiam"),
		url("colour=red", "listed as unknown, with the known parameters", `"colour"`, `"red"`, "unknown parameter; allowed: preset, data"),
		url("preset=imagenet", "listed; the default preset is used", `"preset"`, `"imagenet"`, "allowed: digits-simclr"),
		url("lr=0.1&lr=0.2", "the first value is used, the second listed as ignored", `"lr"`, `"0.2"`, "given 2 times", `"0.1"`),
		url("lr=%zz", "listed as invalid URL encoding; the rest of the query is read", `"query"`, "not valid URL encoding"),
		url("data=csv", "asks for a CSV file and trains on the digits meanwhile", `"data"`, `"csv"`, "load a CSV file", "using “digits” instead"),
		url("task=regression", "listed; the task stays classification", `"task"`, `"regression"`, `allowed with "digits": classification`),
		url("enc=128-0", "listed; the preset's widths are used", `"enc"`, `"128-0"`, `width "0"`, "widths from 1 to 1024"),
		url("seed=-1", "listed; the preset's seed is used", `"seed"`, `"-1"`, "allowed: 0 to 9007199254740991"),
		url("lr="+strings.Repeat("9", 300), "listed, the value cut to 40 characters; the preset's value is used", `"lr"`, "is too long (300 bytes)", "…"),
		url("ckpt=../../etc/passwd", "listed; no checkpoint is fetched", `"ckpt"`, `"../../etc/passwd"`, "character '/'"),
		url("shots=0&data=spirals&task=regression", "listed: zero-shot needs classes; the preset's budget is used", `"shots"`, `"0"`, `allowed with task "regression": -1 or 1 to 1000`),

		flags("exit 2, the message names the flag, the value and the range", []string{"flag -batch", `"0"`, "allowed: 4 to 2048"}, "train", "-batch", "0"),
		flags("exit 2: the file cannot be opened", []string{"-csv", "missing.csv", "no such file"}, "train", "-csv", "missing.csv"),
		flags("exit 2: a CSV flag without -csv", []string{"-csv-label", "no -csv FILE"}, "train", "-csv-label", "y"),
		flags("exit 2: data csv needs the file", []string{`"csv"`, "-csv FILE"}, "train", "-data", "csv"),
		flags("exit 2: the image size does not parse", []string{"-csv-image", `"3"`, "WIDTHxHEIGHT", "28x28"}, "train", "-csv", "x.csv", "-csv-image", "3"),

		{"CSV file (CLI)", "sslab train -csv broken.csv (a cell reads zz)", "exit 2 with the line, the column, the value and what was expected",
			func(t *testing.T, env *badEnv) string { return runCLI(t, "train", "-csv", env.badCSV) },
			[]string{"broken.csv", "line 3, column 2", `"zz" is not a number`, "expected a number"}},
		{"CSV file (CLI)", "sslab train -csv good.csv -data moons", "exit 2: the flags disagree",
			func(t *testing.T, env *badEnv) string {
				return runCLI(t, "train", "-csv", env.goodCSV, "-data", "moons")
			},
			[]string{"-data moons", "disagree", "drop -data"}},
		{"CSV file (CLI)", "sslab train -csv good.csv -csv-header maybe", "exit 2: the option's allowed values",
			func(t *testing.T, env *badEnv) string {
				return runCLI(t, "train", "-csv", env.goodCSV, "-csv-header", "maybe")
			},
			[]string{`header option "maybe"`, "want auto, yes or no"}},

		csvRow("a cell reads zz", "refused with line and column; the previous file stays",
			"x1,x2,label\n1,2,cat\n1,zz,dog\n", "line 3, column 2", `"zz" is not a number`, "expected a number such as 3"),
		csvRow("a row with a missing value", "refused; the previous file stays",
			"x1,x2,label\n1,2,cat\n1,dog\n", "line 3", "this line has 2 columns, but the header has 3"),
		csvRow("NaN in a cell", "refused; the previous file stays",
			"x1,x2,label\n1,2,cat\n1,NaN,dog\n", "line 3, column 2", `"NaN" is not a number (NaN)`),
		csvRow("a quoted cell never closed", "refused at the opening quote; the previous file stays",
			"x1,x2,label\n1,2,cat\n1,\"2,dog\n", "line 3, column 2", "never closed"),
		csvRow("3 data rows", "refused: too few to split; the previous file stays",
			"x1,label\n1,a\n2,b\n3,a\n", "3 data rows", "at least 8"),
		csvRow("every label the same", "refused: nothing to classify; the previous file stays",
			"x1,label\n"+strings.Repeat("1,a\n2,a\n", 5), `single class "a"`, "at least two"),
		csvRow("an empty file", "refused; the previous file stays", "", "the file is empty", "at least 8 rows"),
		csvRow("an .xlsx workbook renamed .csv", "refused: save it as CSV; the previous file stays",
			"PK\x03\x04 binary", "spreadsheet workbook", "export it as CSV"),
		csvRow(fmt.Sprintf("%d columns", data.MaxCSVColumns+1), "refused at the first wide line; the previous file stays",
			many, "line 1, column 1025", "at most 1024"),
		csvRow(fmt.Sprintf("more than %d MiB", data.MaxCSVBytes>>20), "refused before parsing (the page checks the size before reading); the previous file stays",
			strings.Repeat("1,2\n", data.MaxCSVBytes/4+1), "has 8388612 bytes, more than the 8 MiB"),
		{"CSV file (page)", "Image size 2x2 for 2 feature columns", "refused; the previous file stays",
			func(t *testing.T, env *badEnv) string {
				return env.loadCSV(t, view.DataFile{Name: "broken.csv", Text: goodCSVText(20), Image: "2x2"})
			}, []string{"broken.csv", "line 1", "an image of 2×2 has 4 pixels, but there are 2 feature columns"}},
		{"CSV file (page)", "Image size typed as 28", "refused in the page; the previous file stays",
			func(t *testing.T, env *badEnv) string {
				return env.loadCSV(t, view.DataFile{Name: "broken.csv", Text: goodCSVText(20), Image: "28"})
			}, []string{"broken.csv", `image size "28"`, "WIDTHxHEIGHT", "28x28"}},
		{"CSV file (page)", "Label column named price, which is not in the header", "refused; the previous file stays",
			func(t *testing.T, env *badEnv) string {
				return env.loadCSV(t, view.DataFile{Name: "broken.csv", Text: goodCSVText(20), Label: "price"})
			}, []string{"broken.csv", `"price"`}},

		{"CSV file (page)", "iris.csv: a column of text (species), none headed label", "read: the column of text is the label, and the page says so",
			func(t *testing.T, env *badEnv) string {
				species := []string{"setosa", "versicolor", "virginica"}
				text := "sepal_length,sepal_width,petal_length,petal_width,species\n"
				for i := range 30 {
					text += fmt.Sprintf("5.%d,3.%d,1.%d,0.%d,%s\n", i%10, i%7, i%5, i%3, species[i%3])
				}
				if msg := env.loadCSV(t, view.DataFile{Name: "iris.csv", Text: text}); msg != "" {
					return "refused: " + msg
				}
				h := pageHTML(t, mount(t, env.lab.setupPanel()))
				// go-app writes an element's attributes in no fixed order.
				note := regexp.MustCompile(`<p[^>]*\bid="data-label-note"[^>]*>([^<]*)<`).FindStringSubmatch(h)
				// Back to the first file, which the other rows keep.
				env.loadCSV(t, view.DataFile{Name: "first.csv", Text: goodCSVText(40)})
				if note == nil {
					return "no note"
				}
				return html.UnescapeString(note[1])
			}, []string{`the label is column 5 ("species"), the file's column of text`, "Reading options › Label column"}},
		csvRow("two columns of text, the last one numbers", "refused at the first text cell, pointing to the label option; the previous file stays",
			"id,kind,x\n"+strings.Repeat("p1,a,1\np2,b,2\n", 5), `"p1" is not a number`, "give it as the label column (Reading options › Label column"),

		{"parent command", `{target:"sslab", type:"explode", id:1}`, "answered with an error of the same id; nothing changes",
			func(t *testing.T, env *badEnv) string {
				return commandAnswer(t, env, `{"target":"sslab","type":"explode","id":1}`)
			},
			[]string{`"code":"bad-command"`, `"id":1`}},
		{"parent command", `{target:"sslab", type:"set", id:"s", query:"lr=abc"}`, "answered with an error naming the setting; the settings stay",
			func(t *testing.T, env *badEnv) string {
				return commandAnswer(t, env, `{"target":"sslab","type":"set","id":"s","query":"lr=abc"}`)
			}, []string{`"code":"bad-config"`, `"param":"lr"`, `"id":"s"`}},
		{"parent command", `{target:"sslab", type:"start"}` + " (no id)", "answered with an error: a command needs an id",
			func(t *testing.T, env *badEnv) string {
				return commandAnswer(t, env, `{"target":"sslab","type":"start"}`)
			},
			[]string{`"code":"bad-command"`}},
		{"parent message", `{type:"start", id:1}` + " (no target)", "ignored, unanswered: not a command to sslab",
			func(t *testing.T, env *badEnv) string { return commandAnswer(t, env, `{"type":"start","id":1}`) },
			[]string{"ignored"}},

		worker(`{"type":"explode"}`, "answered with an error; the session goes on", session.Message{Type: "explode"},
			`unknown message type "explode"`),
		worker(`{"type":"start","query":"lr=%zz"}`, "answered with an error; nothing runs", session.Message{Type: session.MsgStart, Run: 4, Query: "lr=%zz"},
			"the config query does not parse", "invalid URL escape"),
		worker(`{"type":"start","query":"data=csv"}`+" before any file", "answered with an error asking for the file",
			session.Message{Type: session.MsgStart, Run: 5, Query: "data=csv"}, `data "csv"`, "load a CSV file"),
		worker(`{"type":"adapt","run":99}`, "answered: no finished run to adapt", session.Message{Type: session.MsgAdapt, Run: 99, Query: ""},
			"no finished run to adapt again"),
		worker(`{"type":"confusion","run":1}`+" without an approach", "answered with an error", session.Message{Type: session.MsgConfusion, Run: 1},
			"no finished run to draw a confusion matrix"),
		worker(`{"type":"data"}`+" without files", "answered: the message carries no file", session.Message{Type: session.MsgData},
			"carries no file", `"data.csv"`),
		{"worker message", `{"type":"cancel","run":42}` + " for a run that is not running", "acknowledged as not applied; the next message (a ping) is still answered",
			func(t *testing.T, env *badEnv) string {
				ack := env.ask(t, session.Message{Type: session.MsgCancel, Run: 42})
				return ack + " / " + env.ask(t, session.Message{Type: "ping"}) // still serving
			}, []string{"ack: cancel applied false", `unknown message type "ping"`}},
		{"worker message", `{json: "{not json"}`, "the receiving side reports a malformed message and drops it",
			func(t *testing.T, env *badEnv) string {
				_, err := session.FromWire(session.Wire{JSON: "{not json"})
				_, err2 := session.FromWire(session.Wire{JSON: `{"type":"start","run":"one"}`})
				if err == nil || err2 == nil {
					return "accepted"
				}
				return err.Error() + " / " + err2.Error()
			}, []string{"invalid character", "cannot unmarshal string"}},
		{"worker message", "an error reply for another run (99)", "dropped by the page: the current run's state stays",
			func(t *testing.T, env *badEnv) string {
				env.lab.receive(app.Context{}, []session.Message{{Type: session.MsgError, Run: 99, Message: "late"}})
				if env.lab.failure != "" || env.lab.notice != "" {
					return "applied: " + env.lab.failure + env.lab.notice
				}
				return "dropped"
			}, []string{"dropped"}},
	}
}

// commandAnswer decodes a parent's message as the frame does and returns
// what it posts back, or "ignored".
func commandAnswer(t *testing.T, env *badEnv, msg string) string {
	c, ok, bad := decodeCommand([]byte(msg))
	if !ok {
		return "ignored"
	}
	out := errorMsg(codeBadCommand, codeBadCommand, "", c.ID, c.Type)
	if !bad {
		out = env.lab.apply(app.Context{}, c)
	}
	b, err := out.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBadInput feeds every kind of bad input and checks that the message
// names the input, the value and what is allowed, that nothing crashes
// and that the state before is kept.
func TestBadInput(t *testing.T) {
	env := newBadEnv(t)
	rows := append(badInputs(), servingBadInputs()...)
	if len(rows) < 25 {
		t.Fatalf("%d kinds of bad input, want at least 25", len(rows))
	}
	msgs := make([]string, len(rows))
	for i, r := range rows {
		t.Run(r.kind+" "+r.example[:min(len(r.example), 30)], func(t *testing.T) {
			msg := r.run(t, env)
			msgs[i] = msg
			t.Log(msg)
			for _, w := range r.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s %s: message lacks %q:\n%s", r.kind, r.example, w, msg)
				}
			}
			// The page keeps the first file and trains on it.
			if env.lab.userData == nil || env.lab.userData.Name != "first.csv" || env.lab.cfg.Dataset != config.CSVDataset {
				t.Errorf("%s %s: the page lost its data: %+v, data %q", r.kind, r.example, env.lab.userData, env.lab.cfg.Dataset)
			}
		})
	}
	if *updateBadInput {
		writeBadInputTable(t, rows, msgs)
	}
}

func writeBadInputTable(t *testing.T, rows []badInput, msgs []string) {
	var b strings.Builder
	b.WriteString("| kind | example | what happens |\n|---|---|---|\n")
	cell := func(s string, n int) string {
		s = strings.NewReplacer("|", `\|`, "\n", " ", "\x03", "", "\x04", "", "`", "'").Replace(s)
		if r := []rune(s); len(r) > n {
			s = string(r[:n-1]) + "…"
		}
		return s
	}
	tmp := regexp.MustCompile(`/tmp/\S*/`)
	for i, r := range rows {
		msg := strings.TrimPrefix(tmp.ReplaceAllString(msgs[i], ""), "error: ")
		happens := cell(r.happens, 120)
		if r.kind != "worker message" || strings.Contains(msg, " ") {
			happens += ": `" + cell(msg, 140) + "`"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", r.kind, cell(r.example, 60), happens)
	}
	path := filepath.Join("..", "..", ".artifacts", "badinput.md")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
