package view

// go-app writes a boolean attribute set to false as attr="false" when it
// prerenders, and HTML reads any present boolean attribute as true: the
// prerendered page would show every box checked and every button
// disabled. These helpers add the attribute only when it is on; in the
// browser go-app removes an attribute that a new render leaves out.

type disabler[T any] interface{ Disabled(bool) T }
type checker[T any] interface{ Checked(bool) T }
type selecter[T any] interface{ Selected(bool) T }

// disabledIf disables e when on.
func disabledIf[T disabler[T]](e T, on bool) T {
	if on {
		return e.Disabled(true)
	}
	return e
}

// checkedIf checks e when on.
func checkedIf[T checker[T]](e T, on bool) T {
	if on {
		return e.Checked(true)
	}
	return e
}

// selectedIf selects e when on.
func selectedIf[T selecter[T]](e T, on bool) T {
	if on {
		return e.Selected(true)
	}
	return e
}
