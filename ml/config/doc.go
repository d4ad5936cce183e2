// Package config is the single schema for every knob of an sslab run: the
// URL query of the page (a course author embeds the lab in an iframe whose
// whole state lives in the URL), the command-line flags of the CLI and the
// controls of the UI all go through the same table of Fields, so they parse
// the same text, enforce the same ranges and report the same messages.
//
// A Config is plain data. Every configuration starts from a named preset
// (Preset, Default) and overrides some parameters:
//
//   - Decode reads a URL query: the preset named by "preset", then every
//     other key. A bad key never turns into some other value: it keeps the
//     preset's value and is reported as a *ParamError.
//   - Encode and Query write the preset plus the parameters that differ from
//     it, so URLs stay short and Decode(Encode(c)) equals c exactly.
//   - NewFlags registers one flag per field on a flag.FlagSet and builds the
//     Config from the preset flag and the flags set explicitly.
//   - Fields and Lookup describe each parameter (label, help, kind, range,
//     choices) for building UI controls, and their Set methods parse and
//     check one value as typed by the user.
//
// Validation happens in two layers. Each Field checks its own value (syntax,
// range, choices, length). Validate additionally checks the rules that tie
// parameters together, such as regression being available only on the
// spirals data. Every message names the parameter, quotes the offending
// value (truncated and escaped, so hostile input is shown harmlessly) and
// says what is allowed.
//
// The package uses the standard library only and is safe for concurrent use;
// the exported name lists (DatasetNames and friends) may be extended only
// from init functions, before any concurrent use.
package config
