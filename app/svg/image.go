package svg

import (
	"math"
)

// grayLevels is the number of ink shades of ImageGrid pixels.
const grayLevels = 32

// ImageGrid draws grayscale images (each width × height values, row-major,
// in [0, 1]: 0 is the white background, 1 black ink, like a pen digit) in
// a grid of cols columns (cols <= 0: about square), with captions[i] under
// image i when given. Pixels are <rect>-like runs, one <path> per shade for
// the whole grid, so a grid of 64 digits stays a few dozen elements. With Width and Height 0 the
// size follows the images (at least two screen pixels per image pixel);
// with Width alone, the height follows the width.
func ImageGrid(images [][]float64, width, height, cols int, captions []string, o Options) string {
	n := len(images)
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	cols = max(min(cols, n), 1)
	rows := (n + cols - 1) / cols
	// A caption followed by empty ones in its row spans their cells too
	// (a row's label: "view 1" under the first of eight), left-aligned.
	span := func(i int) int {
		k := 1
		for i+k < n && (i+k)%cols != 0 && (i+k >= len(captions) || captions[i+k] == "") {
			k++
		}
		return k
	}
	capH, capW := 0.0, 0.0
	for i, s := range captions {
		if s != "" && i < n {
			capH = fsTick + 5
			capW = max(capW, textWidth(truncate(s, 18), fsTick)/float64(span(i)))
		}
	}
	const pad, gap = 8.0, 6.0
	titleH := 0.0
	if o.Title != "" {
		titleH = fsTitle + 10
	}
	// Default size: two screen pixels per image pixel, at least 48px cells.
	side := float64(max(width, height, 1))
	cell := max(2*side, 48, capW-gap+2)
	dw := int(math.Ceil(2*pad + float64(cols)*cell + float64(cols-1)*gap))
	dh := int(math.Ceil(pad + 8 + titleH + float64(rows)*(cell+capH) + float64(rows-1)*gap))
	if o.Width > 0 && o.Height <= 0 {
		// The cells that fit the width, and the height they need.
		cell = max((float64(o.Width)-2*pad-float64(cols-1)*gap)/float64(cols), 1)
		dh = int(math.Ceil(pad + 8 + titleH + float64(rows)*(cell+capH) + float64(rows-1)*gap))
	}
	if n == 0 || width <= 0 || height <= 0 {
		dw, dh = 320, 200
	}
	w, h := dims(o, dw, dh)
	c := newCanvas(o, w, h, "Image grid")
	if n == 0 || width <= 0 || height <= 0 {
		c.noData(8, c.top, c.w-16, c.h-c.top-8)
		return c.end()
	}
	top := c.top
	cell = min((c.w-2*pad-float64(cols-1)*gap)/float64(cols),
		(c.h-top-pad-float64(rows)*capH-float64(rows-1)*gap)/float64(rows))
	cell = max(cell, 1)
	scale := cell / side
	iw, ih := float64(width)*scale, float64(height)*scale
	gridW := float64(cols)*cell + float64(cols-1)*gap
	x0 := (c.w - gridW) / 2

	// The whole grid is a few elements whatever its size: one path for the
	// frames and one per ink shade, each shade's runs of every image in
	// it. (A page swaps this chart in at every snapshot; its cost grows
	// with the elements, not with the length of a path.)
	frames := make([]byte, 0, 32*n)
	paths := make([][]byte, grayLevels+1)
	for i, img := range images {
		r, col := i/cols, i%cols
		x := x0 + float64(col)*(cell+gap) + (cell-iw)/2
		y := top + float64(r)*(cell+capH+gap) + (cell-ih)/2
		frames = appendRun(frames, x, y, iw, ih)
		for py := range height {
			run, start := 0, 0
			for px := 0; px <= width; px++ {
				lev := 0
				if px < width {
					lev = inkLevel(img, py*width+px)
				}
				if lev == run && px < width {
					continue
				}
				if run > 0 {
					paths[run] = appendRun(paths[run], x+float64(start)*scale, y+float64(py)*scale, float64(px-start)*scale, scale)
				}
				run, start = lev, px
			}
		}
		if i < len(captions) && captions[i] != "" {
			cy := top + float64(r)*(cell+capH+gap) + cell + fsTick + 1
			if k := span(i); k > 1 {
				c.text(x0+float64(col)*(cell+gap), cy, fsTick, "", `fill="`+inkColor+`"`,
					truncate(captions[i], max(fitRunes(float64(k)*(cell+gap)-gap, fsTick), 2)))
			} else {
				c.text(x0+float64(col)*(cell+gap)+cell/2, cy, fsTick, "middle", `fill="`+inkColor+`"`,
					truncate(captions[i], max(fitRunes(cell+gap, fsTick), 2)))
			}
		}
	}
	c.s(`<path fill="#FFFFFF" stroke="#BBBBBB" stroke-width="0.5" d="`)
	c.b.Write(frames)
	c.s(`"/><g shape-rendering="crispEdges">`)
	for l := 1; l <= grayLevels; l++ {
		if len(paths[l]) == 0 {
			continue
		}
		g := 255 * (1 - float64(l)/grayLevels)
		c.s(`<path fill="` + (rgb{g, g, g}).hex() + `" d="`)
		c.b.Write(paths[l])
		c.s(`"/>`)
	}
	c.s(`</g>`)
	return c.end()
}

// inkLevel is the shade (0 = white … grayLevels = black) of pixel i of img;
// missing and NaN pixels are background.
func inkLevel(img []float64, i int) int {
	if i >= len(img) || !(img[i] > 0) {
		return 0
	}
	return int(math.Round(math.Min(img[i], 1) * grayLevels))
}

// appendRun appends the closed rectangle (x, y, w, h) to path data.
func appendRun(d []byte, x, y, w, h float64) []byte {
	d = append(d, 'M')
	d = appendNum(d, x, 2)
	d = append(d, ' ')
	d = appendNum(d, y, 2)
	d = append(d, 'h')
	d = appendNum(d, w, 2)
	d = append(d, 'v')
	d = appendNum(d, h, 2)
	d = append(d, 'h')
	d = appendNum(d, -w, 2)
	return append(d, 'z')
}
