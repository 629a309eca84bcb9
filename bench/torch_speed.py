#!/usr/bin/env python3
"""Reference timing of the same two-stream MobileNetV2 fusion model in PyTorch (Debian's
python3-torch / python3-torchvision), for the Java/PyTorch ratio in BENCHMARKS.md. Batch norm is replaced by
identity because the Java model has it folded into the convolutions (TFLite import).

With --backbone resnet50: one ResNet-50 stream and a linear 3-class head, as `dermmgmt bench speed
--backbone resnet50` times it: torchvision's resnet50 made Keras v1 (stride 2 on the first 1x1
conv of stages 3-5 instead of the 3x3) with a bias on every conv, batch norm frozen (eval mode,
running statistics) during fine-tuning like the Java default; every parameter trains.

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


class ResNetStream(nn.Module):
    def __init__(self):
        super().__init__()
        net = torchvision.models.resnet50(zero_init_residual=True)  # as ResNetBench: random blocks stay tame
        for layer in (net.layer2, net.layer3, net.layer4):
            layer[0].conv1.stride, layer[0].conv2.stride = (2, 2), (1, 1)  # v1.5 -> v1
        for m in net.modules():
            if isinstance(m, nn.Conv2d):
                m.bias = nn.Parameter(torch.zeros(m.out_channels))
        net.fc = nn.Identity()
        self.backbone = net
        self.head = nn.Linear(2048, 3)

    def train(self, mode=True):
        super().train(mode)
        for m in self.modules():  # frozen batch norm: running statistics even when training
            if isinstance(m, nn.BatchNorm2d):
                m.eval()
        return self

    def features(self, x):
        return self.backbone(x)

    def forward(self, x):
        return self.head(self.backbone(x))


def allocator():
    preload = os.environ.get("LD_PRELOAD", "")
    return "tcmalloc" if "tcmalloc" in preload else "jemalloc" if "jemalloc" in preload else preload or "glibc"


def time_steps(fn, warmup, steps):
    """Median wall and process-CPU seconds per step (CPU time: less sensitive to a shared machine)."""
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(steps):
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", default="8,16")
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--backbone", default="mobilenet_v2", choices=["mobilenet_v2", "resnet50"])
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--channels-last", action="store_true",
                    help="run the model and its inputs in channels-last memory format (as the Java side does)")
    ap.add_argument("--bf16", action="store_true",
                    help="run every step under torch.autocast('cpu', bfloat16): PyTorch's own mixed precision, to hold"
                         " against dermmgmt's bf16 paths on CPUs with AVX-512-BF16 / AMX")
    ap.add_argument("--profile", metavar="DIR", help="also write an operator profile (Chrome trace) of one step per configuration")
    a = ap.parse_args()
    # Debian's build starts with one thread; use every core, as libtorch under DJL does.
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    resnet = a.backbone == "resnet50"
    model = ResNetStream() if resnet else Fusion()
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
            loss_fn(model(c) if resnet else model(c, d, m), y).backward()
            opt.step()

        def frozen_resnet():
            model.eval()
            with torch.no_grad():
                f = model.features(c)
            opt.zero_grad()
            loss_fn(model.head(f), y).backward()
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
                (model(c) if resnet else model(c, d, m)).softmax(1)

        def autocast(fn):
            def run():
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    fn()
            return run

        for mode, fn in (("finetune", finetune), ("frozen", frozen_resnet if resnet else frozen), ("inference", infer)):
            if a.bf16:
                fn = autocast(fn)
            try:
                sec, cpu_sec = time_steps(fn, a.warmup, a.steps)
            except RuntimeError as e:
                # e.g. PyTorch 1.13's autocast cannot fine-tune MobileNetV2 in bf16 on the CPU (no
                # bf16 hardtanh backward): say so in the row instead of stopping the comparison.
                print(json.dumps({"framework": "pytorch", "backbone": a.backbone, "torch": torch.__version__,
                                  "malloc": allocator(), "layout": "channels_last" if a.channels_last else "nchw",
                                  "precision": "bf16-autocast" if a.bf16 else "fp32", "mode": mode, "batch": b,
                                  "size": a.size, "error": str(e).splitlines()[0]}), flush=True)
                continue
            if a.profile:
                os.makedirs(a.profile, exist_ok=True)
                with torch.autograd.profiler.profile(record_shapes=True) as prof:
                    fn()
                prof.export_chrome_trace(os.path.join(a.profile, f"torch-{mode}-b{b}.json"))
            print(json.dumps({"framework": "pytorch", "backbone": a.backbone, "torch": torch.__version__, "threads": torch.get_num_threads(),
                              "malloc": allocator(),
                              "layout": "channels_last" if a.channels_last else "nchw",
                              "precision": "bf16-autocast" if a.bf16 else "fp32",
                              "mode": mode, "batch": b, "size": a.size, "ms_per_step": round(sec * 1000, 1),
                              "cpu_ms_per_step": round(cpu_sec * 1000, 1),
                              "cases_per_s": round(b / sec, 2),
                              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
                  flush=True)


if __name__ == "__main__":
    main()
