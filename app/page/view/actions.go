package view

// Actions the page's components raise and the Lab handles: go-app's way
// for a child to tell its parent something without a func prop (a func
// prop never compares equal, so it would re-render the child every time).
const (
	ActSetField     = "sslab/set-field"     // FieldChange
	ActToggleChoice = "sslab/toggle-choice" // ChoiceToggle
	ActPreset       = "sslab/preset"        // preset name
	ActStart        = "sslab/start"         //
	ActRestart      = "sslab/restart"       // start a fresh training worker
	ActOpenBuilder  = "sslab/open-builder"  // the embed builder
	ActCloseBuilder = "sslab/close-builder" //
	ActEmbedOption  = "sslab/embed-option"  // EmbedChange
	ActDrawer       = "sslab/drawer"        // open (true) or close (false) the set-up drawer
	ActPause        = "sslab/pause"         //
	ActResume       = "sslab/resume"        //
	ActReset        = "sslab/reset"         //
	ActShare        = "sslab/share"         //
	ActShowSetup    = "sslab/show-setup"    //
	ActBudget       = "sslab/budget"        // shots (int)
	ActReadapt      = "sslab/readapt"       //
	ActApproach     = "sslab/approach"      // session.Approach (Shots ignored: the budget applies)
	ActDownload     = "sslab/download"      // download kind (string)
	ActSaveEncoder  = "sslab/save-encoder"  //
	ActLoadEncoder  = "sslab/load-encoder"  // LoadedFile
	ActRefuseFile   = "sslab/refuse-file"   // why a picked file was not read (string)
)

// FieldChange is a control's new text for one config field.
type FieldChange struct {
	Name, Value string
}

// ChoiceToggle turns one choice of a list field (panels) on or off.
type ChoiceToggle struct {
	Name, Choice string
	On           bool
}

// LoadedFile is a checkpoint file the learner picked.
type LoadedFile struct {
	Name, Text string
}

// Actions about the user's own data file.
const (
	ActLoadData   = "sslab/load-data"   // DataFile
	ActRefuseData = "sslab/refuse-data" // why the picked file was not read (string)
)

// DataFile is a CSV file the learner picked or dropped, read in the page,
// with how to read it.
type DataFile struct {
	Name, Text    string
	Label, Header string
	Image         string // "" or WIDTHxHEIGHT
}

// Kinds of result download.
const (
	DownloadJSON       = "json"
	DownloadCSV        = "csv"
	DownloadEmbeddings = "embeddings"
)
