#!/usr/bin/env python3
# @@HEADER@@
"""An sslab run as a self-contained PyTorch program.

sslab (a self-supervised learning lab in the browser) wrote this file for one
config. It holds the exact dataset and split the lab used, and runs the same
protocol: pretraining with the config's objective and augmentations, then the
adaptation rows (linear probe, kNN, k-means, retrieval, finetuning, training
from scratch), printed as the JSON report `sslab train -json` prints.

    python3 THIS.py                                # one process
    torchrun --nproc_per_node=N THIS.py            # N processes (DDP; gloo on CPU, NCCL on GPUs)
    python3 THIS.py --launch N                     # the same through torchrun's own launcher
    python3 THIS.py --help                         # every option (batch, epochs, widths, ...)

Under torchrun every process takes a contiguous slice of every mini-batch;
the losses that need the whole batch (NT-Xent, Barlow Twins, VICReg, the
batch norm of the SimSiam/BYOL heads, the masked loss's normaliser) see it
gathered across processes, so N processes compute the loss and gradient of
one. The views of a step are drawn from the step's seed for the whole batch,
so they do not depend on N either. Random draws are torch's, not sslab's:
the same distributions, not the same bits.

Requires Python 3, NumPy and PyTorch (1.13 or later); no network.
"""

import argparse
import base64
import copy
import json
import math
import os
import sys
import time
import zlib

import numpy as np
import torch
import torch.distributed as dist

# @@PAYLOAD@@


# ---------------------------------------------------------------------------
# Data: the embedded arrays.


def unpack(blob, dtype):
    """Decodes an embedded array: base64 of zlib of little-endian values."""
    if blob is None:
        return None
    raw = zlib.decompress(base64.b64decode("".join(blob.split())))
    return np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)


class Dataset:
    """The examples as sslab loaded them (standardised if the config says so),
    with the fixed train/test split."""

    def __init__(self, d):
        self.name = d["name"]
        self.n, self.dim = d["n"], d["dim"]
        self.x = unpack(d["x"], np.float64).reshape(self.n, self.dim)
        self.labels = unpack(d["labels"], np.int32)
        self.targets = unpack(d["targets"], np.float64)
        self.classes = d["classes"]
        self.width, self.height = d["width"], d["height"]
        self.train = unpack(d["train"], np.int32).astype(np.int64)
        self.test = unpack(d["test"], np.int32).astype(np.int64)

    def is_image(self):
        return self.width > 0 and self.height > 0


# ---------------------------------------------------------------------------
# Seeds: every random choice comes from a generator seeded by (seed, parts).


def _mix(x):
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def seed_of(seed, *parts):
    """A 63-bit seed for the stream (seed, parts), mixed with SplitMix64's
    finaliser as sslab's streams are (not their numbers: torch draws)."""
    s = _mix(seed)
    for p in parts:
        s = _mix(s ^ _mix(p & 0xFFFFFFFFFFFFFFFF))
    return s & 0x7FFFFFFFFFFFFFFF


STREAM_INIT, STREAM_EPOCH, STREAM_AUG, STREAM_ADAPT = 1, 2, 3, 5


def generator(device, seed, *parts):
    g = torch.Generator(device=device)
    g.manual_seed(seed_of(seed, *parts))
    return g


# ---------------------------------------------------------------------------
# Augmentations (ml/data): the same operations in the same order, on a batch.


def warp(x, w, h, rot_deg, scale, dx, dy):
    """ml/data.Warp on every row of x (B, h*w): rotate by rot_deg degrees
    counter-clockwise as displayed, scale about the centre, shift dx right and
    dy down; bilinear sampling reading 0 outside the image."""
    B = x.shape[0]
    th = rot_deg * (math.pi / 180)
    inv = 1 / scale
    a11, a12 = (torch.cos(th) * inv)[:, None], (-torch.sin(th) * inv)[:, None]
    a21, a22 = (torch.sin(th) * inv)[:, None], (torch.cos(th) * inv)[:, None]
    cx, cy = (w - 1) / 2, (h - 1) / 2
    ys, xs = torch.meshgrid(torch.arange(h, device=x.device, dtype=x.dtype),
                            torch.arange(w, device=x.device, dtype=x.dtype), indexing="ij")
    u = xs.reshape(1, -1) - cx - dx[:, None]  # (B, P)
    v = ys.reshape(1, -1) - cy - dy[:, None]
    sx = cx + a11 * u + a12 * v
    sy = cy + a21 * u + a22 * v
    inside = (sx > -1) & (sx < w) & (sy > -1) & (sy < h)
    sx, sy = torch.where(inside, sx, torch.zeros_like(sx)), torch.where(inside, sy, torch.zeros_like(sy))
    fx0, fy0 = torch.floor(sx), torch.floor(sy)
    fx, fy = sx - fx0, sy - fy0
    x0, y0 = fx0.long(), fy0.long()

    def pixel(xi, yi):
        ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
        idx = yi.clamp(0, h - 1) * w + xi.clamp(0, w - 1)
        return torch.where(ok, x.gather(1, idx), torch.zeros((), dtype=x.dtype, device=x.device))

    out = (1 - fy) * ((1 - fx) * pixel(x0, y0) + fx * pixel(x0 + 1, y0)) + \
        fy * ((1 - fx) * pixel(x0, y0 + 1) + fx * pixel(x0 + 1, y0 + 1))
    return torch.where(inside, out, torch.zeros((), dtype=x.dtype, device=x.device)).reshape(B, -1)


def uniform(g, shape, lo, hi, like):
    return lo + (hi - lo) * torch.rand(shape, generator=g, device=like.device, dtype=like.dtype)


