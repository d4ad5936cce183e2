package view

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"sslab/app/session"
	"sslab/ml/config"
	"sslab/ml/train"
)

// ActAsk asks the finished text run's model a question (session.Ask).
const ActAsk = "sslab/ask"

// TextPanel is the text track's view beside the pretraining cards: the
// held-out perplexity, the model's guesses on test sentences as they
// improve, and, once the run has finished, "Ask the model": a blank to
// fill (masked-token), a beginning to continue (next-token), a word whose
// senses to compare, with the attention maps of the sentence read.
// Everything a learner typed comes back as the model's tokens and is shown
// as text (go-app escapes it), never as markup.
type TextPanel struct {
	app.Compo

	Config  config.Config
	Charts  map[string]string
	Monitor train.Snapshot
	Insight *session.TextInsight
	Answer  *session.Answer
	Asking  bool // a question is on its way
	Done    bool // the run has finished: its model can be asked
	// LongCheckpoint names the shipped checkpoint of the long preset, ""
	// if there is none: what a longer pretraining buys.
	LongCheckpoint string
}

func (p *TextPanel) Render() app.UI {
	c := p.Config
	what := "Held-out perplexity"
	caption := "exp of the mean loss on the masked words of " + strconv.Itoa(train.MonitorSentences) +
		" test sentences, masked the same way at every snapshot: the number of words the model hesitates between. A model that knows nothing has the vocabulary's 5,003."
	switch c.Objective {
	case config.GPT:
		caption = "exp of the mean loss of predicting each next word of " + strconv.Itoa(train.MonitorSentences) +
			" test sentences: the number of words the model hesitates between. A model that knows nothing has the vocabulary's 5,003."
	case config.SkipGram:
		what = "Held-out skip-gram loss"
		caption = "The negative-sampling loss on the (word, context) pairs of " + strconv.Itoa(train.MonitorSentences) +
			" test sentences: skip-gram's loss is not a likelihood, so it has no perplexity."
	}
	if mon := p.Monitor; mon.Perplexity > 0 {
		caption = "Now " + strconv.FormatFloat(mon.Perplexity, 'f', 1, 64) + ": " + caption
	}
	return app.Section().Class("panel").ID("text").Aria("labelledby", "text-title").Body(
		app.H2().Class("panel-title").ID("text-title").Text("The language model"),
		app.Div().Class("cards").Body(
			app.Div().Class("card").Body(&ChartCard{ID: session.ChartPerplexity, Title: what, SVG: p.Charts[session.ChartPerplexity],
				Caption: caption, Empty: "The held-out curve appears when pretraining starts."}),
			app.Div().Class("card").Body(p.guesses()),
			app.Div().Class("card").Body(p.ask()),
			app.Div().Class("card").Body(p.longer()),
		),
	)
}

// guesses shows the model's guesses on a few test sentences.
func (p *TextPanel) guesses() app.UI {
	title, caption := "What the model guesses", ""
	var examples []train.Guess
	if p.Insight != nil {
		examples = p.Insight.Examples
	}
	switch p.Config.Objective {
	case config.MLM:
		title, caption = "Masked words, guessed", "Test sentences with the words the model is scored on hidden ([MASK]); under each, its three likeliest words. They improve as it trains."
	case config.GPT:
		title, caption = "Next words, guessed", "Test sentences; at a few words, the model's three likeliest next words given only the words before."
	default:
		return app.Figure().Class("chart text-guesses").Body(app.H3().Text(title),
			app.P().Class("chart-empty").Text("Skip-gram learns one vector per word and predicts no word in context: compare the senses of a word below instead."))
	}
	return app.Figure().Class("chart text-guesses").ID("text-guesses").Body(
		app.H3().Text(title),
		app.If(len(examples) == 0, func() app.UI {
			return app.P().Class("chart-empty").Text("The guesses appear when pretraining starts.")
		}),
		app.Range(examples).Slice(func(i int) app.UI { return guessLine(examples[i], p.Config.Objective == config.MLM) }),
		app.FigCaption().Text(caption),
	)
}

// guessLine is one sentence with its guesses: the word there, then the
// guesses with their probabilities.
func guessLine(g train.Guess, masked bool) app.UI {
	at := map[int]int{}
	for i, pos := range g.Positions {
		at[pos] = i
	}
	return app.P().Class("text-sentence").Body(app.Range(g.Tokens).Slice(func(j int) app.UI {
		i, ok := at[j]
		if !ok || i >= len(g.Top) {
			return app.Span().Class("tok").Text(g.Tokens[j] + " ")
		}
		shown := g.Tokens[j]
		if masked {
			shown = "[MASK]"
		}
		var alts []string
		for _, w := range g.Top[i] {
			alts = append(alts, w.Word+" "+percentOf(w.P))
		}
		class := "tok tok-guess"
		if len(g.Top[i]) > 0 && g.Top[i][0].Word == g.Tokens[j] {
			class += " tok-hit"
		}
		return app.Span().Class(class).Title("the word there: "+g.Tokens[j]).Body(
			app.Span().Class("tok-word").Style("font-weight", "600").Text(shown),
			app.Sub().Class("tok-alts").Style("color", "#456").Text(" → "+strings.Join(alts, " · ")+" (was “"+g.Tokens[j]+"”) "),
		)
	}))
}

