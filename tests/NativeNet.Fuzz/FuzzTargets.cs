using System.IO.Compression;
using System.Text;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Optimizers;
using NativeNet.Tensors;
using NativeNet.Training;

namespace NativeNet.Fuzz;

/// <summary>The fuzz targets, one per reader; every name the command line and the regression tests know comes from here.</summary>
public static class FuzzTargets
{
    /// <summary>Every target, by name.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("idx", "IDX images and labels (raw or gzip): IdxReader.Read, ReadLabels", Idx, IdxSeeds),
        new("cifar", "CIFAR-10/100 binary batches: CifarReader", Cifar, CifarSeeds),
        new("cifar-python", "CIFAR-10/100 python pickles: CifarReader.ReadCifar10PythonBatch, ReadCifar100PythonFile", CifarPython, CifarPythonSeeds),
        new("cifar-matlab", "CIFAR-100 MATLAB v5 MAT-files: CifarReader.ReadCifar100MatlabFile", CifarMatlab, CifarMatlabSeeds),
        new("csv", "numeric CSV data sets (raw or gzip): CsvDatasetReader", Csv, CsvSeeds),
        new("npy", "NPY arrays: Npy.Read, Npy.ReadInt32", NpyArrays, NpySeeds),
        new("npz", "NPZ archives: NpzReader.ReadAll", Npz, NpzSeeds),
        new("safetensors", "safetensors files: SafeTensorsFile.Parse and every typed accessor", SafeTensors, SafeTensorsSeeds),
        new("checkpoint", "training checkpoints: Checkpoint.ReadMetadata, LoadModel, Resume", CheckpointFile, CheckpointSeeds),
    ];

    /// <summary>The target named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No target has that name; the message lists them.</exception>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; the targets are {string.Join(", ", All.Select(t => t.Name))}", nameof(name));

    // Runs each reading step on its own, so that one rejection does not hide a crash in the next reader; returns the
    // first documented rejection.
    private static Exception? Documented(params Action[] steps)
    {
        Exception? first = null;
        foreach (var step in steps)
        {
            try
            {
                step();
            }
            catch (DataFormatException e)
            {
                first ??= e;
            }
        }
        return first;
    }

    // A one-dimensional file is read as labels too; every file as an array.
    private static Exception? Idx(byte[] input)
    {
        string path = FuzzInputFile.Write(input, ".idx");
        return input.Length > 3 && input[3] == 1
            ? Documented(() => IdxReader.Read<float>(path), () => IdxReader.ReadLabels(path))
            : Documented(() => IdxReader.Read<float>(path));
    }

    // Records of 3,073 bytes are CIFAR-10's, of 3,074 CIFAR-100's; other lengths go to both readers.
    private static Exception? Cifar(byte[] input)
    {
        string path = FuzzInputFile.Write(input, ".bin");
        bool cifar10 = input.Length % (1 + CifarReader.ImageBytes) == 0, cifar100 = input.Length % (2 + CifarReader.ImageBytes) == 0;
        if (cifar10 == cifar100) cifar10 = cifar100 = true;
        return Documented(
            () => { if (cifar10) CifarReader.ReadCifar10Batch<float>(path); },
            () => { if (cifar100) CifarReader.ReadCifar100File<float>(path, Cifar100LabelKind.Coarse); },
            () => { if (cifar100) CifarReader.ReadCifar100Labels(path); });
    }

    // Both datasets' label keys, so that a CIFAR-10 batch and a CIFAR-100 file each reach the labels.
    private static Exception? CifarPython(byte[] input)
    {
        string path = FuzzInputFile.Write(input, "");
        return Documented(
            () => CifarReader.ReadCifar10PythonBatch<float>(path),
            () => CifarReader.ReadCifar100PythonFile<float>(path, Cifar100LabelKind.Coarse));
    }

    private static Exception? CifarMatlab(byte[] input)
    {
        string path = FuzzInputFile.Write(input, ".mat");
        return Documented(
            () => CifarReader.ReadCifar100MatlabFile<float>(path),
            () => CifarReader.ReadCifar100MatlabFile<float>(path, Cifar100LabelKind.Coarse));
    }

    private static Exception? Csv(byte[] input) => Documented(() => CsvDatasetReader.Read<float>(new MemoryStream(input), "fuzz.csv"));

    // An array read as float, and (when it is one) as integers.
    private static Exception? NpyArrays(byte[] input) => Documented(() =>
    {
        var array = Npy.Read<float>(new MemoryStream(input), "fuzz.npy");
        if (!Encoding.ASCII.GetString(input, 0, Math.Min(input.Length, 128)).Contains("'<f", StringComparison.Ordinal))
            Npy.ReadInt32(new MemoryStream(input), "fuzz.npy", out _);
    });

    private static Exception? Npz(byte[] input)
    {
        string path = FuzzInputFile.Write(input, ".npz");
        return Documented(() => NpzReader.ReadAll<double>(path));
    }

    private static Exception? SafeTensors(byte[] input) => Documented(() =>
    {
        var file = SafeTensorsFile.Parse(input, "fuzz.safetensors");
        foreach (var tensor in file.Tensors)
        {
            _ = tensor.DType switch
            {
                SafeTensorsDType.F32 => file.GetFloat32(tensor.Name).Length,
                SafeTensorsDType.F64 => file.GetFloat64(tensor.Name).Length,
                SafeTensorsDType.I64 => file.GetInt64(tensor.Name).Length,
                SafeTensorsDType.U64 => file.GetUInt64(tensor.Name).Length,
                SafeTensorsDType.I32 => file.GetInt32(tensor.Name).Length,
                SafeTensorsDType.U8 => file.GetUInt8(tensor.Name).Length,
                _ => file.GetRawBytes(tensor.Name).Length,
            };
        }
    });

    private static Exception? CheckpointFile(byte[] input)
    {
        string path = FuzzInputFile.Write(input, ".safetensors");
        var solver = CheckpointSolver.Value;
        return Documented(
            () => Checkpoint.ReadMetadata(path),
            () => Checkpoint.LoadModel(solver.Model, path),
            () => Checkpoint.Resume(solver, path));
    }

    // A small network, optimizer and data set that checkpoints are resumed into; built once per process.
    private static readonly Lazy<Solver<float>> CheckpointSolver = new(() =>
    {
        var spec = new FullyConnectedNetSpec { InputSize = 4, HiddenSizes = [3], Classes = 2, Normalization = Normalization.Batch, Seed = 1 };
        var model = FullyConnectedNet.Build<float>(spec);
        var data = new Dataset<float>(NdArray<float>.FromArray([0f, 1, 2, 3, 1, 0, 3, 2, 2, 3, 0, 1, 3, 2, 1, 0], 4, 4), [0, 1, 0, 1]);
        return new Solver<float>(model, new SoftmaxCrossEntropyLoss<float>(), new Adam<float>(model.Parameters, 1e-2), data, data,
            new SolverOptions { BatchSize = 2, Epochs = 1, Seed = 1 });
    });

    private static IReadOnlyList<byte[]> IdxSeeds() =>
    [
        [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 64, 128, 255, 1, 2, 3, 4],
        [0, 0, 0x08, 1, 0, 0, 0, 3, 0, 9, 5],
        Gzip([0, 0, 0x0D, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x3F, 0x80, 0, 0, 0x40, 0, 0, 0]),
    ];

    private static IReadOnlyList<byte[]> CifarSeeds()
    {
        var record = new byte[2 + CifarReader.ImageBytes];
        record[0] = 3;
        record[1] = 7;
        for (int i = 2; i < record.Length; i++) record[i] = (byte)(i * 7);
        return [record, record[1..]];
    }

    // Each seed holds the labels of both datasets, so that both readers accept it.
    private static IReadOnlyList<byte[]> CifarPythonSeeds() =>
    [
        .. new[] { new[] { 1 }, new[] { 2, 3 } }.Select(seeds => new PickleBuilder().Proto().Dict(
            ("data", p => p.UInt8Array(seeds.Length, CifarReader.ImageBytes, CifarSampleFiles.Pixels(seeds))),
            ("labels", p => p.IntList([.. seeds.Select(s => s % 10)])),
            ("fine_labels", p => p.IntList([.. seeds.Select(s => s * 11 % 100)])),
            ("coarse_labels", p => p.IntList([.. seeds.Select(s => s * 3 % 20)]))).Stop().ToArray()),
    ];

    private static IReadOnlyList<byte[]> CifarMatlabSeeds() =>
        [CifarSampleFiles.MatlabFile([1], [42], [7], compressData: true), CifarSampleFiles.MatlabFile([2], [99], [19], compressData: false)];

    private static IReadOnlyList<byte[]> CsvSeeds() =>
    [
        Encoding.UTF8.GetBytes("a,b,label\n0.5,1e-3,1\n-2,3,0\n"),
        Gzip(Encoding.UTF8.GetBytes("1,2,3,0\n4,5,6,1\n")),
    ];

    private static IReadOnlyList<byte[]> NpySeeds()
    {
        var floats = new MemoryStream();
        Npy.Write(floats, NdArray<float>.FromArray([1f, 2, 3, 4, 5, 6], 2, 3));
        var ints = new MemoryStream();
        Npy.Write(ints, [3, 1, 4], [3]);
        return [floats.ToArray(), ints.ToArray()];
    }

    private static IReadOnlyList<byte[]> NpzSeeds()
    {
        var seeds = new List<byte[]>();
        foreach (bool compressed in new[] { false, true })
        {
            var writer = new NpzWriter { Compressed = compressed };
            writer.Add("x", [1.0, 2, 3, 4], 2, 2);
            writer.Add("y", [0, 1], 2);
            var stream = new MemoryStream();
            writer.WriteTo(stream);
            seeds.Add(stream.ToArray());
        }
        return seeds;
    }

    private static IReadOnlyList<byte[]> SafeTensorsSeeds()
    {
        var writer = new SafeTensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.AddFloat32("w", [1f, 2, 3, 4], 2, 2);
        writer.AddFloat64("b", [0.5], 1);
        writer.AddInt64("n", [7], 1);
        writer.AddUInt8("m", [1, 0, 1], 3);
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        return [stream.ToArray()];
    }

    private static IReadOnlyList<byte[]> CheckpointSeeds()
    {
        var solver = CheckpointSolver.Value;
        solver.Train();
        string path = Path.Combine(Path.GetTempPath(), $"nativenet-fuzz-seed-{Environment.ProcessId}.safetensors");
        try
        {
            Checkpoint.Save(solver, path, new Dictionary<string, string> { ["architecture"] = "{}" });
            return [File.ReadAllBytes(path)];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(data);
        return stream.ToArray();
    }
}
