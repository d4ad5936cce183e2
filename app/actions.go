package main

// Actions the page's components raise and the Lab handles: go-app's way
// for a child to tell its parent something without a func prop (a func
// prop never compares equal, so it would re-render the child every time).
const (
	actSetField    = "sslab/set-field"    // fieldChange
	actPreset      = "sslab/preset"       // preset name
	actStart       = "sslab/start"        //
	actPause       = "sslab/pause"        //
	actResume      = "sslab/resume"       //
	actReset       = "sslab/reset"        //
	actShare       = "sslab/share"        //
	actShowSetup   = "sslab/show-setup"   //
	actBudget      = "sslab/budget"       // shots (int)
	actReadapt     = "sslab/readapt"      //
	actApproach    = "sslab/approach"     // session.Approach (Shots ignored: the budget applies)
	actDownload    = "sslab/download"     // download kind (string)
	actSaveEncoder = "sslab/save-encoder" //
	actLoadEncoder = "sslab/load-encoder" // loadedFile
)

// fieldChange is a control's new text for one config field.
type fieldChange struct {
	Name, Value string
}

// loadedFile is a checkpoint file the learner picked.
type loadedFile struct {
	Name, Text string
}

// Actions about the user's own data file.
const (
	actLoadData   = "sslab/load-data"   // dataFile
	actRefuseData = "sslab/refuse-data" // why the picked file was not read (string)
)

// dataFile is a CSV file the learner picked or dropped, read in the page,
// with how to read it.
type dataFile struct {
	Name, Text    string
	Label, Header string
	Image         string // "" or WIDTHxHEIGHT
}
