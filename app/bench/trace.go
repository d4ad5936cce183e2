//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceCategories are those of DevTools' Performance panel: the page's
// tasks with what ran in them (script, parsing, style, layout, paint, GC)
// and JavaScript/wasm samples.
var traceCategories = []string{
	"-*", "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
	"toplevel", "blink.user_timing", "v8.execute", "disabled-by-default-v8.cpu_profiler", "disabled-by-default-v8.gc",
}

// tracer records a Chrome trace of a tab, from start to stop, for the
// Performance panel of DevTools or https://ui.perfetto.dev.
type tracer struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

// startTrace starts tracing the tab of ctx.
func startTrace(ctx context.Context) (*tracer, error) {
	tr := &tracer{done: make(chan struct{})}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			tr.mu.Lock()
			for _, v := range ev.Value {
				b, err := json.Marshal(v)
				if err == nil {
					tr.events = append(tr.events, b)
				}
			}
			tr.mu.Unlock()
		case *tracing.EventTracingComplete:
			close(tr.done)
		}
	})
	if err != nil {
		return nil, err
	}
	_, err = chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		})
		return err
	}))
	return tr, err
}

// stop ends the trace and writes it to path as a JSON trace file.
func (tr *tracer) stop(ctx context.Context, path string) error {
	_, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, tracing.End, cdp.Empty{})
		return err
	}))
	if err != nil {
		return err
	}
	select {
	case <-tr.done:
	case <-time.After(30 * time.Second):
		return fmt.Errorf("the trace did not complete")
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var b bytes.Buffer
	b.WriteString(`{"traceEvents":[`)
	for i, e := range tr.events {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(e)
	}
	b.WriteString("]}\n")
	return os.WriteFile(path, b.Bytes(), 0o644)
}
