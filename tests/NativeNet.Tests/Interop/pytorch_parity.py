"""Trains the PyTorch twin of a NativeNet model for PyTorchParityTests.

Usage: pytorch_parity.py INIT BATCHES OUT_DIR STEPS
INIT is NativeNet's PyTorch state-dict export (float64, with the module list in its metadata); BATCHES holds
x{step} (float64) and y{step} (int64). Writes OUT_DIR/eval.safetensors (the eval-mode output of x0 before any
training) and OUT_DIR/{sgd,adam}.safetensors (the state dict after STEPS steps of each optimizer).
Safetensors files are read and written by hand, so only torch and numpy are needed.
"""
import json
import struct
import sys

import numpy as np
import torch

DTYPES = {"F64": np.float64, "F32": np.float32, "I64": np.int64}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


def save(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        array = np.ascontiguousarray(tensor.detach().numpy())
        raw = array.tobytes()
        header[name] = {"dtype": NAMES[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def build(init, metadata):
    """The torch.nn.Sequential the export's metadata names, in the export's dtype, loaded with strict=True."""
    modules = [eval(m, {"torch": torch}) for m in json.loads(metadata["nativenet_pytorch_modules"])]
    model = torch.nn.Sequential(*modules).to(next(t.dtype for t in init.values() if t.is_floating_point()))
    model.load_state_dict(init, strict=True)
    return model


def main():
    init_path, batches_path, out_dir, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    init, metadata = load(init_path)
    batches, _ = load(batches_path)

    model = build(init, metadata).eval()
    with torch.no_grad():
        save(f"{out_dir}/eval.safetensors", {"output": model(batches["x0"])})

    optimizers = {
        "sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    }
    for name, make in optimizers.items():
        model = build(init, metadata).train()
        optimizer = make(model.parameters())
        loss_fn = torch.nn.CrossEntropyLoss()
        for step in range(steps):
            optimizer.zero_grad()
            loss = loss_fn(model(batches[f"x{step}"]), batches[f"y{step}"])
            loss.backward()
            optimizer.step()
        save(f"{out_dir}/{name}.safetensors", model.state_dict())


if __name__ == "__main__":
    main()
