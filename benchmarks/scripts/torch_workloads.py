"""PyTorch CPU reference for `nativenet bench train`: the same workloads, shapes, batch and optimizer, float32,
random data, steady state. Prints one JSON object per line: workload, threads, samples_per_second."""
import argparse
import json
import time

import torch
import torch.nn as nn

WORKLOADS = {
    # name: (layer sizes, normalization, activation, optimizer, batch, dropout)
    "cifar-bn": ([3072, 500, 500, 500, 10], "batch", "relu", "adam", 100, 0.0),
    "cifar-deep": ([3072, 100, 100, 100, 100, 100, 10], None, "relu", "momentum", 100, 0.0),
    "cifar-wide10": ([3072] + [200] * 10 + [10], None, "relu", "adam", 128, 0.0),
    "mnist-small": ([784, 30, 10], None, "sigmoid", "sgd", 10, 0.0),
    "mnist-bn": ([784, 128, 64, 10], "batch", "relu", "momentum", 60, 0.0),
    # The Fashion-MNIST network on random data: its steady-state step without data loading.
    "fashion-mlp": ([784, 256, 128, 10], None, "relu", "adam", 128, 0.0),
    # The same network with other activations, layer norm and dropout; cifar-bn with GELU.
    "fashion-gelu": ([784, 256, 128, 10], None, "gelu", "adam", 128, 0.0),
    "fashion-ln": ([784, 256, 128, 10], "layer", "relu", "adam", 128, 0.0),
    "fashion-ln-gelu": ([784, 256, 128, 10], "layer", "gelu", "adam", 128, 0.0),
    "fashion-swish": ([784, 256, 128, 10], None, "swish", "adam", 128, 0.0),
    "fashion-mish": ([784, 256, 128, 10], None, "mish", "adam", 128, 0.0),
    "fashion-user-swish": ([784, 256, 128, 10], None, "swish", "adam", 128, 0.0),
    "fashion-dropout": ([784, 256, 128, 10], None, "relu", "adam", 128, 0.2),
    "cifar-bn-gelu": ([3072, 500, 500, 500, 10], "batch", "gelu", "adam", 100, 0.0),
}

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "gelu": nn.GELU, "swish": nn.SiLU, "mish": nn.Mish}


def build(sizes, norm, activation, dropout):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            if norm == "batch":
                layers.append(nn.BatchNorm1d(sizes[i + 1]))
            elif norm == "layer":
                layers.append(nn.LayerNorm(sizes[i + 1]))
            layers.append(ACTIVATIONS[activation]())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def optimizer_for(name, params):
    if name == "adam":
        return torch.optim.Adam(params, lr=1e-3)
    if name == "momentum":
        return torch.optim.SGD(params, lr=1e-2, momentum=0.9)
    return torch.optim.SGD(params, lr=1e-2)


def measure(name, threads, seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    sizes, norm, act, opt_name, batch, dropout = WORKLOADS[name]
    model = build(sizes, norm, act, dropout)
    model.train()
    opt = optimizer_for(opt_name, model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    batches = [(torch.randn(batch, sizes[0]), torch.randint(0, sizes[-1], (batch,))) for _ in range(16)]

    def step(x, y):
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    warm_until = time.perf_counter() + min(1.0, seconds / 3)
    i = 0
    while time.perf_counter() < warm_until:
        step(*batches[i % len(batches)])
        i += 1
    steps, start = 0, time.perf_counter()
    while True:
        step(*batches[steps % len(batches)])
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 20:
            break
    return {"workload": name, "threads": threads, "samples_per_second": steps * batch / elapsed,
            "torch": torch.__version__}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", action="append", choices=sorted(WORKLOADS))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    for name in args.workload or list(WORKLOADS):
        print(json.dumps(measure(name, args.threads, args.seconds)), flush=True)


if __name__ == "__main__":
    main()