func percentOf(p float64) string { return strconv.FormatFloat(100*p, 'f', 0, 64) + "%" }

// ask is "Ask the model".
func (p *TextPanel) ask() app.UI {
	kind, placeholder, hint := session.AskBlank, "the cat sat on the ___ .", "Type a sentence with one blank (___): the model fills it with its likeliest words."
	switch p.Config.Objective {
	case config.GPT:
		kind, placeholder, hint = session.AskContinue, "the jury said", "Type the beginning of a sentence: the model continues it, one word at a time, each drawn at the temperature (seeded: the same seed, the same words)."
	case config.SkipGram:
		kind, placeholder, hint = session.AskSenses, "can", "Type a word: where its uses as different parts of speech sit, and their nearest words."
	}
	disabled := !p.Done || p.Asking
	return app.Figure().Class("chart text-ask").ID("text-ask").Body(
		app.H3().Text("Ask the model"),
		app.P().Class("hint").ID("text-ask-hint").Text(hint),
		app.Form().Class("text-ask-form").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			q := session.Ask{Kind: kind, Text: app.Window().GetElementByID("text-ask-input").Get("value").String(), Seed: 1}
			if kind == session.AskContinue {
				if t, err := strconv.ParseFloat(app.Window().GetElementByID("text-ask-temp").Get("value").String(), 64); err == nil {
					q.Temperature = t
				}
			}
			ctx.NewActionWithValue(ActAsk, q)
		}).Body(
			app.Input().Type("text").ID("text-ask-input").Placeholder(placeholder).Aria("describedby", "text-ask-hint").
				MaxLength(train.MaxAskBytes).AutoComplete(false).Spellcheck(false),
			app.If(kind == session.AskContinue, func() app.UI {
				return app.Label().Text("temperature ").Body(
					app.Input().Type("number").ID("text-ask-temp").Value("0.8").Min(0.05).Max(5).Attr("step", "any"))
			}),
			disabledIf(app.Button().Class("btn").Type("submit"), disabled).Text("Ask"),
			app.If(kind != session.AskSenses, func() app.UI {
				return disabledIf(app.Button().Class("btn btn-quiet").Type("button"), disabled).Text("Senses of a word").
					OnClick(func(ctx app.Context, e app.Event) {
						q := session.Ask{Kind: session.AskSenses, Text: app.Window().GetElementByID("text-ask-input").Get("value").String()}
						ctx.NewActionWithValue(ActAsk, q)
					})
			}),
		),
		app.If(!p.Done, func() app.UI {
			return app.P().Class("chart-empty").Text("The model can be asked once the run has finished.")
		}),
		app.If(p.Answer != nil, func() app.UI { return answerView(p.Answer) }),
	)
}

// answerView shows the model's answer, or why there is none.
func answerView(a *session.Answer) app.UI {
	if a.Error != "" {
		return app.P().Class("field-error").Aria("live", "polite").Text(a.Error)
	}
	var body []app.UI
	if r := a.Answer; r != nil {
		body = append(body, app.P().Class("text-sentence").Body(
			app.Span().Class("hint").Text("the model reads: "),
			app.Span().Text(strings.Join(r.Tokens, " ")),
			app.If(len(r.Words) > 0, func() app.UI { return app.Strong().Text(" " + strings.Join(r.Words, " ")) }),
		))
		if len(r.Unknown) > 0 {
			body = append(body, app.P().Class("hint").Text("Unknown to the model (read as [UNK]): "+strings.Join(r.Unknown, ", ")))
		}
		if len(r.Top) > 0 {
			body = append(body, app.Ol().Class("text-top").Body(app.Range(r.Top).Slice(func(i int) app.UI {
				w := r.Top[i]
				return app.Li().Body(app.Span().Text(w.Word+" "),
					app.Span().Class("bar").Style("display", "inline-block").Style("height", "0.6em").Style("background", "#4a6fb5").
						Style("width", strconv.FormatFloat(max(1, 200*w.P), 'f', 0, 64)+"px"),
					app.Small().Text(" "+percentOf(w.P)))
			})))
		}
		if len(a.Attention) > 0 {
			tokens := append(append([]string(nil), r.Tokens...), r.Words...)
			body = append(body, &AttentionMaps{Tokens: tokens, Maps: a.Attention, Layers: a.Layers, Heads: a.Heads})
		}
	}
	if s := a.Senses; s != nil {
		body = append(body, sensesView(s))
	}
	return app.Div().Class("text-answer").Aria("live", "polite").Body(body...)
}

