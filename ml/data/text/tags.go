package text

import (
	"fmt"
	"strings"
)

// Tag is one of the 12 universal part-of-speech tags.
type Tag uint8

// The universal tags, in the order the files store them.
const (
	Noun Tag = iota
	Verb
	Adj
	Adv
	Pron
	Det
	Adp
	Num
	Conj
	Prt
	Punct
	X
	NumTags = 12
)

var tagNames = [NumTags]string{"NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X"}

func (t Tag) String() string {
	if t < NumTags {
		return tagNames[t]
	}
	return fmt.Sprintf("Tag(%d)", uint8(t))
}

// TagNames returns the universal tags' names, in Tag order.
func TagNames() []string { return append([]string(nil), tagNames[:]...) }

// baseTag strips a Brown tag down to the part the mapping reads: the
// suffix from its first '-' on (nn-tl -> nn, nn-tl-hl -> nn, fw-nn -> fw,
// .-hl -> .), except that the dash tag "--" is its own base ("---hl" ->
// "--"), then every '*' (negation: bez* -> bez) and '$' (possessive: np$ ->
// np, pp$$ -> pp).
func baseTag(tag string) string {
	if strings.HasPrefix(tag, "--") {
		return "--"
	}
	if i := strings.IndexByte(tag, '-'); i > 0 {
		tag = tag[:i]
	}
	if strings.ContainsAny(tag, "*$") {
		tag = strings.NewReplacer("*", "", "$", "").Replace(tag)
	}
	return tag
}

// UniversalTag maps a Brown tag (lowercase, as the corpus writes it) to a
// universal tag, by the protocol's rules on its base (see baseTag): nn*,
// np* NOUN; vb*, be*, do*, hv*, md VERB; jj* ADJ; rb*, wrb, ql*, rn ADV;
// rp, to PRT; pp*, wp*, ex PRON; at, ap, abn, abx, dt*, wdt DET; in ADP; cd,
// od NUM; cc, cs CONJ; a tag without letters (. , : ( ) --, and the
// quotes' tags) is punctuation; fw* and everything else X. Prefix rules (nn*) match any
// base that starts so, compounds included (ppss+md is PRON); the others
// match the base exactly (in+ppo is X). A bare negation tag "*" (not, n't)
// has an empty base and is X.
func UniversalTag(brown string) Tag {
	b := baseTag(brown)
	has := func(prefixes ...string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(b, p) {
				return true
			}
		}
		return false
	}
	is := func(names ...string) bool {
		for _, n := range names {
			if b == n {
				return true
			}
		}
		return false
	}
	switch {
	case b == "":
		return X
	case has("fw"):
		return X
	case has("nn", "np"):
		return Noun
	case has("vb", "be", "do", "hv") || is("md"):
		return Verb
	case has("jj"):
		return Adj
	case has("rb", "ql") || is("wrb", "rn"):
		return Adv
	case is("rp", "to"):
		return Prt
	case has("pp", "wp") || is("ex"):
		return Pron
	case has("dt") || is("at", "ap", "abn", "abx", "wdt"):
		return Det
	case is("in"):
		return Adp
	case is("cd", "od"):
		return Num
	case is("cc", "cs"):
		return Conj
	case !strings.ContainsFunc(b, isLetter):
		return Punct
	}
	return X
}

func isLetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
