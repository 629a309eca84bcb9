#!/usr/bin/env python3
"""Writes src/main/resources/org/dermmgmt/model/relu6.pt, the TorchScript ReLU6 (hardtanh 0..6)
that SameConv calls while training. DJL exposes no hardtanh, and libtorch's clamp backward costs
four passes over every activation where hardtanh's costs one (see Relu6.java, BENCHMARKS.md).
The file is our own code, not weights; regenerate it with Debian's python3-torch:
  python3 src/main/torchscript/relu6.py
"""
import os

import torch


class Relu6(torch.nn.Module):
    def forward(self, x):
        return torch.nn.functional.hardtanh(x, 0.0, 6.0)


out = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "dermmgmt", "model", "relu6.pt")
torch.jit.script(Relu6()).save(os.path.normpath(out))
print("wrote", os.path.normpath(out))
