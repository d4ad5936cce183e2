// Command fmt is Go's runtime with fmt, which every error message of ml/
// reaches (fmt brings reflect and strconv with it).
package main

import "fmt"

func main() { fmt.Println("sslab", 1.5) }
