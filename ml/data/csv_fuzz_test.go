package data

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// FuzzReadCSV checks that ReadCSV never panics or hangs on any input, that
// every failure is a *CSVError pointing inside the file, and that every
// success is a consistent dataset, the same on a second read. Inputs need
// no size bound here: ReadCSV itself stops reading after MaxCSVBytes.
func FuzzReadCSV(f *testing.F) {
	good := []string{
		"a,b,label\n" + twoClass,
		twoClass,
		"\ufeffa;b;label\n" + strings.ReplaceAll(twoClass, ",", ";"),
		"a\tb\tclass\r\n" + strings.ReplaceAll(twoClass, ",", "\t"),
		"x,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n5,4.5\n6,5.5\n7,6.5\n8,7.5\n",
		"\"a\",\"b\",\"label\"\n\"1\",\"2\",\"x, y\"\n3,4,\"multi\nline\"\n5,6,z\n7,8,z\n9,0,x\n1,1,x\n2,2,z\n3,3,z\n",
		"a,b,label,,\n1,2,x,,\n3,4,y\n\n,,,\n5,6,x\n7,8,y\n9,0,x\n1,1,y\n2,2,x\n3,3,y\n",
		"p0,p1,p2,p3,label\n" + strings.Repeat("0,255,255,0,1\n255,0,0,255,0\n", 4),
		"a;b\n1,5;2\n3,5;4\n5;6\n7;8\n9;10\n11;12\n13;14\n15;16\n",
		"5.1,3.5,setosa\n" + twoClass,
		"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"caf\xe9,label\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n",
		"a\rb\r1\r2\r3\r4\r5\r6\r7\r8\r",
	}
	bad := []string{
		"",
		"a,b,label\n",
		"a,b,label\n1,2\n",
		"a,b,label\n1,x,a\n",
		"1,NaN\n", "1,inf\n", "1,1e999\n", "1,-Inf\n",
		"a,b\n1,\"2\n",
		"a,b\n1,2\"3\n",
		"a,b\n1,\"2\"3\n",
		"a,label\n1,c\n2,c\n3,c\n4,c\n5,c\n6,c\n7,c\n8,c\n",
		"PK\x03\x04",
		"a,b\x00\n",
		strings.Repeat("1,", 1100) + "1\n",
	}
	for i, s := range append(good, bad...) {
		label := []string{"", "none", "3", "label", "1", "species"}[i%6]
		f.Add([]byte(s), label, uint8(i), uint8(0), uint8(0))
	}
	f.Add([]byte("p0,p1,p2,p3,label\n"+strings.Repeat("0,255,255,0,1\n255,0,0,255,0\n", 4)), "", uint8(0), uint8(2), uint8(2))

	f.Fuzz(func(t *testing.T, in []byte, label string, header, width, height uint8) {
		opt := CSVOptions{
			Label:  label,
			Header: []string{"", "auto", "yes", "no"}[header%4],
			Width:  int(width % 40),
			Height: int(height % 40),
		}
		d, err := ReadCSV(bytes.NewReader(in), opt)
		if err != nil {
			var ce *CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is a %T, not a *CSVError", err, err)
			}
			lines := bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) + 1
			if ce.Line < 0 || ce.Line > lines || ce.Column < 0 || ce.Column > len(in)+1 || ce.Msg == "" {
				t.Fatalf("error at line %d, column %d of a %d-line file: %q", ce.Line, ce.Column, lines, ce.Msg)
			}
			return
		}
		checkDataset(t, d)
		if opt.Width > 0 && opt.Height > 0 && !d.IsImage() {
			t.Fatalf("image options %d×%d lost", opt.Width, opt.Height)
		}
		again, err := ReadCSV(bytes.NewReader(in), opt)
		if err != nil {
			t.Fatalf("second read failed: %v", err)
		}
		if !sameFloats(again.X.Data, d.X.Data) || !slices.Equal(again.Labels, d.Labels) ||
			!slices.Equal(again.ClassNames, d.ClassNames) || !sameFloats(again.Targets, d.Targets) {
			t.Fatal("second read differs")
		}
	})
}
