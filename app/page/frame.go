package page

import (
	"math"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The browser side of the protocol with an embedding page (parent.go has
// its tables): posting, listening to commands, reporting the height. All
// of it does nothing outside a frame, and nothing on the server.

// postMsg posts m to the parent window: to the origin of ?parent= when it
// is set, else to any origin (the results are not secret, and the notes
// embedding the lab may live on any origin).
func (l *Lab) postMsg(m outMsg) {
	if !inFrame() && l.sent == nil {
		return
	}
	b, err := m.JSON()
	if err != nil {
		app.Log("sslab: not posted to the parent: " + err.Error())
		return
	}
	if l.sent != nil {
		l.sent(b)
		return
	}
	win := app.Window()
	target := "*"
	if l.parentOrigin != "" {
		target = l.parentOrigin
	}
	win.Get("parent").Call("postMessage", win.Get("JSON").Call("parse", string(b)), target)
}

// listenToParent acts on the parent's commands. A message is a command
// only if it comes from the parent window (event.source), from the origin
// of ?parent= when that is set, and says target "sslab"; anything else is
// ignored without an answer.
func (l *Lab) listenToParent(ctx app.Context) {
	if !inFrame() || l.onCommand != nil {
		return
	}
	win := app.Window()
	l.onCommand = app.FuncOf(func(this app.Value, args []app.Value) any {
		defer func() { recover() }() // a message the browser cannot stringify is not a command
		if len(args) == 0 {
			return nil
		}
		e := args[0]
		if !e.Get("source").Equal(win.Get("parent")) {
			return nil
		}
		if o := e.Get("origin"); l.parentOrigin != "" && (o.Type() != app.TypeString || o.String() != l.parentOrigin) {
			return nil
		}
		data := e.Get("data")
		if data.Type() != app.TypeObject || data.Get("target").Type() != app.TypeString || data.Get("target").String() != "sslab" {
			return nil
		}
		text := win.Get("JSON").Call("stringify", data)
		if text.Type() != app.TypeString || len(text.String()) > 2*maxCommandQuery {
			return nil
		}
		c, ok, bad := decodeCommand([]byte(text.String()))
		if !ok {
			return nil
		}
		ctx.Dispatch(func(ctx app.Context) {
			if bad {
				l.postMsg(errorMsg(codeBadCommand, codeBadCommand, "", c.ID, c.Type))
				return
			}
			l.postMsg(l.apply(ctx, c))
		})
		return nil
	})
	win.Call("addEventListener", "message", l.onCommand)
}

// reportHeight posts the lab's content height whenever it changes, so
// that the parent can size the frame (web/embed.js does it for every sslab
// frame of a page).
func (l *Lab) reportHeight(ctx app.Context) {
	if !inFrame() || l.onResize != nil {
		return
	}
	win := app.Window()
	if !win.Get("ResizeObserver").Truthy() {
		return
	}
	root := l.JSValue()
	if !root.Truthy() {
		return
	}
	l.onResize = app.FuncOf(func(this app.Value, args []app.Value) any {
		r := root.Call("getBoundingClientRect")
		h := int(math.Ceil(r.Get("bottom").Float() + win.Get("scrollY").Float()))
		if h > 0 && h != l.lastHeight {
			l.lastHeight = h
			l.postMsg(resizeMsg(h))
		}
		return nil
	})
	win.Get("ResizeObserver").New(l.onResize).Call("observe", root)
}
