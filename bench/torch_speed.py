#!/usr/bin/env python3
"""Reference timing of the same two-stream MobileNetV2 fusion model in PyTorch (Debian's
python3-torch / python3-torchvision), for the Java/PyTorch ratio in BENCHMARKS.md. Batch norm is replaced by
identity because the Java model has it folded into the convolutions (TFLite import).

Prints one JSON object per configuration on stdout:
  {"framework":"pytorch","mode":"frozen|finetune|inference","batch":B,"ms_per_step":..,"cases_per_s":..}
"""
import argparse
import json
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torchvision


class Fusion(nn.Module):
    def __init__(self):
        super().__init__()
        self.clinic = torchvision.models.mobilenet_v2(norm_layer=nn.Identity).features
        self.derm = torchvision.models.mobilenet_v2(norm_layer=nn.Identity).features
        self.head = nn.Linear(1280 * 2 + 14, 3)

    def forward(self, c, d, m):
        fc = self.clinic(c).mean((2, 3))
        fd = self.derm(d).mean((2, 3))
        return self.head(torch.cat([fc, fd, m], 1))


def allocator():
    preload = os.environ.get("LD_PRELOAD", "")
    return "tcmalloc" if "tcmalloc" in preload else "jemalloc" if "jemalloc" in preload else preload or "glibc"


def time_steps(fn, warmup, steps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", default="8,16")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--channels-last", action="store_true",
                    help="run the model and its inputs in channels-last memory format (as the Java side does)")
    ap.add_argument("--profile", metavar="DIR", help="also write an operator profile (Chrome trace) of one step per configuration")
    a = ap.parse_args()
    # Debian's build starts with one thread; use every core, as libtorch under DJL does.
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Fusion()
    layout = torch.channels_last if a.channels_last else torch.contiguous_format
    model = model.to(memory_format=layout)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    for b in [int(x) for x in a.batches.split(",")]:
        c = torch.randn(b, 3, a.size, a.size).contiguous(memory_format=layout)
        d = torch.randn(b, 3, a.size, a.size).contiguous(memory_format=layout)
        m = torch.zeros(b, 14)
        y = torch.randint(0, 3, (b,))

        def finetune():
            model.train()
            opt.zero_grad()
            loss_fn(model(c, d, m), y).backward()
            opt.step()

        def frozen():
            # Frozen backbone: features without gradients, then a head step.
            model.eval()
            with torch.no_grad():
                fc = model.clinic(c).mean((2, 3))
                fd = model.derm(d).mean((2, 3))
            opt.zero_grad()
            loss_fn(model.head(torch.cat([fc, fd, m], 1)), y).backward()
            opt.step()

        def infer():
            model.eval()
            with torch.no_grad():
                model(c, d, m).softmax(1)

        for mode, fn in (("finetune", finetune), ("frozen", frozen), ("inference", infer)):
            sec = time_steps(fn, a.warmup, a.steps)
            if a.profile:
                os.makedirs(a.profile, exist_ok=True)
                with torch.autograd.profiler.profile(record_shapes=True) as prof:
                    fn()
                prof.export_chrome_trace(os.path.join(a.profile, f"torch-{mode}-b{b}.json"))
            print(json.dumps({"framework": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                              "malloc": allocator(),
                              "layout": "channels_last" if a.channels_last else "nchw",
                              "mode": mode, "batch": b, "size": a.size, "ms_per_step": round(sec * 1000, 1),
                              "cases_per_s": round(b / sec, 2),
                              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
                  flush=True)


if __name__ == "__main__":
    main()
