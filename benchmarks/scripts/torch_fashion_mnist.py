"""PyTorch CPU reference run: Fashion-MNIST (Debian's dataset-fashion-mnist), 784-256-128-10 ReLU MLP, float32, the
recipe of `nativenet train --data fashion-mnist --validation 0 --lr-decay 0.8`: pixels scaled from 0..255 to [0, 1],
all 60,000 training images, Adam 1e-3, batch 128, the learning rate multiplied by --lr-decay after every epoch
(ExponentialLR), 10 epochs. Prints one JSON object: test_accuracy, train_seconds, epochs, threads, lr, lr_decay, seed.

--threads sets torch.set_num_threads; 0 leaves every thread setting at PyTorch's own default (pin OpenBLAS with
OPENBLAS_NUM_THREADS/OMP_NUM_THREADS for a true single-thread run)."""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = "/usr/share/datasets/fashion-mnist"


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def find(stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(ROOT, name)):
            return os.path.join(ROOT, name)
    raise SystemExit(f"{stem} not found under {ROOT}: apt-get install -y dataset-fashion-mnist")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads; 0 = PyTorch's default")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--lr-decay", type=float, default=0.8, help="learning-rate factor per epoch (1 = constant)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    xtr = torch.tensor(idx(find("train-images-idx3-ubyte")).reshape(-1, 784), dtype=torch.float32) / 255
    ytr = torch.tensor(idx(find("train-labels-idx1-ubyte")), dtype=torch.int64)
    xte = torch.tensor(idx(find("t10k-images-idx3-ubyte")).reshape(-1, 784), dtype=torch.float32) / 255
    yte = torch.tensor(idx(find("t10k-labels-idx1-ubyte")), dtype=torch.int64)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=args.lr_decay)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for epoch in range(args.epochs):
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), args.batch_size):
            idx_ = perm[i:i + args.batch_size]
            opt.zero_grad()
            loss_fn(model(xtr[idx_]), ytr[idx_]).backward()
            opt.step()
        schedule.step()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    print(json.dumps({"test_accuracy": acc, "train_seconds": seconds, "epochs": args.epochs, "threads": torch.get_num_threads(),
                      "lr": args.lr, "lr_decay": args.lr_decay, "seed": args.seed}))


if __name__ == "__main__":
    main()
