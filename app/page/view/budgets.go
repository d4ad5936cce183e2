package view

import (
	"slices"

	"sslab/ml/config"

	"sslab/ml/train"
)

// budgetChoices are the label budgets the adaptation view offers, in
// labels per class: zero-shot, the few-shot sweep of Evaluate, all labels.
func budgetChoices(task config.Task, current int) []int {
	if task == config.POS || task == config.Genre {
		return textBudgetChoices(current) // text_panel.go
	}
	var out []int
	if task == config.Classification {
		out = append(out, 0)
	}
	out = append(out, train.PerClassBudgets...)
	out = append(out, int(train.All))
	if !slices.Contains(out, current) {
		out = append(out, current)
		slices.SortFunc(out, func(a, b int) int { return budgetOrder(a) - budgetOrder(b) })
	}
	return out
}

// budgetOrder sorts budgets with "all" (-1) last.
func budgetOrder(b int) int {
	if b < 0 {
		return 1 << 30
	}
	return b
}

// nTaskOf returns the number of labelled examples of a budget, read off
// the rows (the zero-shot rows have 0, "all" the largest count).
func nTaskOf(shots int, rows []train.Row, classes int, regression bool) int {
	switch {
	case shots == 0:
		return 0
	case shots < 0:
		n := 0
		for _, r := range rows {
			n = max(n, r.NTask)
		}
		return n
	case regression:
		return 10 * shots
	}
	return shots * classes
}

// regime names a label budget by its number of labels.
func regime(nTask int, all bool) string {
	switch {
	case nTask == 0:
		return "zero-shot"
	case all:
		return "all labels"
	case nTask < 50:
		return "few-shot"
	}
	return "many-shot"
}

// rowsAt returns the rows with n_task n.
func rowsAt(rows []train.Row, n int) []train.Row {
	var out []train.Row
	for _, r := range rows {
		if r.NTask == n {
			out = append(out, r)
		}
	}
	return out
}

// approachName says in words what a row measures.
func approachName(encoder, adaptation string) string {
	switch adaptation + "/" + encoder {
	case "linear-probe/pretrained":
		return "Linear probe, pretrained encoder"
	case "linear-probe/random":
		return "Linear probe, random encoder"
	case "linear-probe/raw":
		return "Linear probe, raw inputs"
	case "knn/pretrained":
		return "kNN, pretrained encoder"
	case "knn/random":
		return "kNN, random encoder"
	case "knn/raw":
		return "kNN, raw inputs"
	case "finetune/pretrained":
		return "Finetuning the pretrained encoder"
	case "finetune/scratch":
		return "Training from scratch"
	case "kmeans/pretrained":
		return "k-means clusters, pretrained encoder"
	case "kmeans/random":
		return "k-means clusters, random encoder"
	case "kmeans/raw":
		return "k-means clusters, raw inputs"
	case "majority/majority":
		return "Majority class of the labels" // text (text_panel.go)
	}
	return adaptation + " on " + encoder
}

// approachRank orders rows: the pretrained encoder's first, baselines after.
func approachRank(r train.Row) int {
	order := []string{
		"linear-probe/pretrained", "finetune/pretrained", "knn/pretrained", "kmeans/pretrained",
		"linear-probe/random", "knn/random", "kmeans/random",
		"linear-probe/raw", "knn/raw", "kmeans/raw", "finetune/scratch",
	}
	if i := slices.Index(order, r.Adaptation+"/"+r.Encoder); i >= 0 {
		return i
	}
	return len(order)
}
