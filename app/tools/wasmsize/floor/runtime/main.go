// Command runtime is the smallest Go program for js/wasm: Go's runtime and
// a print, the floor of every binary the lab ships.
package main

func main() { println("sslab") }
