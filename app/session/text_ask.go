package session

import (
	"errors"

	"sslab/ml/data/text"
	"sslab/ml/train"
)

// Sizes of the answers.
const (
	askTop        = 8   // words shown for a blank
	askWords      = 12  // words a continuation samples at most
	askNeighbours = 8   // tokens shown near each sense of a word
	askPool       = 300 // test sentences whose tokens are the senses' neighbours
	guessExamples = 3   // test sentences of a snapshot's guesses
	guessTop      = 3   // words per guess
)

// ask answers a question to the finished text run's model. A question the
// model cannot answer (empty, too long, only unknown words, the wrong kind
// of model) gets an answer that says why; only a question without a
// finished text run is an error.
func (s *Session) ask(m Message) {
	f := s.last
	if f == nil || f.run != m.Run || m.Ask == nil || f.ds.Text == nil {
		s.fail(m.Run, CodeNoRun, errors.New("there is no finished text run to ask: train a text model first"))
		return
	}
	q := *m.Ask
	a := &Answer{Ask: q}
	vocab, err := text.NewVocab(f.ds.Text.Vocab)
	if err != nil {
		s.fail(m.Run, CodeFailed, err)
		return
	}
	switch q.Kind {
	case AskBlank:
		a.Answer, err = f.pre.FillBlank(vocab, q.Text, askTop)
	case AskContinue:
		temp := q.Temperature
		if temp == 0 {
			temp = 1
		}
		a.Answer, err = f.pre.Continue(vocab, q.Text, askWords, temp, q.Seed)
	case AskSenses:
		a.Senses, err = f.pre.Senses(f.ds, f.split.Train, spreadRows(f.split.Test, askPool), q.Text, askNeighbours)
	default:
		err = errors.New("ask kind " + quoteKind(q.Kind) + " is not one of blank, continue, senses")
	}
	if err != nil {
		a.Error = err.Error()
	} else if a.Answer != nil && !f.pre.Text.Words() {
		tokens := append(append([]string(nil), a.Answer.Tokens...), a.Answer.Words...)
		a.Attention = f.pre.Attention(vocab, tokens)
		a.Layers, a.Heads = f.pre.Text.Shape.Layers, f.pre.Text.Shape.Heads
	}
	s.Send(Message{Type: MsgAnswer, Run: m.Run, Answer: a})
}

// spreadRows returns n of rows evenly spaced (all if there are fewer).
func spreadRows(rows []int, n int) []int {
	if len(rows) <= n {
		return rows
	}
	out := make([]int, n)
	for i := range out {
		out[i] = rows[i*len(rows)/n]
	}
	return out
}

// quoteKind quotes a kind for a message, cut short.
func quoteKind(k string) string {
	if len(k) > 20 {
		k = k[:20] + "…"
	}
	return "\"" + k + "\""
}

// insight returns what a text snapshot shows beside its charts.
func insight(p *train.Pretrainer) *TextInsight {
	return &TextInsight{Examples: p.Guesses(guessExamples, guessTop), Objective: string(p.Config().Objective)}
}
