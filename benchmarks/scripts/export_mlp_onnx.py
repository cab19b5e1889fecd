"""Exports the 784-256-128-10 ReLU MLP of `nativenet bench infer` to ONNX with a dynamic batch axis.

Usage: /usr/bin/python3 benchmarks/scripts/export_mlp_onnx.py OUT.onnx
Debian's python3-torch (1.13) writes it; ONNX Runtime then times it in benchmarks/compare-infer.sh.
"""
import sys

import torch

torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(784, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 128), torch.nn.ReLU(),
    torch.nn.Linear(128, 10)).eval()
torch.onnx.export(model, torch.randn(1, 784), sys.argv[1], input_names=["features"], output_names=["scores"],
                  dynamic_axes={"features": {0: "batch"}, "scores": {0: "batch"}}, opset_version=13)
