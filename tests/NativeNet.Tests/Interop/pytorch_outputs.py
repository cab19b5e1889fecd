"""Evaluates a NativeNet PyTorch export in PyTorch for PyTorchExportCommandTests.

Usage: pytorch_outputs.py EXPORT FEATURES OUT
EXPORT is `nativenet export pytorch` output (float32); FEATURES an .npy of input rows. Builds the torch.nn.Sequential
named in the export's metadata, loads the state dict with strict=True and writes its evaluation-mode outputs to OUT
(.npy, float32).
"""
import sys

import numpy as np
import torch

from pytorch_parity import build, load


def main():
    export_path, features_path, out_path = sys.argv[1:4]
    state, metadata = load(export_path)
    model = build(state, metadata).float().eval()
    with torch.no_grad():
        outputs = model(torch.from_numpy(np.load(features_path)))
    np.save(out_path, outputs.numpy())


if __name__ == "__main__":
    main()
