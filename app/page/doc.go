// Package page is the lab's page, a go-app client: the Lab component owns
// the lab's state (the config, which the URL mirrors, and the current run
// as the training worker reports it) and hands each view of app/page/view
// the part it draws; the views tell it what the reader did through
// actions. The page never trains: it talks to a Trainer (a Web Worker in
// the browser, a session on a goroutine in tests) in the messages of
// app/session, and cuts its own work into short tasks of the browser's
// event loop (tasks.go, lab_charts.go) so that it stays responsive while
// both cores train.
//
// Natively the package prerenders the page for the server and runs the
// component tests in go-app's test engine.
package page
