package data_test

import (
	"errors"
	"fmt"
	"strings"

	"sslab/ml/data"
)

// Reading a user's file: the label column is found by its name, the classes
// are sorted, and the features are standardised with statistics from the
// training split only.
func ExampleReadCSV() {
	const file = `petal length,petal width,species
1.4,0.2,setosa
4.7,1.4,versicolor
1.3,0.2,setosa
4.5,1.5,versicolor
1.5,0.2,setosa
4.9,1.5,versicolor
1.4,0.3,setosa
4.0,1.3,versicolor
`
	d, err := data.ReadCSV(strings.NewReader(file), data.CSVOptions{Name: "iris.csv", Label: "species"})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Name, d.Len(), d.Dim(), d.ClassNames, d.Labels)

	split := data.DefaultSplit(d)
	mean, std := data.Standardize(d, split.Train)
	fmt.Println(len(split.Train), len(mean), len(std))
	// Output:
	// iris.csv 8 2 [setosa versicolor] [0 1 0 1 0 1 0 1]
	// 6 2 2
}

// Problems are reported where a spreadsheet shows them.
func ExampleCSVError() {
	const file = "x,y,label\n1,2,a\n3,4,b\n5,,a\n"
	_, err := data.ReadCSV(strings.NewReader(file), data.CSVOptions{})
	var ce *data.CSVError
	if errors.As(err, &ce) {
		fmt.Println(ce.Line, ce.Column)
	}
	fmt.Println(err)
	// Output:
	// 4 2
	// line 4, column 2: the cell is empty: expected a number (fill in the missing value or delete the row)
}
