package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// harness is a Python program that imports exported scripts as modules
// (their main does not run on import) and calls their functions on the
// inputs a test gives, so that one Python process (one torch import)
// checks many pieces against sslab's Go code. argv: input JSON, output JSON.
const harness = `
import importlib.util, json, sys
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
modules = {}


def load(path):
    if path not in modules:
        spec = importlib.util.spec_from_file_location("run%d" % len(modules), path)
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        modules[path] = m
    return modules[path]


def T(a, *shape):
    t = torch.tensor(a, dtype=torch.float64)
    return t.reshape(*shape) if shape else t


def flat(t):
    return t.reshape(-1).tolist()


inp = json.load(open(sys.argv[1]))
out = {}
for name, case in inp.items():
    m = load(case["script"])
    if name == "warp":
        out[name] = [flat(m.warp(T(c["img"], 1, -1), c["w"], c["h"], T([c["rot"]]), T([c["scale"]]), T([c["dx"]]), T([c["dy"]])))
                     for c in case["cases"]]
    elif name.startswith("augment"):
        ds = m.Dataset(m.DATA)
        x = torch.as_tensor(ds.x)
        aug = m.Augment(m.CONFIG, ds, x, torch.as_tensor(ds.train))
        v = aug(x[case["row"]].repeat(case["n"], 1), m.generator(torch.device("cpu"), 7, 1))
        out[name] = {"mean": flat(v.mean(0)), "m2": flat((v * v).mean(0)), "var": flat(v.var(0)), "var2": flat((v * v).var(0))}
    elif name == "mask":
        g = m.generator(torch.device("cpu"), 7, 2)
        k = m.random_mask(g, case["n"], case["d"], case["p"], torch.zeros(1))
        out[name] = {"mean": flat(k.mean(0)), "min_row": float(k.sum(1).min())}
    elif name.startswith("step"):
        cfg, ds = m.CONFIG, m.Dataset(m.DATA)
        x = torch.as_tensor(ds.x)
        meth = m.Method(cfg, ds.dim, m.Dist("cpu"))
        p, off = torch.tensor(case["params"]), 0
        for net in meth.nets():
            k = sum(q.numel() for q in net.parameters())
            net.load_flat(p[off:off + k])
            off += k
        meth.make_target()
        xb = x[torch.as_tensor(ds.train)]
        loss = meth(xb.shape[0], xb, xb)
        opt = m.Optimizer(cfg["opt"], [q for q in meth.parameters() if q.requires_grad], cfg["lr"], cfg["wd"])
        opt.zero_grad()
        loss.backward()
        gn = m.grad_norm(opt.params)
        opt.step()
        meth.ema_update()
        out[name] = {"loss": float(loss), "grad_norm": gn, "params": flat(torch.cat([n.flat() for n in meth.nets()]))}
    elif name == "logreg":
        W, b, note = m.fit_logreg(T(case["x"], case["n"], case["d"]), torch.tensor(case["y"]), case["classes"], case["lambda"])
        out[name] = {"logits": flat(T(case["test"], -1, case["d"]) @ W + b), "note": note}
    elif name == "ridge":
        w, b = m.fit_ridge(T(case["x"], case["n"], case["d"]), T(case["y"], -1), case["lambda"])
        out[name] = {"w": flat(w), "b": float(b)}
    elif name == "knn":
        pred = m.knn_predict(T(case["train"], -1, case["d"]), torch.tensor(case["ytrain"]), T(case["test"], -1, case["d"]),
                             case["k"], case["classes"])
        out[name] = pred.tolist()
    elif name == "retrieval":
        out[name] = list(m.retrieval(T(case["z"], -1, case["d"]), torch.tensor(case["labels"]), case["k"]))
    elif name == "cluster":
        out[name] = [m.cluster_accuracy(np.array(c["assign"]), np.array(c["labels"]), c["classes"]) for c in case["cases"]]
    elif name == "kmeans":
        z = np.array(case["z"]).reshape(-1, case["d"])
        a = m.kmeans(z, case["k"], np.random.Generator(np.random.PCG64(3)))
        out[name] = m.cluster_accuracy(a, np.array(case["labels"]), case["k"])
    elif name == "mse":
        r = T(case["recon"], -1, case["d"]).requires_grad_(True)
        loss = m.masked_mse(r, T(case["target"], -1, case["d"]), T(case["mask"], -1, case["d"]))
        loss.backward()
        out[name] = {"loss": float(loss), "grad": flat(r.grad)}
    elif name.startswith("dataset"):
        ds = m.Dataset(m.DATA)
        none = lambda a: None if a is None else a.tolist()
        out[name] = {"x": flat(torch.as_tensor(ds.x)), "labels": none(ds.labels), "targets": none(ds.targets),
                     "train": ds.train.tolist(), "test": ds.test.tolist(), "width": ds.width, "height": ds.height,
                     "classes": ds.classes}
    elif name == "pretrain":
        # Every script's first steps in one process group: each process
        # runs the scripts' own build, trainer and pretrain.
        D = None
        for c in case["cases"]:
            mc = load(c["script"])
            D = D or mc.Dist("cpu")
            ds = mc.Dataset(mc.DATA)
            x = torch.as_tensor(ds.x)
            method, _ = mc.build(mc.CONFIG, ds, D)
            model, opt = mc.trainer(method, mc.CONFIG, D)
            mc.pretrain(method, model, opt, ds, x, mc.CONFIG, D, c["steps"], c["trace"])
        # Every process leaves the group, as the script's main does: gloo
        # aborts a process that exits with its group still up ("terminate
        # called without an active exception").
        rank = D.rank
        D.close()
        if rank != 0:
            sys.exit(0)
    elif name == "literals":
        import ast
        out[name] = [ast.literal_eval(src) for src in case["source"]]
    else:
        raise SystemExit("harness: unknown case %r" % name)
json.dump(out, open(sys.argv[2], "w"))
`

// runHarness runs harness on in (case name -> inputs, each with a "script")
// and decodes its output into out.
func runHarness(t *testing.T, py string, in map[string]any, out any) {
	t.Helper()
	dir := t.TempDir()
	prog, inPath, outPath := filepath.Join(dir, "harness.py"), filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prog, []byte(harness), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runPy(t, py, prog, inPath, outPath)
	b, err = os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}
