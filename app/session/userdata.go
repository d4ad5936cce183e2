package session

import (
	"errors"
	"fmt"
	"strings"

	"sslab/ml/config"
	"sslab/ml/data"
)

// userData is the user's own dataset, as read from the last accepted file.
type userData struct {
	ds   *data.Dataset // never modified: each run standardises a copy
	info DataInfo
}

// loadData reads the user's CSV file of a data message and keeps it for
// later runs with data=csv. A refused file leaves the previous one: the
// error names the file, the line and the column, and says what to fix.
func (s *Session) loadData(m Message) {
	refuse := func(err error) {
		s.Send(Message{Type: MsgError, Run: m.Run, Code: CodeBadFile, Param: ParamCSV, Message: err.Error()})
	}
	req := m.Data
	if req == nil {
		req = &DataFile{}
	}
	name := strings.TrimSpace(req.Name)
	if name == "" {
		name = "your data"
	}
	text, ok := m.Files[FileData]
	if !ok {
		refuse(fmt.Errorf("%s: the message carries no file (files[%q] is missing)", name, FileData))
		return
	}
	if len(text) > data.MaxCSVBytes {
		// Checked before parsing; the page checks the size before reading too.
		refuse(fmt.Errorf("%s: the file has %d bytes, more than the %d MiB (%d bytes) sslab reads so that the page stays responsive: use fewer rows or columns",
			name, len(text), data.MaxCSVBytes>>20, data.MaxCSVBytes))
		return
	}
	ds, err := data.ReadCSV(strings.NewReader(text), data.CSVOptions{
		Name: name, Label: req.Label, Header: req.Header, Width: req.Width, Height: req.Height,
	})
	if err != nil {
		refuse(fmt.Errorf("%s: %w", name, err))
		return
	}
	info := describe(ds)
	s.user = &userData{ds: ds, info: info}
	s.Send(Message{Type: MsgDataOK, Run: m.Run, Dataset: &info})
}

// describe summarises ds for the page.
func describe(ds *data.Dataset) DataInfo {
	var tasks []config.Task
	if ds.Supports(data.Classification) {
		tasks = append(tasks, config.Classification)
	}
	if ds.Supports(data.Regression) {
		tasks = append(tasks, config.Regression)
	}
	return DataInfo{Name: ds.Name, Rows: ds.Len(), Columns: ds.Dim(), Classes: ds.Classes, Tasks: tasks,
		Width: ds.Width, Height: ds.Height, Label: ds.LabelColumn, LabelGuessed: ds.LabelGuessed}
}

// errNoUserData is the error of a run with data=csv before any file.
var errNoUserData = errors.New(`data "csv" is your own file, and none is loaded: load a CSV file under "Your own data (CSV)" first, or choose another dataset`)

// userDataset returns the user's dataset for a run of cfg.
func (s *Session) userDataset(cfg config.Config) (*data.Dataset, error) {
	if s.user == nil {
		return nil, errNoUserData
	}
	return s.user.ds, nil
}
