package session

import "sslab/ml/train"

// The text track's messages (rows of the message table):
//
//	ask     {run, ask}     page → worker: ask the finished run's language model
//	answer  {run, answer}  worker → page: its answer, or why there is none
//
// and what text snapshots carry beside their charts (Message.Text).
const (
	MsgAsk    Type = "ask"
	MsgAnswer Type = "answer"
)

// The kinds of question.
const (
	AskBlank    = "blank"    // fill the blank (___) of a sentence: masked-token models
	AskContinue = "continue" // continue a beginning: next-token models
	AskSenses   = "senses"   // a word's parts of speech and their nearest tokens
)

// Ask is a question to the model of a finished text run.
type Ask struct {
	Kind        string  `json:"kind"` // blank | continue | senses
	Text        string  `json:"text"`
	Temperature float64 `json:"temperature,omitempty"` // continue: sampling temperature, in (0, 5]
	Seed        uint64  `json:"seed,omitempty"`        // continue: the sampling stream
}

// Answer is the model's answer to an Ask: Answer (blank, continue) or
// Senses (senses), or Error saying why the question cannot be answered
// (empty, too long, only unknown words, the wrong kind of model). Text
// the learner typed comes back only as the model's tokens, which the page
// shows as text, never as markup.
type Answer struct {
	Ask    Ask               `json:"ask"`
	Answer *train.Answer     `json:"answer,omitempty"`
	Senses *train.WordSenses `json:"senses,omitempty"`
	Error  string            `json:"error,omitempty"`
	// Attention holds, for a transformer, its attention maps of the
	// sentence it read (Answer.Tokens, with the continuation): layer by
	// layer, head by head, an (L, L) map row-major, row i the weights of
	// token i over the sentence.
	Attention [][]float64 `json:"attention,omitempty"`
	Layers    int         `json:"layers,omitempty"`
	Heads     int         `json:"heads,omitempty"`
}

// TextInsight is what a text run's snapshot shows beside its charts.
type TextInsight struct {
	// Examples are a few test sentences with the model's guesses at their
	// masked (masked-token) or next (next-token) words, as they improve.
	Examples []train.Guess `json:"examples,omitempty"`
	// Objective is the run's (mlm, gpt, skipgram): what the guesses are.
	Objective string `json:"objective"`
}
