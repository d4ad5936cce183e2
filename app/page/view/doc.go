// Package view holds the lab page's components, one per file: the set-up
// column (SetupPanel, with a FieldControl per setting of ml/config's
// schema, the PresetPicker, DataUpload and EmbedCode), the RunBar, the
// pretraining and adaptation panels and what they are made of (ChartCard,
// CollapseMeter, BudgetPicker, ResultsTable, ConfusionView,
// ResultActions), the ideas beside each view (Idea, IdeasPanel, their
// MathML in math.go) and the page's frame (Header, Footer, IssueList).
//
// They draw their props and nothing else: the page (app/page's Lab) owns
// the state and hands each its part, and they tell it what the reader did
// by raising actions (actions.go) rather than by calling back, since a
// func prop never compares equal and would redraw the component every
// time. Charts arrive as SVG the worker drew; a view only frames them.
package view