def nearest_rows(q, xtrain, order, k, chunk=1 << 22):
    """ml/data.Neighbours.nearest: for each row of q (B, d), the positions in
    xtrain of its k nearest rows by squared Euclidean distance, nearest
    first, equal distances broken by the smaller dataset row (order lists
    the positions by row index)."""
    xs = xtrain[order]  # columns by row index, so a stable sort breaks ties as sslab does
    out = []
    step = max(1, chunk // max(1, xs.shape[0] * xs.shape[1]))
    for i in range(0, q.shape[0], step):
        d2 = ((q[i:i + step, None, :] - xs[None, :, :]) ** 2).sum(-1)  # (b, n)
        idx = torch.sort(d2, dim=1, stable=True).indices[:, :k]
        out.append(order[idx])
    return torch.cat(out) if out else torch.zeros((0, k), dtype=torch.long, device=q.device)


class Augment:
    """ml/data.NewAugmentation: the neighbour view (one of the k nearest
    training rows, then hops-1 further steps to one of the k nearest of the
    last) and feature corruption (SCARF), both from the training rows; for
    images a random affine warp, cutout and pixel dropout; then Gaussian
    noise and uniform jitter. A strength of 0 skips its stage."""

    def __init__(self, cfg, ds, x, train):
        self.cfg, self.ds = cfg, ds
        train = torch.as_tensor(train, device=x.device)
        self.xtrain = x[train]  # corrupted features and neighbours come from training rows only
        self.k = min(cfg["neighbours"], len(train))
        if self.k > 0:
            self.order = torch.argsort(train, stable=True)
            self.next = nearest_rows(self.xtrain, self.xtrain, self.order, self.k) if cfg["hops"] > 1 else None

    def __call__(self, x, g):
        c, ds = self.cfg, self.ds
        B, d = x.shape
        if self.k > 0:
            pos = nearest_rows(x, self.xtrain, self.order, self.k)  # (B, k)
            rows = torch.arange(B, device=x.device)
            p = pos[rows, torch.randint(0, self.k, (B,), generator=g, device=x.device)]
            for _ in range(c["hops"] - 1):
                p = self.next[p, torch.randint(0, self.k, (B,), generator=g, device=x.device)]
            x = self.xtrain[p]
        if c["corrupt"] > 0:
            hit = torch.rand((B, d), generator=g, device=x.device, dtype=x.dtype) < c["corrupt"]
            r = torch.randint(0, self.xtrain.shape[0], (B, d), generator=g, device=x.device)
            x = torch.where(hit, self.xtrain[r, torch.arange(d, device=x.device)[None, :]], x)
        if ds.is_image():
            w, h = ds.width, ds.height
            if c["rot"] != 0 or c["scale"] != 0 or c["shift"] != 0:
                rot = uniform(g, (B,), -c["rot"], c["rot"], x)
                scale = uniform(g, (B,), 1 - c["scale"], 1 + c["scale"], x)
                dx = uniform(g, (B,), -c["shift"], c["shift"], x)
                dy = uniform(g, (B,), -c["shift"], c["shift"], x)
                x = warp(x, w, h, rot, scale, dx, dy)
            size = int(math.floor(c["cutout"] + 0.5))
            if size > 0:
                cx = torch.randint(0, w, (B, 1), generator=g, device=x.device)
                cy = torch.randint(0, h, (B, 1), generator=g, device=x.device)
                x0, y0 = (cx - size // 2).clamp(min=0), (cy - size // 2).clamp(min=0)
                x1, y1 = (cx - size // 2 + size).clamp(max=w), (cy - size // 2 + size).clamp(max=h)
                px = torch.arange(w * h, device=x.device)[None, :]
                xs, ys = px % w, px // w
                cut = (xs >= x0) & (xs < x1) & (ys >= y0) & (ys < y1)
                x = torch.where(cut, torch.zeros_like(x), x)
            if c["drop"] != 0:
                keep = torch.rand((B, d), generator=g, device=x.device, dtype=x.dtype) >= c["drop"]
                x = torch.where(keep, x, torch.zeros_like(x))
        if c["noise"] != 0:
            x = x + c["noise"] * torch.randn((B, d), generator=g, device=x.device, dtype=x.dtype)
        if c["jitter"] != 0:
            x = x + uniform(g, (B, d), -c["jitter"], c["jitter"], x)
        return x


def random_mask(g, B, d, p, like):
    """ml/data.RandomMask: 1 hides an entry, independently with probability p,
    and at least one entry of every row is hidden."""
    m = (torch.rand((B, d), generator=g, device=like.device, dtype=like.dtype) < p).to(like.dtype)
    pick = torch.randint(0, d, (B,), generator=g, device=like.device)
    none = m.sum(1) == 0
    m[none, pick[none]] = 1
    return m


# ---------------------------------------------------------------------------
# Networks (ml/nn): an MLP of Dense layers, W (In, Out) row-major then b.

GELU_C = 0.7978845608028654


def activation(name):
    if name == "relu":
        return torch.relu
    if name == "tanh":
        return torch.tanh
    if name == "gelu":  # the tanh approximation, as ml/nn
        return lambda v: 0.5 * v * (1 + torch.tanh(GELU_C * (v + 0.044715 * v * v * v)))
    raise ValueError("unknown activation %r" % name)


class BatchNorm(torch.nn.Module):
    """Training-mode batch norm with the biased variance, eps 1e-5, and no
    running statistics (the heads that use it are dropped after pretraining)."""

    def __init__(self, dim):
        super().__init__()
        self.gamma = torch.nn.Parameter(torch.ones(dim))
        self.beta = torch.nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        mean = x.mean(0, keepdim=True)
        var = ((x - mean) ** 2).mean(0, keepdim=True)
        return self.gamma * (x - mean) / torch.sqrt(var + 1e-5) + self.beta


class MLP(torch.nn.Module):
    """ml/nn.MLP: Dense layers with the activation after every layer but the
    last (after the last too if act_out, as an encoder), and with norm a batch
    norm between each hidden layer and its activation (SimSiam/BYOL heads)."""

    def __init__(self, sizes, act, act_out=False, norm=False):
        super().__init__()
        self.sizes, self.act_name, self.act_out = list(sizes), act, act_out
        self.act = activation(act)
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.norms = torch.nn.ModuleList(BatchNorm(b) for b in sizes[1:-1]) if norm else torch.nn.ModuleList()

    def init(self, g):
        """He-normal weights for ReLU and GELU, Glorot-normal for tanh; zero
        biases; batch norm's scale 1 and shift 0."""
        with torch.no_grad():
            for l in self.layers:
                fan_in, fan_out = l.in_features, l.out_features
                std = math.sqrt(2 / fan_in) if self.act_name in ("relu", "gelu") else math.sqrt(2 / (fan_in + fan_out))
                l.weight.copy_(std * torch.randn(l.weight.shape, generator=g, dtype=l.weight.dtype))
                l.bias.zero_()
            for n in self.norms:
                n.gamma.fill_(1)
                n.beta.zero_()

    def forward(self, x):
        last = len(self.layers) - 1
        for i, l in enumerate(self.layers):
            x = l(x)
            if i < len(self.norms):
                x = self.norms[i](x)
            if i < last or self.act_out:
                x = self.act(x)
        return x

    def flat(self):
        """The parameters in sslab's order: per layer W (In, Out) row-major,
        b, then batch norm's gamma and beta."""
        out = []
        for i, l in enumerate(self.layers):
            out += [l.weight.detach().t().reshape(-1), l.bias.detach().reshape(-1)]
            if i < len(self.norms):
                out += [self.norms[i].gamma.detach(), self.norms[i].beta.detach()]
        return torch.cat(out)

    def load_flat(self, p):
        """Sets the parameters from a flat array in sslab's order."""
        p = torch.as_tensor(p)
        off = 0
        with torch.no_grad():
            for i, l in enumerate(self.layers):
                n_in, n_out = l.in_features, l.out_features
                l.weight.copy_(p[off:off + n_in * n_out].reshape(n_in, n_out).t())
                off += n_in * n_out
                l.bias.copy_(p[off:off + n_out])
                off += n_out
                if i < len(self.norms):
                    self.norms[i].gamma.copy_(p[off:off + n_out])
                    self.norms[i].beta.copy_(p[off + n_out:off + 2 * n_out])
                    off += 2 * n_out
        if off != p.numel():
            raise ValueError("%d parameters for an MLP %s that has %d" % (p.numel(), self.sizes, off))


def num_params(sizes):
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def encoder_mlp(d, cfg):
    """The encoder: its output, the representation, is activated too."""
    return MLP([d] + cfg["enc"], cfg["act"], act_out=True)


# ---------------------------------------------------------------------------
# Checkpoints (ml/train/checkpoint.go): JSON, base64 little-endian float64s.

CHECKPOINT_FORMAT, CHECKPOINT_VERSION = "sslab-encoder", 1


def check_checkpoint(ck, d, cfg, where):
    if ck.get("format") != CHECKPOINT_FORMAT:
        raise SystemExit("%s: not an sslab checkpoint: format is %r, want %r" % (where, ck.get("format"), CHECKPOINT_FORMAT))
    if ck.get("version") != CHECKPOINT_VERSION:
        raise SystemExit("%s: checkpoint format version %r is not supported; this script reads version %d"
                         % (where, ck.get("version"), CHECKPOINT_VERSION))
    sizes = ck.get("sizes")
    want = [d] + cfg["enc"]
    if not isinstance(sizes, list) or len(sizes) < 2 or sizes[0] != d:
        raise SystemExit("%s: checkpoint encoder takes inputs of width %s (pretrained on %s), but the data has width %d"
                         % (where, sizes[0] if sizes else "?", ck.get("dataset"), d))
    if sizes != want:
        raise SystemExit("%s: checkpoint encoder has widths %s, but the config asks for %s (use --enc %s)"
                         % (where, sizes, want, "-".join(str(s) for s in sizes[1:])))
    if ck.get("activation") != cfg["act"]:
        raise SystemExit("%s: checkpoint encoder uses %s, but the config asks for %s"
                         % (where, ck.get("activation"), cfg["act"]))
    try:
        raw = base64.b64decode("".join((ck.get("params") or "").split()), validate=True)
    except (ValueError, TypeError) as e:
        raise SystemExit("%s: checkpoint parameters are not valid base64: %s" % (where, e))
    if len(raw) != 8 * num_params(sizes):
        raise SystemExit("%s: checkpoint holds %d parameters but widths %s need %d" % (where, len(raw) // 8, sizes, num_params(sizes)))
    p = np.frombuffer(raw, dtype="<f8")
    if not np.all(np.abs(p) <= 1e4):
        raise SystemExit("%s: checkpoint has a parameter beyond ±1e4 or not a number" % where)
    return p.astype(np.float64)


def write_checkpoint(path, enc, cfg, dataset, steps):
    p = enc.flat().to("cpu", torch.float64).numpy().astype("<f8")
    ck = {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION, "config": cfg["query"],
          "dataset": dataset, "sizes": enc.sizes, "activation": enc.act_name, "steps": steps,
          "params": base64.b64encode(p.tobytes()).decode("ascii")}
    with open(path, "w") as f:
        json.dump(ck, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------------------
# Distribution: each process takes a contiguous slice of every batch.


class Dist:
    def __init__(self, device_arg):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available() and device_arg != "cpu"
        if device_arg == "cuda" and not torch.cuda.is_available():
            raise SystemExit("--device cuda: no CUDA device is available")
        self.device = torch.device("cuda", self.local) if cuda else torch.device("cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1:
            dist.init_process_group("nccl" if cuda else "gloo")
            self.backend = dist.get_backend()
        else:
            self.backend = None

    def part(self, B):
        """The rows [lo, hi) of a batch of B that this process takes."""
        return self.rank * B // self.world, (self.rank + 1) * B // self.world

    def main(self):
        return self.rank == 0

    def close(self):
        if self.world > 1:
            dist.destroy_process_group()


class _Gather(torch.autograd.Function):
    """All processes' slices of a batch, concatenated in rank order, with the
    gradient: each process's loss is the whole batch's, so the gradient of a
    slice is the sum over processes of the gradient they computed for it (as
    VICReg's reference code, FullGatherLayer). DDP then averages the
    parameters' gradients, which gives every process the one-process gradient."""

    @staticmethod
    def forward(ctx, x, B, world, rank):
        ctx.B, ctx.world, ctx.rank = B, world, rank
        m = (B + world - 1) // world
        pad = torch.zeros((m,) + x.shape[1:], dtype=x.dtype, device=x.device)
        pad[:x.shape[0]] = x
        parts = [torch.empty_like(pad) for _ in range(world)]
        dist.all_gather(parts, pad)
        return torch.cat([parts[r][:(r + 1) * B // world - r * B // world] for r in range(world)])

    @staticmethod
    def backward(ctx, grad):
        grad = grad.contiguous().clone()
        dist.all_reduce(grad)
        lo, hi = ctx.rank * ctx.B // ctx.world, (ctx.rank + 1) * ctx.B // ctx.world
        return grad[lo:hi], None, None, None


def gather(x, B, D):
    """The whole batch (B, ...) from this process's slice; the identity for
    one process."""
    if D.world == 1:
        return x
    return _Gather.apply(x, B, D.world, D.rank)


def gather_const(x, B, D):
    """gather without a gradient (targets, masks)."""
    if D.world == 1:
        return x
    with torch.no_grad():
        return _Gather.apply(x, B, D.world, D.rank)


# ---------------------------------------------------------------------------
# Objectives (ml/objective), each on the gathered batch.

NORM_EPS = 1e-12


def l2_normalise(z):
    return z / torch.sqrt((z * z).sum(1, keepdim=True) + NORM_EPS)


def ntxent(z1, z2, temp, negatives):
    """SimCLR's NT-Xent: 2B anchors, each with the other view of its example
    as the positive and the 2B-2 others as negatives (itself left out); the
    mean cross-entropy. Without negatives only the pull to the positive."""
    B = z1.shape[0]
    n = l2_normalise(torch.cat([z1, z2]))  # (2B, k)
    s = n @ n.t() / temp  # (2B, 2B)
    idx = torch.arange(2 * B, device=z1.device)
    pos = s[idx, (idx + B) % (2 * B)]
    if not negatives:
        return (1 / temp - pos).mean()
    s = s.masked_fill(torch.eye(2 * B, dtype=torch.bool, device=z1.device), float("-inf"))
    return (torch.logsumexp(s, 1) - pos).mean()


def barlow(z1, z2, lam):
    """Barlow Twins: Σ(1-C_ii)² + λ Σ_{i≠j} C_ij², C the cross-correlation of
    the per-dimension standardised views (biased std, eps 1e-5)."""
    B, k = z1.shape

    def std(z):
        zc = z - z.mean(0)
        return zc / torch.sqrt((zc * zc).mean(0) + 1e-5)

    c = std(z1).t() @ std(z2) / B  # (k, k)
    eye = torch.eye(k, dtype=torch.bool, device=z1.device)
    on = ((1 - torch.diagonal(c)) ** 2).sum()
    off = (c.masked_fill(eye, 0) ** 2).sum()
    return on + lam * off


def vicreg(z1, z2, w_sim, w_var, w_cov):
    """VICReg as its reference code: invariance (mean over B·k entries),
    variance hinge averaged over the views, covariance summed over them."""
    B, k = z1.shape
    loss = w_sim * ((z1 - z2) ** 2).mean()
    eye = torch.eye(k, dtype=torch.bool, device=z1.device)
    for z in (z1, z2):
        zc = z - z.mean(0)
        cov = zc.t() @ zc / (B - 1)
        sd = torch.sqrt(torch.diagonal(cov) + 1e-4)
        loss = loss + w_var / 2 * torch.relu(1 - sd).mean()
        loss = loss + w_cov * (cov.masked_fill(eye, 0) ** 2).sum() / k
    return loss


def neg_cosine(p, z):
    """-mean_b cos(p_b, z_b), the norms smoothed as in NT-Xent."""
    rp = torch.sqrt((p * p).sum(1) + NORM_EPS)
    rz = torch.sqrt((z * z).sum(1) + NORM_EPS)
    return -((p * z).sum(1) / (rp * rz)).mean()


def masked_mse(recon, target, mask):
    """Σ m (recon - target)² / Σ m over the whole batch; 0 if nothing is hidden."""
    w = mask.sum()
    if w.item() == 0:
        return (recon * 0).sum()
    return (mask * (recon - target) ** 2).sum() / w


# ---------------------------------------------------------------------------
# Methods (ml/train/method.go): the networks of an objective and its loss.


class Method(torch.nn.Module):
    """The trainable networks of cfg's objective for inputs of width d; the
    encoder first. forward takes this process's slice of the step's inputs
    and returns the whole batch's loss."""

    def __init__(self, cfg, d, D):
        super().__init__()
        self.cfg, self.D, self.obj = cfg, D, cfg["objective"]
        act = cfg["act"]
        self.enc = encoder_mlp(d, cfg)
        m = self.enc.sizes[-1]
        self.proj = self.pred = self.dec = None
        self.tenc = self.tproj = None  # BYOL's target, not trained
        siamese = self.obj in ("simsiam", "byol")
        if self.obj == "mae":
            self.dec = MLP([m] + list(reversed(cfg["enc"][:-1])) + [d], act)
        elif cfg["proj"]:
            self.proj = MLP([m] + cfg["proj"], act, norm=siamese)
        k = self.proj.sizes[-1] if self.proj is not None else m
        if siamese and cfg["pred"] > 0:
            self.pred = MLP([k, cfg["pred"], k], act, norm=True)
        self.byol = self.obj == "byol" and cfg["stopgrad"]

    def nets(self):
        return [n for n in (self.enc, self.proj, self.pred, self.dec) if n is not None]

    def init(self, seed):
        g = torch.Generator()
        g.manual_seed(seed_of(seed, STREAM_INIT))
        for n in self.nets():
            n.init(g)
        self.make_target()

    def make_target(self):
        """BYOL's target starts as a copy of the online encoder and projector.
        It is kept outside the module's parameters: DDP must not see it."""
        if not self.byol:
            return
        object.__setattr__(self, "tenc", copy.deepcopy(self.enc).requires_grad_(False))
        object.__setattr__(self, "tproj", copy.deepcopy(self.proj).requires_grad_(False) if self.proj is not None else None)

    @torch.no_grad()
    def ema_update(self):
        """target = ema·target + (1-ema)·online, over encoder and projector."""
        if not self.byol:
            return
        e = self.cfg["ema"]
        for t, o in ((self.tenc, self.enc), (self.tproj, self.proj)):
            if t is None:
                continue
            for pt, po in zip(t.parameters(), o.parameters()):
                pt.mul_(e).add_(po, alpha=1 - e)

    def encode(self, x):
        h = self.enc(x)
        return self.proj(h) if self.proj is not None else h

    def forward(self, B, *inputs):
        cfg, D = self.cfg, self.D
        if self.obj == "mae":
            x, target, mask = inputs
            recon = gather(self.dec(self.enc(x)), B, D)
            return masked_mse(recon, gather_const(target, B, D), gather_const(mask, B, D))
        v0, v1 = inputs
        if self.obj in ("simclr", "barlow", "vicreg"):
            z0, z1 = gather(self.encode(v0), B, D), gather(self.encode(v1), B, D)
            if self.obj == "simclr":
                return ntxent(z0, z1, cfg["temp"], cfg["negatives"])
            if self.obj == "barlow":
                return barlow(z0, z1, cfg["lambda"])
            return vicreg(z0, z1, cfg["vsim"], cfg["vvar"], cfg["vcov"])
        # SimSiam and BYOL: the heads batch-normalise, so they run on the
        # gathered batch, one view at a time.
        h = [gather(self.enc(v), B, D) for v in (v0, v1)]
        z = [self.proj(hv) if self.proj is not None else hv for hv in h]
        p = [self.pred(zv) if self.pred is not None else zv for zv in z]
        if self.byol:
            with torch.no_grad():
                t = []
                for v in (v0, v1):
                    tv = gather_const(self.tenc(v), B, D)
                    t.append(self.tproj(tv) if self.tproj is not None else tv)
        elif cfg["stopgrad"]:
            t = [zv.detach() for zv in z]
        else:
            t = z  # no stop-gradient: the target moves too, and collapses
        return 0.5 * (neg_cosine(p[0], t[1]) + neg_cosine(p[1], t[0]))


# ---------------------------------------------------------------------------
# Optimisers (ml/optim), the same update rules.


class Optimizer:
    """Adam with decoupled weight decay (θ -= lr (m̂/(√v̂+ε) + λθ)) or SGD
    with heavy-ball momentum (v = μv + g; θ -= lr (v + λθ))."""

    def __init__(self, name, params, lr, wd):
        self.name, self.params, self.lr, self.wd = name, list(params), lr, wd
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0
        if name not in ("adam", "sgd"):
            raise SystemExit("unknown optimizer %r (allowed: adam, sgd)" % name)

    @torch.no_grad()
    def step(self):
        self.t += 1
        if self.name == "adam":
            c1, c2 = 1 / (1 - 0.9 ** self.t), 1 / (1 - 0.999 ** self.t)
            for p, m, v in zip(self.params, self.m, self.v):
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                m.mul_(0.9).add_(g, alpha=0.1)
                v.mul_(0.999).addcmul_(g, g, value=0.001)
                p.sub_(self.lr * (m * c1 / (torch.sqrt(v * c2) + 1e-8) + self.wd * p))
        else:
            for p, v in zip(self.params, self.v):
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                v.mul_(0.9).add_(g)
                p.sub_(self.lr * (v + self.wd * p))

    def zero_grad(self):
        for p in self.params:
            p.grad = None


def grad_norm(params):
    """The Euclidean norm of all the gradients (one device sync)."""
    zero = torch.zeros((), dtype=torch.float64, device=params[0].device)
    return float(torch.sqrt(sum(((p.grad.double() ** 2).sum() for p in params if p.grad is not None), zero)))


def param_norm(params):
    zero = torch.zeros((), dtype=torch.float64, device=params[0].device)
    return float(torch.sqrt(sum(((p.detach().double() ** 2).sum() for p in params), zero)))


# ---------------------------------------------------------------------------
# Pretraining (ml/train/pretrainer.go).

MAX_LOSS, MAX_WEIGHT_GROWTH = 1e12, 100


class Diverged(Exception):
    pass


def step_inputs(aug, x, batch, cfg, step, D):
    """This process's slice of the step's inputs: the views (or the masked
    input, clean target and mask) of the whole batch are drawn from the
    step's seed, so they do not depend on the number of processes."""
    B = len(batch)
    lo, hi = D.part(B)
    xb = x[batch]  # (B, d)
    if cfg["objective"] == "mae":
        g = generator(x.device, cfg["seed"], STREAM_AUG, step, 0)
        v = aug(xb, g)
        mask = random_mask(g, B, xb.shape[1], cfg["mask"], xb)
        return [(v * (1 - mask))[lo:hi], xb[lo:hi], mask[lo:hi]]
    views = [aug(xb, generator(x.device, cfg["seed"], STREAM_AUG, step, v)) for v in range(2)]
    return [v[lo:hi] for v in views]


def pretrain(method, model, opt, ds, x, cfg, D, steps=None, trace=None, log=lambda s: None):
    """Runs cfg's epochs of pretraining (at most steps steps, if given),
    writing each step's loss and gradient norm to the file trace (if given),
    and returns (steps taken, last loss, seconds)."""
    train = torch.as_tensor(ds.train, device=x.device)
    n, B = len(ds.train), cfg["batch"]
    per_epoch = n // B
    total = per_epoch * cfg["epochs"]
    if steps is not None:
        total = min(total, steps)
    aug = Augment(cfg, ds, x, train)
    params = [p for p in model.parameters() if p.requires_grad]
    init_norm = param_norm(params)
    tf = open(trace, "w") if trace and D.main() else None
    start, last, epoch_losses = time.time(), float("nan"), []
    perm = None
    for step in range(total):
        epoch, pos = divmod(step, per_epoch)
        if pos == 0:
            g = generator(x.device, cfg["seed"], STREAM_EPOCH, epoch)
            perm = train[torch.randperm(n, generator=g, device=x.device)]
        batch = perm[pos * B:(pos + 1) * B]
        inputs = step_inputs(aug, x, batch, cfg, step, D)
        loss = model(B, *inputs)
        lv = float(loss.detach())
        if not abs(lv) < MAX_LOSS:
            raise Diverged("training diverged at step %d of %d: the loss is %r; try a smaller learning rate than %g"
                           % (step + 1, total, lv, cfg["lr"]))
        opt.zero_grad()
        loss.backward()
        gn = grad_norm(params)
        if not math.isfinite(gn):
            raise Diverged("training diverged at step %d of %d: the gradient norm is %r; try a smaller learning rate than %g"
                           % (step + 1, total, gn, cfg["lr"]))
        opt.step()
        method.ema_update()
        pn = param_norm(params)
        if not pn <= MAX_WEIGHT_GROWTH * max(init_norm, 1):
            raise Diverged("training diverged at step %d of %d: the weights have grown %.0f-fold; try a smaller learning rate than %g"
                           % (step + 1, total, pn / max(init_norm, 1), cfg["lr"]))
        last = lv
        epoch_losses.append(lv)
        if tf:
            tf.write(json.dumps({"step": step + 1, "epoch": epoch, "loss": lv, "grad_norm": gn}) + "\n")
        if pos == per_epoch - 1 or step == total - 1:
            log("epoch %d/%d  loss %.4f  (%.1f s)" % (epoch + 1, cfg["epochs"], sum(epoch_losses) / len(epoch_losses),
                                                    time.time() - start))
            epoch_losses = []
    if tf:
        tf.close()
    return total, last, time.time() - start


@torch.no_grad()
def embed(enc, x, chunk=4096):
    return torch.cat([enc(x[i:i + chunk]) for i in range(0, x.shape[0], chunk)]) if x.shape[0] else enc(x)


# ---------------------------------------------------------------------------
# Adaptation (ml/train: adapt.go, adapt_jobs.go, probe.go, penalty.go,
# finetune.go, head.go; ml/eval: logreg.go, lbfgs.go, ridge.go, cholesky.go,
# kmeans.go, hungarian.go, cluster.go, knn.go, retrieval.go).

PER_CLASS_BUDGETS = [1, 2, 5, 10, 20]  # labels per class (regression: tens of labels)
ALL = -1  # the budget of every training label
FINETUNE_BUDGETS = [1, 5, ALL]  # and the config's own budget
FINETUNE_MAX_STEPS, FINETUNE_BATCH = 400, 64
ENCODER_LR_FACTOR = 0.3  # LP-FT: the pretrained encoder's learning rate relative to ftlr
LPFT_EPOCHS_PER_LABEL = 10
PENALTY_SCALE = 0.3
PROBE_MEMORY, PROBE_MAX_ITER, PROBE_GRAD_TOL = 10, 1000, 1e-6
RETRIEVAL_K, KNN_K = 10, 5
KMEANS_INITS, KMEANS_ITERS = 10, 100
R2_FLOOR = -1


class FitError(Exception):
    """Why a fit has no result; the row shows the reason instead of a number."""


def finite(v):
    return math.isfinite(v)


def lbfgs(x, f, memory=PROBE_MEMORY, max_iter=PROBE_MAX_ITER, tol=PROBE_GRAD_TOL):
    """ml/eval.LBFGS: limited-memory BFGS with a backtracking (Armijo) line
    search from the full quasi-Newton step, until max |∂f/∂θ| <= tol.
    f(x) returns (value, gradient). Returns (x, value, gradient max,
    iterations, converged)."""
    fx, g = f(x)
    gmax, it = float(g.abs().max()), 0
    if not (finite(fx) and finite(gmax)):
        return x, fx, gmax, it, False
    S, Y, R = [], [], []  # the last pairs, oldest first
    while it < max_iter and gmax > tol:
        q = g.clone()
        alphas = []
        for s, y, r in zip(reversed(S), reversed(Y), reversed(R)):
            a = r * float(s @ q)
            alphas.append(a)
            q -= a * y
        if S:
            gamma = float(S[-1] @ Y[-1]) / float(Y[-1] @ Y[-1])
        else:
            gamma = min(1.0, 1 / math.sqrt(float(g @ g)))
        q *= gamma
        for s, y, r, a in zip(S, Y, R, reversed(alphas)):
            q += (a - r * float(y @ q)) * s
        d = -q
        slope = float(g @ d)
        if not slope < 0:
            if not S:
                break
            S, Y, R = [], [], []  # stale curvature: restart from steepest descent
            continue
        step, accepted = 1.0, False
        for _ in range(60):
            xn = x + step * d
            fn, gn = f(xn)
            if finite(fn) and fn <= fx + 1e-4 * step * slope:
                accepted = True
                break
            step *= 0.5
        if not accepted or not (fn < fx or float(gn.abs().max()) < gmax):
            break
        s, y = xn - x, gn - g
        sy = float(s @ y)
        if sy > 1e-16 * math.sqrt(float(s @ s) * float(y @ y)) and sy > 0:
            S.append(s), Y.append(y), R.append(1 / sy)
            if len(S) > memory:
                S.pop(0), Y.pop(0), R.pop(0)
        x, g, fx = xn, gn, fn
        it += 1
        gmax = float(g.abs().max())
    return x, fx, gmax, it, gmax <= tol


def total_variance(x):
    """1/n Σ ‖x_i − x̄‖², the trace of the rows' covariance."""
    return float(((x - x.mean(0)) ** 2).sum() / x.shape[0]) if x.shape[0] else 0.0


def penalty(x):
    """The probe's L2 strength from the labelled features alone:
    λ = 0.3 · V / n^{3/2}, V their total variance."""
    n = x.shape[0]
    return PENALTY_SCALE * total_variance(x) / (n * math.sqrt(n)) if n else 0.0


def fit_logreg(x, y, classes, lam):
    """Multinomial logistic regression minimising 1/n Σ CE + λ/2 ‖W‖² (bias
    not penalised) to convergence, on centred features (an exact
    reparameterisation). Returns W (d, C), b (C) and a note."""
    n, d = x.shape
    if classes < 2:
        raise FitError("logistic regression needs at least 2 classes, got %d" % classes)
    mu = x.mean(0)
    xc = x - mu
    onehot = torch.nn.functional.one_hot(y, classes).to(x.dtype)

    def f(p):
        W, b = p[:d * classes].view(d, classes), p[d * classes:]
        z = xc @ W + b
        lse = torch.logsumexp(z, 1)
        loss = float((lse - (z * onehot).sum(1)).mean() + 0.5 * lam * (W * W).sum())
        G = (torch.softmax(z, 1) - onehot) / n
        return loss, torch.cat([(xc.t() @ G + lam * W).reshape(-1), G.sum(0)])

    p, fx, gmax, it, ok = lbfgs(torch.zeros(d * classes + classes, dtype=x.dtype, device=x.device), f)
    if not (finite(fx) and finite(gmax)):
        raise FitError("the logistic regression fit is not finite (objective %r)" % fx)
    W, bc = p[:d * classes].view(d, classes), p[d * classes:]
    note = "" if ok else ("the probe's fit stopped after %d iterations with its largest gradient entry at %.1e, above the %.0e it aims for"
                          % (it, gmax, PROBE_GRAD_TOL))
    return W, bc - mu @ W, note


def cholesky(a):
    """ml/eval.Cholesky: L·Lᵀ = a, failing on a pivot that is not above
    m·ε times the largest diagonal entry (singular to working precision)."""
    m = a.shape[0]
    floor = m * 2.220446049250313e-16 * float(a.diagonal().abs().max())
    l = torch.zeros_like(a)
    for j in range(m):
        s = float(a[j, j] - l[j, :j] @ l[j, :j])
        if not finite(s) or s <= floor:
            raise FitError("the matrix is singular or not positive definite (pivot %d of %d is %.3g)" % (j + 1, m, s))
        dj = math.sqrt(s)
        l[j, j] = dj
        if j + 1 < m:
            l[j + 1:, j] = (a[j + 1:, j] - l[j + 1:, :j] @ l[j, :j]) / dj
    return l


def fit_ridge(x, y, lam):
    """Ridge regression in closed form: (Xcᵀ·Xc/n + λI)·w = Xcᵀ·yc/n by
    Cholesky, b = ȳ − x̄·w (the intercept not penalised)."""
    n, d = x.shape
    mean, ybar = x.mean(0), y.mean()
    xc, yc = x - mean, y - ybar
    a = xc.t() @ xc / n + lam * torch.eye(d, dtype=x.dtype, device=x.device)
    r = xc.t() @ yc / n
    try:
        l = cholesky(a)
    except FitError as e:
        raise FitError("ridge regression (λ = %.3g): %s" % (lam, e))
    u = torch.linalg.solve_triangular(l, r[:, None], upper=False)
    w = torch.linalg.solve_triangular(l.t(), u, upper=True)[:, 0]
    if not bool(torch.isfinite(w).all()):
        raise FitError("ridge regression (λ = %.3g): the solution is not finite" % lam)
    return w, ybar - mean @ w


RIDGE_GRID = [10.0 ** (k / 2) for k in range(-12, 5)]


def ridge_loo(x, y, lam):
    """ml/eval.RidgeLOO for one λ: the mean and standard error of the
    leave-one-out squared errors, e_i / (1 − H_ii), without refits; None
    when the system is singular or an example has all the leverage."""
    n, d = x.shape
    mean, ybar = x.mean(0), y.mean()
    xc, yc = x - mean, y - ybar
    a = xc.t() @ xc / n + lam * torch.eye(d, dtype=x.dtype, device=x.device)
    try:
        l = cholesky(a)
    except FitError:
        return None
    r = xc.t() @ yc / n
    w = torch.cholesky_solve(r[:, None], l)[:, 0]
    z = torch.cholesky_solve(xc.t(), l)  # (d, n)
    lev = 1.0 / n + (xc * z.t()).sum(1) / n
    if not bool((1 - lev > 1e-12).all()):
        return None
    sq = ((yc - xc @ w) / (1 - lev)) ** 2
    mse = float(sq.mean())
    if not finite(mse):
        return None
    se = float(sq.std(unbiased=True) / math.sqrt(n)) if n > 1 else 0.0
    return mse, se


def ridge_penalty(x, y):
    """ml/train.ridgePenalty: of λ = c·V for c in RIDGE_GRID, the largest
    whose leave-one-out error is within one standard error of the least;
    penalty(x) with fewer than three examples or constant features."""
    v = total_variance(x)
    if x.shape[0] < 3 or v == 0:
        return penalty(x)
    lams = [c * v for c in RIDGE_GRID]
    loo = [ridge_loo(x, y, lam) for lam in lams]
    best = None
    for k, e in enumerate(loo):
        if e is not None and (best is None or e[0] <= loo[best][0]):
            best = k
    if best is None:
        return penalty(x)
    pick = best
    for k in range(best + 1, len(loo)):
        if loo[k] is not None and loo[k][0] <= loo[best][0] + loo[best][1]:
            pick = k
    return lams[pick]


def hungarian(cost):
    """ml/eval.Hungarian: the assignment of rows to columns (rows <= cols)
    of least total cost, by shortest augmenting paths with potentials;
    returns the column of each row."""
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    p, way = np.zeros(m + 1, dtype=np.int64), np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = np.full(m + 1, np.inf), np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], np.inf, -1
            for j in range(1, m + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0 != 0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    assign = np.full(n, -1, dtype=np.int64)
    for j in range(1, m + 1):
        if p[j] > 0:
            assign[p[j] - 1] = j - 1
    return assign


def cluster_accuracy(assign, labels, classes):
    """Clusters matched one-to-one to classes to agree on the most examples
    (Hungarian on the negated contingency table); the fraction that agree."""
    count = np.zeros((classes, classes))
    np.add.at(count, (assign, labels), 1)
    match = hungarian(-count)
    return float(sum(count[c, y] for c, y in enumerate(match) if y >= 0)) / len(assign)


def kmeans(z, k, rng):
    """ml/eval.KMeans: k-means++ seeding, Lloyd's iterations to a fixed
    point (at most 100), the best of 10 starts by inertia. z is a numpy
    array (n, d)."""
    n = z.shape[0]
    k = min(max(k, 1), n)
    zz = (z * z).sum(1)
    best, best_inertia = None, np.inf

    def sqdist(c):
        return np.maximum(zz[:, None] - 2 * z @ c.T + (c * c).sum(1)[None, :], 0)

    for _ in range(KMEANS_INITS):
        centres = np.empty((k, z.shape[1]))
        centres[0] = z[rng.integers(n)]
        d2 = sqdist(centres[:1])[:, 0]
        for c in range(1, k):
            total = d2.sum()
            if total > 0:
                cum = np.cumsum(d2)
                pick = int(np.searchsorted(cum, rng.random() * total, side="right"))
                if pick >= n or d2[pick] == 0:
                    pick = int(np.nonzero(d2 > 0)[0][-1])
            else:
                pick = int(rng.integers(n))
            centres[c] = z[pick]
            d2 = np.minimum(d2, sqdist(centres[c:c + 1])[:, 0])
        assign, inertia = np.full(n, -1), 0.0
        for _ in range(KMEANS_ITERS):
            dist = sqdist(centres)
            new = dist.argmin(1)
            inertia = float(dist[np.arange(n), new].sum())
            changed = bool((new != assign).any())
            assign = new
            if not changed:
                break
            for c in range(k):
                members = assign == c
                if members.any():  # an empty cluster keeps its centre
                    centres[c] = z[members].mean(0)
        if best is None or inertia < best_inertia:
            best, best_inertia = assign.copy(), inertia
    return best


def unit_rows(x):
    """Rows scaled to unit length; zero rows stay zero."""
    n = torch.sqrt((x * x).sum(1, keepdim=True))
    return torch.where(n > 0, x / torch.where(n > 0, n, torch.ones_like(n)), x)


def knn_predict(train, ytrain, test, k, classes):
    """ml/eval.KNNPredict: a vote of the k nearest labelled rows (cosine,
    ties to the lower index); a tied vote goes to the tied class whose
    member is nearest."""
    k = min(max(k, 1), train.shape[0])
    tr, te = unit_rows(train), unit_rows(test)
    out = []
    for lo in range(0, te.shape[0], 1024):
        sim = te[lo:lo + 1024] @ tr.t()
        order = torch.sort(sim, dim=1, descending=True, stable=True)[1][:, :k]  # (b, k)
        lab = ytrain[order]
        onehot = torch.nn.functional.one_hot(lab, classes)  # (b, k, C)
        votes = onehot.sum(1)
        ranks = torch.arange(k, device=train.device)[None, :, None].expand_as(onehot)
        first = torch.where(onehot > 0, ranks, torch.full_like(ranks, k)).min(1)[0]
        out.append((votes * (k + 1) + (k - first)).argmax(1))
    return torch.cat(out)


def retrieval(z, labels, k):
    """ml/eval.Retrieval: every example queries the others by cosine
    similarity (ties to the lower index); precision@1, precision@k and the
    mean average precision over the whole class."""
    n = z.shape[0]
    K = max(1, min(k, n - 1))
    u = unit_rows(z)
    p1 = pk = ap = 0.0
    queries = 0
    for lo in range(0, n, 256):
        hi = min(lo + 256, n)
        sim = u[lo:hi] @ u.t()
        sim[torch.arange(hi - lo), torch.arange(lo, hi)] = float("-inf")  # the query itself goes last
        order = torch.sort(sim, dim=1, descending=True, stable=True)[1][:, :n - 1]
        rel = (labels[order] == labels[lo:hi, None]).to(z.dtype)  # (b, n-1)
        p1 += float(rel[:, 0].sum())
        pk += float(rel[:, :K].sum())
        hits = rel.sum(1)
        prec = rel.cumsum(1) / torch.arange(1, n, device=z.device, dtype=z.dtype)[None, :]
        has = hits > 0
        ap += float(((prec * rel).sum(1)[has] / hits[has]).sum())
        queries += int(has.sum())
    return p1 / n, pk / (n * K), ap / queries if queries else 0.0


def mean_std(v):
    m = sum(v) / len(v)
    return m, math.sqrt(sum((x - m) ** 2 for x in v) / len(v))


class Adapter:
    """ml/train.Adapter: the encoders adapted to the labelled task and
    scored on the test split, job by job."""

    def __init__(self, cfg, ds, x):
        self.cfg, self.ds, self.x, self.dev = cfg, ds, x, x.device
        self.regression = cfg["task"] == "regression"
        self.classes = ds.classes
        self.ntrain = len(ds.train)
        self.train_t = torch.as_tensor(ds.train, device=self.dev)
        self.test_t = torch.as_tensor(ds.test, device=self.dev)
        if self.regression:
            t = ds.targets[ds.train]
            self.mean = float(t.mean())
            self.sd = max(math.sqrt(float(((t - self.mean) ** 2).mean())), 1e-12)
            self.targets = torch.as_tensor((ds.targets - self.mean) / self.sd, dtype=x.dtype, device=self.dev)
        else:
            self.labels = torch.as_tensor(ds.labels.astype(np.int64), device=self.dev)

    def ntask(self, b):
        if b == ALL:
            return self.ntrain
        if self.regression:
            return min(10 * b, self.ntrain)
        return min(b * self.classes, self.ntrain)

    def draws(self, b):
        """The labelled training rows of budget b, one array per draw:
        fsseeds draws at a few-shot budget (nested across budgets), one with
        all labels."""
        ds = self.ds
        if b == ALL:
            return [ds.train]
        sets = []
        for d in range(max(1, self.cfg["fsseeds"])):
            seed = self.cfg["seed"] + d * 1000003
            if self.regression:
                rng = np.random.Generator(np.random.PCG64(seed_of(seed, 0x5B5E7)))
                sets.append(np.sort(rng.permutation(np.sort(ds.train))[:self.ntask(b)]))
            else:
                rows = []
                for c in range(self.classes):
                    idx = np.sort(ds.train[ds.labels[ds.train] == c])
                    rng = np.random.Generator(np.random.PCG64(seed_of(seed, 0xFE5, c)))
                    rows.append(rng.permutation(idx)[:b])
                sets.append(np.sort(np.concatenate(rows)))
        return sets

    def budgets(self):
        return PER_CLASS_BUDGETS + [ALL]

    def finetune_budgets(self):
        out = list(FINETUNE_BUDGETS)
        s = self.cfg["shots"]
        if s > 0 and s not in out:
            out.append(s)
            out.sort(key=lambda b: math.inf if b == ALL else b)
        return out

    def feature(self, name, z):
        """A representation of every example, as the probes read it (as it
        is, or standardised with training-split statistics when pstd)."""
        f = {"name": name, "x": z, "raw": z, "std": None, "unit": z / (torch.sqrt((z * z).sum(1, keepdim=True)) + 1e-12)}
        if self.cfg["pstd"]:
            t = z[self.train_t]
            mean = t.mean(0)
            inv = 1 / torch.clamp(torch.sqrt(((t - mean) ** 2).mean(0)), min=1e-6)
            f["x"], f["std"] = (z - mean) * inv, (mean, inv)
        return f

    def plan(self, pre, random):
        """The jobs, in the order of their rows: zero-shot per
        representation, probes per budget and representation, then LP-FT
        and training from scratch per finetuning budget."""
        x = self.x
        reps = [self.feature("pretrained", embed(pre, x)), self.feature("random", embed(random, x)), self.feature("raw", x)]
        jobs = []
        if not self.regression:
            jobs += [(lambda r=r: self.zero_shot(r)) for r in reps]
        for b in self.budgets():
            jobs += [(lambda r=r, b=b: self.probe_rows(r, b)) for r in reps]
        for b in self.finetune_budgets():
            jobs.append(lambda b=b: self.finetune_rows("pretrained", pre, reps[0], b))
            jobs.append(lambda b=b: self.finetune_rows("scratch", random, reps[0], b))
        return jobs

    def zero_shot(self, r):
        test = r["unit"][self.test_t]
        labels = self.labels[self.test_t]
        rng = np.random.Generator(np.random.PCG64(seed_of(self.cfg["seed"], 0xC1)))
        assign = kmeans(test.to("cpu", torch.float64).numpy(), self.classes, rng)
        km = cluster_accuracy(assign, labels.cpu().numpy(), self.classes)
        p1, pk, mean_ap = retrieval(test, labels, RETRIEVAL_K)

        def one(adaptation, metric, v):
            return {"encoder": r["name"], "adaptation": adaptation, "n_task": 0, "metric": metric, "value": v, "std": 0.0, "draws": 1}
        return [one("kmeans", "accuracy", km), one("knn", "precision@1", p1),
                one("knn", "precision@%d" % RETRIEVAL_K, pk), one("knn", "map", mean_ap)]

    def fit_probe(self, x, rows):
        """The linear probe on the frozen features of the labelled rows:
        logistic regression or ridge, with the penalty rule's λ."""
        rows_t = torch.as_tensor(rows, device=self.dev)
        xs = x[rows_t]
        bad = ~torch.isfinite(xs)
        if bool(bad.any()):
            i = int(bad.reshape(-1).nonzero()[0])
            raise FitError("feature %d of labelled example %d is %r: the features are not finite (did the encoder diverge?)"
                           % (i % xs.shape[1], rows[i // xs.shape[1]], float(xs.reshape(-1)[i])))
        lam = penalty(xs)
        if self.regression:
            lam = ridge_penalty(xs, self.targets[rows_t])
            try:
                w, b = fit_ridge(xs, self.targets[rows_t], lam)
            except FitError as e:
                if total_variance(xs) == 0:
                    raise FitError("the %d labelled examples all have the same features (a collapsed or dead encoder?): %s" % (len(rows), e))
                raise
            return {"lambda": lam, "W": w[:, None], "b": b.reshape(1), "note": ""}
        W, b, note = fit_logreg(xs, self.labels[rows_t], self.classes, lam)
        return {"lambda": lam, "W": W, "b": b, "note": note}

    def score(self, out):
        """The test metric (accuracy or R²), and for regression the MSE in
        the target's units; outputs that are not finite give no score."""
        if not bool(torch.isfinite(out).all()):
            return {"failed": "the model's outputs are not finite numbers (training diverged; try a smaller learning rate)"}
        if not self.regression:
            return {"value": float((out.argmax(1) == self.labels[self.test_t]).to(out.dtype).mean())}
        pred = out[:, 0] * self.sd + self.mean
        truth = torch.as_tensor(self.ds.targets[self.ds.test], dtype=out.dtype, device=self.dev)
        ss_res = float(((pred - truth) ** 2).sum())
        ss_tot = float(((truth - truth.mean()) ** 2).sum())
        r2 = (1.0 if ss_res == 0 else 0.0) if ss_tot == 0 else 1 - ss_res / ss_tot
        return {"value": r2, "mse": ss_res / len(truth)}

    def probe_rows(self, r, b):
        x = r["x"]
        test = x[self.test_t]
        probes, knn = [], []
        for rows in self.draws(b):
            try:
                p = self.fit_probe(x, rows)
                d = self.score(test @ p["W"] + p["b"])
                d["note"] = p["note"]
            except FitError as e:
                d = {"failed": str(e)}
            probes.append(d)
            if not self.regression:
                rows_t = torch.as_tensor(rows, device=self.dev)
                pred = knn_predict(x[rows_t], self.labels[rows_t], test, min(KNN_K, len(rows)), self.classes)
                knn.append({"value": float((pred == self.labels[self.test_t]).to(x.dtype).mean())})
        return self.rows_of(r["name"], "linear-probe", self.ntask(b), probes, knn)

    def lpft_epochs(self, n):
        unit = 10 if self.regression else self.classes
        return max(1, min(self.cfg["aepochs"], LPFT_EPOCHS_PER_LABEL * n // max(1, unit)))

    def finetune_rows(self, name, enc, rep, b):
        test = self.x[self.test_t]
        fits = []
        for d, rows in enumerate(self.draws(b)):
            spec = {"head_lr": self.cfg["ftlr"], "enc_lr": self.cfg["ftlr"], "epochs": self.cfg["aepochs"],
                    "head_l2": 0.0, "stream": 100 + d}
            head = None
            if name == "pretrained":
                # LP-FT: the head starts at the probe fitted on the frozen
                # pretrained features, the encoder moves at 0.3 of its rate.
                try:
                    p = self.fit_probe(rep["x"], rows)
                except FitError as e:
                    fits.append({"failed": str(e)})
                    continue
                W, bias = p["W"], p["b"]
                if rep["std"] is not None:  # fold the standardisation into the head
                    mean, inv = rep["std"]
                    W = W * inv[:, None]
                    bias = bias - mean @ W
                head = (W, bias)
                spec.update(enc_lr=self.cfg["ftlr"] * ENCODER_LR_FACTOR, head_l2=p["lambda"], epochs=self.lpft_epochs(len(rows)))
            model = self.fit_model(enc, rows, spec, head)
            with torch.no_grad():
                fits.append(self.score(model[1](embed(model[0], test))))
        return self.rows_of(name, "finetune", self.ntask(b), fits, None)

    def fit_model(self, enc, rows, spec, head):
        """ml/train.model.fit: the encoder and a linear head trained together
        by Adam (each with its learning rate) on mini-batches of 64, for the
        epochs, at most 400 steps; head_l2 adds λW to the head's weight
        gradient."""
        cfg, dev = self.cfg, self.dev
        e = encoder_mlp(self.ds.dim, cfg).to(dev)
        e.load_flat(enc.flat())
        out = 1 if self.regression else self.classes
        h = torch.nn.Linear(e.sizes[-1], out).to(dev)
        g = generator(torch.device("cpu"), cfg["seed"], STREAM_ADAPT, spec["stream"], 1)
        with torch.no_grad():
            std = math.sqrt(2 / (h.in_features + h.out_features))  # Glorot: the head has no activation
            h.weight.copy_(std * torch.randn(h.weight.shape, generator=g, dtype=h.weight.dtype).to(dev))
            h.bias.zero_()
            if head is not None:
                h.weight.copy_(head[0].t())
                h.bias.copy_(head[1])
        rows_t = torch.as_tensor(rows, device=dev)
        xs = self.x[rows_t]
        ys = self.targets[rows_t] if self.regression else self.labels[rows_t]
        n = len(rows)
        B = min(FINETUNE_BATCH, n)
        per_epoch = (n + B - 1) // B
        steps = min(spec["epochs"] * per_epoch, FINETUNE_MAX_STEPS)
        enc_opt = Optimizer("adam", e.parameters(), spec["enc_lr"], 0)
        head_opt = Optimizer("adam", h.parameters(), spec["head_lr"], 0)
        gperm = generator(torch.device("cpu"), cfg["seed"], STREAM_ADAPT, spec["stream"], 2)
        perm = torch.randperm(n, generator=gperm).to(dev)
        for step in range(steps):
            pos = step % per_epoch
            if pos == 0 and step > 0:
                perm = torch.randperm(n, generator=gperm).to(dev)
            idx = perm[pos * B:min((pos + 1) * B, n)]
            o = h(e(xs[idx]))
            if self.regression:
                loss = 0.5 * ((o[:, 0] - ys[idx]) ** 2).mean()
            else:
                loss = torch.nn.functional.cross_entropy(o, ys[idx])
            enc_opt.zero_grad(), head_opt.zero_grad()
            loss.backward()
            if spec["head_l2"] > 0:
                with torch.no_grad():
                    h.weight.grad.add_(h.weight, alpha=spec["head_l2"])
            enc_opt.step(), head_opt.step()
        return e, h

    def rows_of(self, enc, adaptation, n, fits, knn):
        metric = "r2" if self.regression else "accuracy"
        rows = [self.row(enc, adaptation, n, metric, fits, "value")]
        if self.regression:
            rows.append(self.row(enc, adaptation, n, "mse", fits, "mse"))
        elif knn is not None:
            rows.append(self.row(enc, "knn", n, "accuracy", knn, "value"))
        return rows

    def row(self, enc, adaptation, n, metric, draws, key):
        """The draws averaged into a row; one failed draw fails the row."""
        r = {"encoder": enc, "adaptation": adaptation, "n_task": n, "metric": metric, "value": 0.0, "std": 0.0, "draws": len(draws)}
        note = ""
        for i, d in enumerate(draws):
            if d.get("failed"):
                r["failed"] = d["failed"] if len(draws) == 1 else "draw %d of %d: %s" % (i + 1, len(draws), d["failed"])
                return r
            note = note or d.get("note", "")
        value, std = mean_std([d[key] for d in draws])
        if not finite(value):
            r["failed"] = "the %s is not a finite number" % metric
            return r
        r["value"], r["std"] = value, std
        if metric == "r2" and value < R2_FLOOR:
            extra = "R² = %.3g is below −1: the squared error is more than twice that of always predicting the mean (R² = 0)" % value
            note = note + "; " + extra if note else extra
        if note:
            r["note"] = note
        return r


def adapt(cfg, ds, x, pre, random, D, log):
    """Every adaptation row, in sslab's order. With several processes the
    jobs are dealt out among them, costliest (finetuning) first, and the
    rows gathered on the first."""
    a = Adapter(cfg, ds, x)
    jobs = a.plan(pre, random)
    mine = [j for j in reversed(range(len(jobs))) if (len(jobs) - 1 - j) % D.world == D.rank]
    start = time.time()
    rows = {j: jobs[j]() for j in mine}
    log("adaptation: %d jobs in %.1f s" % (len(jobs), time.time() - start))
    if D.world > 1:
        parts = [None] * D.world
        dist.all_gather_object(parts, rows)
        for p in parts:
            rows.update(p)
    return [row for j in range(len(jobs)) for row in rows[j]]


# ---------------------------------------------------------------------------
# The command line.


def parse_widths(s, name, lo):
    if s == "none":
        parts = []
    else:
        try:
            parts = [int(p) for p in s.split("-")]
        except ValueError:
            raise SystemExit("--%s %r: want widths such as 128-64%s" % (name, s, " or none" if lo == 0 else ""))
    if len(parts) < lo or any(p < 1 for p in parts):
        raise SystemExit("--%s %r: want %s positive widths joined by '-'" % (name, s, "one or more" if lo else "zero or more"))
    return parts


def launch(args, rest):
    """Runs this file under torchrun's launcher (torch.distributed.run) with
    args.launch processes. torch 1.13 on Python 3.11 (Debian 12) reads
    torchrun's --redirects/--tee default "0" as None and fails before starting
    a worker; this patches that one function and otherwise is torchrun."""
    from torch.distributed import run
    from torch.distributed.elastic.multiprocessing import api
    if api.Std.from_str("0") is None:
        def from_str(vm):
            if ":" in vm:
                return {int(i): api.Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}
            return api.Std(int(vm))
        api.Std.from_str = staticmethod(from_str)
    argv = ["--nproc_per_node", str(args.launch), "--master_port", str(args.master_port),
            "--monitor_interval", "0.5", os.path.abspath(__file__)] + rest
    run.main(argv)


def main():
    cfg = dict(CONFIG)
    ap = argparse.ArgumentParser(
        description="sslab run %s as PyTorch: pretrain, adapt, print the JSON report." % cfg["query"],
        epilog="Distributed: torchrun --nproc_per_node=N %(prog)s [options], or --launch N.")
    ap.add_argument("--epochs", type=int, default=cfg["epochs"], help="pretraining epochs (%(default)s)")
    ap.add_argument("--batch", type=int, default=cfg["batch"], help="pretraining batch, split among the processes (%(default)s)")
    ap.add_argument("--lr", type=float, default=cfg["lr"], help="pretraining learning rate (%(default)s)")
    ap.add_argument("--enc", default="-".join(map(str, cfg["enc"])), help="encoder widths (%(default)s)")
    ap.add_argument("--proj", default="-".join(map(str, cfg["proj"])) or "none", help="projector widths or none (%(default)s)")
    ap.add_argument("--pred", type=int, default=cfg["pred"], help="SimSiam/BYOL predictor width, 0 for none (%(default)s)")
    ap.add_argument("--seed", type=int, default=cfg["seed"], help="seed of every random choice (%(default)s)")
    ap.add_argument("--ckpt", help="start from this sslab checkpoint file (sslab checkpoint -out FILE) and skip pretraining")
    ap.add_argument("--no-ckpt", action="store_true", help="ignore the checkpoint embedded in this file and pretrain")
    ap.add_argument("--pretrain-from-ckpt", action="store_true", help="pretrain further from the checkpoint instead of skipping pretraining")
    ap.add_argument("--save-ckpt", metavar="FILE", help="write the pretrained encoder as an sslab checkpoint (the lab can load it)")
    ap.add_argument("--features-only", metavar="FILE", help="write the encoder's features of the test split as JSON and stop")
    ap.add_argument("--pretrain-only", action="store_true", help="stop after pretraining (no adaptation rows)")
    ap.add_argument("--steps", type=int, help="stop pretraining after this many steps")
    ap.add_argument("--trace", metavar="FILE", help="write every step's loss and gradient norm as JSON lines")
    ap.add_argument("--adapt-epochs", type=int, default=cfg["aepochs"], help="epochs of finetuning and training from scratch (%(default)s)")
    ap.add_argument("--draws", type=int, default=cfg["fsseeds"], help="label draws per few-shot budget (%(default)s)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="where to train (%(default)s)")
    ap.add_argument("--float32", action="store_true", help="pretrain in float32 (faster on GPUs); sslab computes in float64, and adaptation here too")
    ap.add_argument("--threads", type=int, help="torch threads per process")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    ap.add_argument("--launch", type=int, metavar="N", help="run N processes through torchrun's launcher")
    ap.add_argument("--master-port", type=int, default=29500, help="with --launch: the rendezvous port (%(default)s)")
    args, rest = ap.parse_known_args()
    if args.launch is not None:
        if args.launch < 1:
            raise SystemExit("--launch %d: want at least 1 process" % args.launch)
        argv = sys.argv[1:]
        drop = {"--launch", "--master-port"}
        keep, i = [], 0
        while i < len(argv):
            a = argv[i]
            if a in drop:
                i += 2
                continue
            if a.split("=")[0] in drop:
                i += 1
                continue
            keep.append(a)
            i += 1
        launch(args, keep)
        return
    if rest:
        ap.error("unknown arguments: %s" % " ".join(rest))
    if args.threads is not None:
        torch.set_num_threads(max(1, args.threads))
    cfg["epochs"], cfg["batch"], cfg["lr"], cfg["seed"] = args.epochs, args.batch, args.lr, args.seed
    cfg["enc"], cfg["proj"], cfg["pred"] = parse_widths(args.enc, "enc", 1), parse_widths(args.proj, "proj", 0), args.pred
    cfg["aepochs"], cfg["fsseeds"] = args.adapt_epochs, args.draws
    for name, v, lo in (("epochs", cfg["epochs"], 1), ("batch", cfg["batch"], 2), ("adapt-epochs", cfg["aepochs"], 1),
                        ("draws", cfg["fsseeds"], 1), ("pred", cfg["pred"], 0)):
        if v < lo:
            raise SystemExit("--%s %d: want at least %d" % (name, v, lo))
    if not cfg["lr"] > 0:
        raise SystemExit("--lr %g: want a positive learning rate" % cfg["lr"])
    torch.set_default_dtype(torch.float32 if args.float32 else torch.float64)

    D = Dist(args.device)
    log = (lambda s: print("sslab: " + s, file=sys.stderr, flush=True)) if D.main() and not args.quiet else (lambda s: None)
    try:
        run(cfg, args, D, log)
    except Diverged as e:
        raise SystemExit(str(e))
    finally:
        D.close()


def build(cfg, ds, D, ck=None):
    """The objective's networks initialised from the seed (then the encoder
    from the checkpoint parameters ck, if given), and the random-encoder
    baseline: the same initialisation, never trained."""
    method = Method(cfg, ds.dim, D)
    method.init(cfg["seed"])
    random_enc = encoder_mlp(ds.dim, cfg)
    random_enc.load_flat(method.enc.flat())
    method.to(D.device)
    if ck is not None:
        method.enc.load_flat(ck)
        method.make_target()
    if method.byol:
        method.tenc.to(D.device)
        if method.tproj is not None:
            method.tproj.to(D.device)
    return method, random_enc.to(D.device)


def trainer(method, cfg, D):
    """The module each step calls (DistributedDataParallel around the
    networks when there are several processes) and the optimiser."""
    model = method
    if D.world > 1:
        from torch.nn.parallel import DistributedDataParallel
        model = DistributedDataParallel(method, device_ids=[D.device.index] if D.device.type == "cuda" else None)
    return model, Optimizer(cfg["opt"], [p for p in method.parameters() if p.requires_grad], cfg["lr"], cfg["wd"])


def run(cfg, args, D, log):
    ds = Dataset(DATA)
    dtype = torch.get_default_dtype()
    x = torch.as_tensor(ds.x, dtype=dtype, device=D.device)
    B = cfg["batch"]
    if B > len(ds.train):
        raise SystemExit("batch %d is larger than the %d training examples of %s; choose a batch of at most %d"
                         % (B, len(ds.train), ds.name, len(ds.train)))
    if B < D.world:
        raise SystemExit("batch %d is smaller than the %d processes: every process needs a row" % (B, D.world))

    ck, ck_steps = None, 0
    if args.ckpt:
        with open(args.ckpt) as f:
            raw = json.load(f)
        ck, ck_steps = check_checkpoint(raw, ds.dim, cfg, args.ckpt), raw.get("steps", 0)
    elif CHECKPOINT is not None and not args.no_ckpt:
        ck, ck_steps = check_checkpoint(CHECKPOINT, ds.dim, cfg, "the embedded checkpoint"), CHECKPOINT.get("steps", 0)

    if args.pretrain_from_ckpt and ck is None:
        raise SystemExit("--pretrain-from-ckpt: there is no checkpoint to start from (give --ckpt FILE)")
    method, random_enc = build(cfg, ds, D, ck)
    steps, loss, seconds = 0, float("nan"), 0.0
    if ck is None or args.pretrain_from_ckpt:
        model, opt = trainer(method, cfg, D)
        log("pretraining %s on %s: %d processes (%s), batch %d, %d epochs" %
            (cfg["objective"], ds.name, D.world, D.backend or D.device.type, B, cfg["epochs"]))
        steps, loss, seconds = pretrain(method, model, opt, ds, x, cfg, D, args.steps, args.trace, log)
    else:
        steps = ck_steps
        log("pretraining skipped: the encoder comes from %s" % (args.ckpt or "the embedded checkpoint"))
    enc = method.enc

    if args.save_ckpt and D.main():
        write_checkpoint(args.save_ckpt, enc, cfg, ds.name, steps)
    if args.features_only:
        if D.main():
            f = embed(enc, x[torch.as_tensor(ds.test, device=D.device)]).to("cpu", torch.float64)
            with open(args.features_only, "w") as out:
                json.dump({"rows": f.shape[0], "cols": f.shape[1], "features": f.reshape(-1).tolist()}, out)
        return
    report = {"config": cfg["query"], "dataset": ds.name, "objective": cfg["objective"], "pretrain_steps": steps,
              "pretrain_seconds": round(seconds, 3), "final_loss": loss,
              "engine": "pytorch " + torch.__version__, "processes": D.world, "device": str(D.device)}
    if not args.pretrain_only:
        start = time.time()
        if x.dtype != torch.float64:
            # The probes are fitted to a gradient of 1e-6, which float32
            # cannot resolve: adaptation runs in float64 whatever pretraining did.
            torch.set_default_dtype(torch.float64)
            x, enc, random_enc = x.double(), copy.deepcopy(enc).double(), random_enc.double()
        report["results"] = adapt(cfg, ds, x, enc, random_enc, D, log)
        report["adapt_seconds"] = round(time.time() - start, 3)
    if D.main():
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
