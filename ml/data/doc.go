// Package data provides sslab's datasets, their train/test splits and label
// budgets, and the random augmentations that self-supervised training draws
// views from.
//
// Three kinds of data are offered. The handwritten digits are scikit-learn's
// 8×8 copy of the UCI Optical Recognition of Handwritten Digits set (1,797
// images, 10 classes), embedded in the binary so the browser build needs no
// network access. Two real tables are embedded the same way: the Wisconsin
// diagnostic breast cancer set (569 tumours, 30 measurements, malignant or
// benign) and the diabetes set of Efron et al. (442 patients, 10 baseline
// variables, a regression target). The 2-D toy sets (moons, circles,
// spirals, blobs) are generated from a seed and centred to roughly unit
// scale. Tables get SCARF's views (FeatureCorruption), and points the
// neighbour view (Neighbours: a walk over the k-nearest-neighbour graph of
// the training points); both draw from the training split only.
//
// Everything random goes through num.RNG from an explicit seed, so the same
// seed gives bit-identical data, splits and augmented views natively and in
// WebAssembly. The default train/test split uses a fixed seed of its own:
// a reported test accuracy always refers to the same test examples whatever
// the run's seed.
//
// Augmentations are written for the training loop, which calls them once per
// example per step: after construction they never allocate.
package data
