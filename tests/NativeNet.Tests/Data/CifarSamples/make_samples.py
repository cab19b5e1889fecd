#!/usr/bin/python3
"""Writes the reference samples CifarReferenceSampleTests reads: CIFAR files as Python 3's pickle with numpy, and
scipy's savemat, write them (Debian: python3-numpy, python3-scipy). Image `seed` has pixel
(seed * 7 + c * 50 + y * 3 + x) % 256 at channel c, row y, column x. Run from this folder."""
import gzip
import io
import pickle

import numpy as np
import scipy.io as sio


def pixels(seeds):
    a = np.zeros((len(seeds), 3, 32, 32), dtype=np.uint8)
    for n, s in enumerate(seeds):
        c, y, x = np.meshgrid(np.arange(3), np.arange(32), np.arange(32), indexing='ij')
        a[n] = (s * 7 + c * 50 + y * 3 + x) % 256
    return a.reshape(len(seeds), 3072)


def save(name, data):
    with open(name + '.gz', 'wb') as f:
        f.write(gzip.compress(data, mtime=0))


# CIFAR-10 as re-saved after pickle.load(f, encoding='bytes'): bytes keys and names.
cifar10 = {b'batch_label': b'training batch 1 of 5', b'labels': [3, 7], b'data': pixels([1, 2]),
           b'filenames': [b'a.png', b'b.png']}
# CIFAR-100 as re-saved after pickle.load(f, encoding='latin1'): str keys and names.
cifar100 = {'filenames': ['x.png', 'y.png', 'z.png'], 'batch_label': 'training batch 1 of 1',
            'fine_labels': [99, 0, 42], 'coarse_labels': [19, 4, 0], 'data': pixels([3, 4, 5])}
for protocol in (2, 4, 5):
    save(f'cifar10-protocol{protocol}.pickle', pickle.dumps(cifar10, protocol=protocol))
    save(f'cifar100-protocol{protocol}.pickle', pickle.dumps(cifar100, protocol=protocol))
names10 = [b'airplane', b'automobile', b'bird', b'cat', b'deer', b'dog', b'frog', b'horse', b'ship', b'truck']
save('cifar10-meta-protocol2.pickle',
     pickle.dumps({b'num_cases_per_batch': 10000, b'label_names': names10, b'num_vis': 3072}, protocol=2))
save('cifar100-meta-protocol4.pickle', pickle.dumps(
    {'fine_label_names': [f'fine{i}' for i in range(100)], 'coarse_label_names': [f'coarse{i}' for i in range(20)]},
    protocol=4))
# numpy 2 moved numpy.core to numpy._core; its pickles name the new module (the frame grows by the one byte).
p4 = bytearray(pickle.dumps(cifar100, protocol=4))
old, new = b'\x8c\x15numpy.core.multiarray', b'\x8c\x16numpy._core.multiarray'
assert p4.count(old) == 1 and p4[2] == 0x95
p4 = p4.replace(old, new)
p4[3:11] = (int.from_bytes(p4[3:11], 'little') + 1).to_bytes(8, 'little')
save('cifar100-numpy2-protocol4.pickle', bytes(p4))

f = io.BytesIO()
filenames = np.empty((3, 1), dtype=object)
filenames[:, 0] = cifar100['filenames']
sio.savemat(f, {'batch_label': 'training batch 1 of 1', 'coarse_labels': np.array([[19], [4], [0]], dtype=np.uint8),
                'data': pixels([3, 4, 5]), 'filenames': filenames,
                'fine_labels': np.array([[99], [0], [42]], dtype=np.float64)}, do_compression=True)
save('cifar100-train.mat', f.getvalue())
f = io.BytesIO()
fine, coarse = np.empty((100, 1), dtype=object), np.empty((20, 1), dtype=object)
fine[:, 0] = [f'fine{i}' for i in range(100)]
coarse[:, 0] = [f'coarse{i}' for i in range(20)]
sio.savemat(f, {'fine_label_names': fine, 'coarse_label_names': coarse})
save('cifar100-meta.mat', f.getvalue())
