package data

// Clone returns a deep copy of d that shares no memory with it, so a
// caller can transform the copy (Standardize, say) and keep the original.
func (d *Dataset) Clone() *Dataset { return d.clone() }
