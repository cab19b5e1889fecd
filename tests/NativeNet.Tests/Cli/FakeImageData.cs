using System.IO.Compression;

namespace NativeNet.Tests.Cli;

/// <summary>Writes tiny MNIST-style IDX and CIFAR-10-style files whose label is readable from the pixels, and a CSV data set.</summary>
internal static class FakeImageData
{
    /// <summary>IDX files (gzipped) of <paramref name="train"/> and <paramref name="test"/> images of 6×6, labels 0..9.</summary>
    public static void WriteMnist(string directory, int train, int test)
    {
        WriteIdxPair(directory, "train", train, seed: 1);
        WriteIdxPair(directory, "t10k", test, seed: 2);
    }

    /// <summary>The five CIFAR-10 training batches of <paramref name="perBatch"/> records each and a test batch.</summary>
    public static void WriteCifar10(string directory, int perBatch, int test)
    {
        for (int b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(directory, $"data_batch_{b}.bin"), CifarRecords(perBatch, seed: b));
        File.WriteAllBytes(Path.Combine(directory, "test_batch.bin"), CifarRecords(test, seed: 9));
    }

    /// <summary>
    /// The python version of CIFAR-10 in <paramref name="directory"/>: five training batches of
    /// <paramref name="perBatch"/> images and a test batch, labelled by a bright pixel as in <see cref="WriteCifar10"/>.
    /// </summary>
    public static void WriteCifar10Python(string directory, int perBatch, int test)
    {
        for (int b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(directory, $"data_batch_{b}"), CifarPickle(perBatch, seed: b));
        File.WriteAllBytes(Path.Combine(directory, "test_batch"), CifarPickle(test, seed: 9));
    }

    /// <summary>
    /// A CSV file with a header, the label (0..2) in the first column and four features; the rows are grouped by
    /// class, and each class is a blob of its own, far from the others.
    /// </summary>
    public static string WriteCsv(string path, int rows)
    {
        var random = new Random(3);
        var lines = new List<string> { "label,a,b,c,d" };
        for (int i = 0; i < rows; i++)
        {
            int label = i * 3 / rows;
            var features = Enumerable.Range(0, 4).Select(f => (100 * (f == label ? 1 : 0) + random.NextDouble()).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            lines.Add($"{label},{string.Join(',', features)}");
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    private static byte[] CifarPickle(int count, int seed)
    {
        var records = CifarRecords(count, seed);
        var pixels = new byte[count * 3072];
        for (int i = 0; i < count; i++) Array.Copy(records, i * 3073 + 1, pixels, i * 3072, 3072);
        return new NativeNet.Fuzz.PickleBuilder().Proto().Dict(
            ("data", p => p.UInt8Array(count, 3072, pixels)),
            ("labels", p => p.IntList([.. Enumerable.Range(0, count).Select(i => (int)records[i * 3073])]))).Stop().ToArray();
    }

    private static void WriteIdxPair(string directory, string prefix, int count, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[count];
        var pixels = new byte[count * 36];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            // The label's own pixel is bright, the rest noise: a network learns it quickly.
            for (int p = 0; p < 36; p++) pixels[i * 36 + p] = (byte)random.Next(0, 60);
            pixels[i * 36 + labels[i]] = 255;
        }
        WriteGz(Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), Header(0x0803, count, 6, 6).Concat(pixels).ToArray());
        WriteGz(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"), Header(0x0801, count).Concat(labels).ToArray());
    }

    private static byte[] CifarRecords(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[count * 3073];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            bytes[i * 3073] = (byte)label;
            for (int p = 0; p < 3072; p++) bytes[i * 3073 + 1 + p] = (byte)random.Next(0, 60);
            bytes[i * 3073 + 1 + label] = 255;
        }
        return bytes;
    }

    private static byte[] Header(int magic, params int[] dims)
    {
        var header = new List<byte>();
        foreach (int value in new[] { magic }.Concat(dims))
            header.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        return [.. header];
    }

    private static void WriteGz(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
    }
}