// sensesView compares a word's parts of speech.
func sensesView(s *train.WordSenses) app.UI {
	verdict := ""
	if len(s.Senses) > 1 {
		verdict = fmt.Sprintf("The mean features of “%s” as %s and as %s have cosine %.2f", s.Word, s.Senses[0].Tag, s.Senses[1].Tag, s.Cosine)
		if s.Cosine > 0.999 {
			verdict += ": one and the same vector, as in any static word embedding (skip-gram)."
		} else {
			verdict += ": a contextual model tells the uses apart."
		}
	} else {
		verdict = "“" + s.Word + "” occurs here as " + s.Senses[0].Tag + " only."
	}
	return app.Div().Class("text-senses").Body(
		app.P().Text(verdict),
		app.Range(s.Senses).Slice(func(i int) app.UI {
			sense := s.Senses[i]
			var near []string
			for _, n := range sense.Nearest {
				near = append(near, fmt.Sprintf("%s/%s %.2f", n.Word, n.Tag, n.Cosine))
			}
			return app.P().Body(app.Strong().Text(fmt.Sprintf("%s/%s", s.Word, sense.Tag)),
				app.Small().Text(fmt.Sprintf(" (%d sentences): ", sense.Count)), app.Span().Text(strings.Join(near, ", ")))
		}),
	)
}

// longer says what a longer pretraining buys.
func (p *TextPanel) longer() app.UI {
	text := "This preset pretrains for a browser's minute: a few hundred steps, some 300k tokens. That is enough to beat a random encoder with one or ten labelled sentences, not to beat a lookup table of words (one-hot word identity). The longer preset, brown-mlm-long (about 6 M tokens, 7 epochs, half an hour natively), beats the lookup table at every budget, by less the more labels there are: 13 points of accuracy with one labelled sentence, 3 with a thousand, half a point with all 43,263 (870k tagged tokens), where finetuning still leads by 2."
	return app.Figure().Class("chart").ID("text-longer").Body(
		app.H3().Text("What a longer pretraining buys"),
		app.P().Text(text),
		app.If(p.LongCheckpoint != "", func() app.UI {
			return app.P().Class("hint").Text("Its encoder is shipped: set the checkpoint to “" + p.LongCheckpoint + "” (preset brown-mlm-long) to adapt it at once.")
		}),
	)
}

// AttentionMaps draws a transformer's attention over a sentence: one grid
// per layer and head, row i the weights token i gives the others, darker
// for more.
type AttentionMaps struct {
	app.Compo

	Tokens        []string
	Maps          [][]float64 // layer by layer, head by head: (L, L) row-major
	Layers, Heads int
}

func (a *AttentionMaps) Render() app.UI {
	l := len(a.Tokens)
	return app.Div().Class("text-attention").ID("text-attention").Body(
		app.P().Class("hint").Text("Attention, per layer and head: row i is how token i spreads its attention over the sentence (darker is more)."),
		app.Div().Style("display", "flex").Style("flex-wrap", "wrap").Style("gap", "0.75em").Body(app.Range(a.Maps).Slice(func(k int) app.UI {
			m := a.Maps[k]
			if len(m) != l*l {
				return app.Div()
			}
			return app.Figure().Class("attn-map").Style("margin", "0").Style("font-size", "0.7em").Body(
				app.FigCaption().Text(fmt.Sprintf("layer %d, head %d", k/max(a.Heads, 1)+1, k%max(a.Heads, 1)+1)),
				app.Table().Class("attn").Body(
					app.Tr().Body(app.Th(), app.Range(a.Tokens).Slice(func(j int) app.UI {
						return app.Th().Class("attn-col").Style("writing-mode", "vertical-rl").Style("font-weight", "normal").Text(a.Tokens[j])
					})),
					app.Range(a.Tokens).Slice(func(i int) app.UI {
						return app.Tr().Body(
							app.Th().Style("text-align", "right").Style("font-weight", "normal").Text(a.Tokens[i]),
							app.Range(a.Tokens).Slice(func(j int) app.UI {
								v := m[i*l+j]
								return app.Td().Title(fmt.Sprintf("%s → %s: %.3f", a.Tokens[i], a.Tokens[j], v)).
									Style("width", "1.1em").Style("height", "1.1em").Style("padding", "0").
									Style("background", fmt.Sprintf("rgba(40, 70, 160, %.3f)", v))
							}),
						)
					}),
				),
			)
		})),
	)
}

// textBudgetChoices are the text label budgets, in labelled sentences:
// zero-shot, the few-shot sweep, all of the pool.
func textBudgetChoices(current int) []int {
	out := []int{0}
	for _, b := range train.TextBudgets {
		out = append(out, int(b))
	}
	if !slices.Contains(out, current) {
		out = append(out, current)
		slices.SortFunc(out, func(a, b int) int { return budgetOrder(a) - budgetOrder(b) })
	}
	return out
}
