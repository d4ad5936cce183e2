package tensor

import "fmt"

// Mat is a dense row-major matrix: element (i, j) is Data[i*Cols+j].
type Mat struct {
	Rows, Cols int
	Data       []float64
}

// NewMat returns a zeroed r×c matrix.
func NewMat(r, c int) *Mat {
	if r < 0 || c < 0 {
		panic(fmt.Sprintf("tensor: negative shape (%d, %d)", r, c))
	}
	return &Mat{Rows: r, Cols: c, Data: make([]float64, r*c)}
}

// FromRows returns a matrix holding a copy of rows.
func FromRows(rows [][]float64) *Mat {
	if len(rows) == 0 {
		return NewMat(0, 0)
	}
	m := NewMat(len(rows), len(rows[0]))
	for i, r := range rows {
		if len(r) != m.Cols {
			panic(fmt.Sprintf("tensor: row %d has %d values, want %d", i, len(r), m.Cols))
		}
		copy(m.Row(i), r)
	}
	return m
}

// Resize makes m an r×c matrix, reusing its storage when it is large enough.
// The contents are unspecified afterwards.
func (m *Mat) Resize(r, c int) *Mat {
	if cap(m.Data) < r*c {
		m.Data = make([]float64, r*c)
	}
	m.Rows, m.Cols, m.Data = r, c, m.Data[:r*c]
	return m
}

// Row returns row i as a slice of m's storage.
func (m *Mat) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// At returns element (i, j).
func (m *Mat) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Set sets element (i, j).
func (m *Mat) Set(i, j int, v float64) { m.Data[i*m.Cols+j] = v }

// Slice returns rows [i, j) as a matrix sharing m's storage.
func (m *Mat) Slice(i, j int) *Mat {
	return &Mat{Rows: j - i, Cols: m.Cols, Data: m.Data[i*m.Cols : j*m.Cols]}
}

// Clone returns a deep copy of m.
func (m *Mat) Clone() *Mat {
	c := NewMat(m.Rows, m.Cols)
	copy(c.Data, m.Data)
	return c
}

// CopyFrom makes m a copy of src, reusing m's storage.
func (m *Mat) CopyFrom(src *Mat) {
	m.Resize(src.Rows, src.Cols)
	copy(m.Data, src.Data)
}

// Zero sets every element to 0.
func (m *Mat) Zero() { clear(m.Data) }

// Gather makes m the rows idx of src, in that order.
func (m *Mat) Gather(src *Mat, idx []int) {
	m.Resize(len(idx), src.Cols)
	for i, r := range idx {
		copy(m.Row(i), src.Row(r))
	}
}

func checkShape(op string, ok bool, shapes ...*Mat) {
	if ok {
		return
	}
	s := op + ": shape mismatch"
	for _, m := range shapes {
		s += fmt.Sprintf(" (%d,%d)", m.Rows, m.Cols)
	}
	panic("tensor: " + s)
}
