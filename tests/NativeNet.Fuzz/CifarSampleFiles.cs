namespace NativeNet.Fuzz;

/// <summary>
/// Small CIFAR files in the python version (pickled as Python 2's cPickle wrote the official archives) and the MATLAB
/// version, whose pixels identify their image: image <c>seed</c> has <see cref="Pixel"/> at each position.
/// </summary>
public static class CifarSampleFiles
{
    private const int ImageBytes = 3 * 32 * 32;

    /// <summary>The pixel of image <paramref name="seed"/> at channel c, row y, column x: distinct per position, within a byte.</summary>
    public static byte Pixel(int seed, int c, int y, int x) => (byte)((seed * 7 + c * 50 + y * 3 + x) % 256);

    /// <summary>The images as CIFAR rows: N × 3,072 bytes, each the red, green and blue 32×32 planes.</summary>
    public static byte[] Pixels(IReadOnlyList<int> seeds)
    {
        var pixels = new byte[seeds.Count * ImageBytes];
        for (int n = 0; n < seeds.Count; n++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                        pixels[n * ImageBytes + c * 1024 + y * 32 + x] = Pixel(seeds[n], c, y, x);
        return pixels;
    }

    /// <summary>A CIFAR-10 python batch: a dict of data, labels, batch_label and filenames.</summary>
    public static byte[] Cifar10Batch(IReadOnlyList<int> seeds, IReadOnlyList<int> labels) =>
        new PickleBuilder().Proto().Dict(
            ("data", p => p.UInt8Array(seeds.Count, ImageBytes, Pixels(seeds))),
            ("labels", p => p.IntList(labels)),
            ("batch_label", p => p.Str("training batch 1 of 5")),
            ("filenames", p => p.StrList([.. seeds.Select(s => $"image_{s}.png")]))).Stop().ToArray();

    /// <summary>A CIFAR-100 python file: a dict of data, fine_labels, coarse_labels, batch_label and filenames.</summary>
    public static byte[] Cifar100File(IReadOnlyList<int> seeds, IReadOnlyList<int> fine, IReadOnlyList<int> coarse) =>
        new PickleBuilder().Proto().Dict(
            ("data", p => p.UInt8Array(seeds.Count, ImageBytes, Pixels(seeds))),
            ("fine_labels", p => p.IntList(fine)),
            ("batch_label", p => p.Str("training batch 1 of 1")),
            ("coarse_labels", p => p.IntList(coarse)),
            ("filenames", p => p.StrList([.. seeds.Select(s => $"image_{s}.png")]))).Stop().ToArray();

    /// <summary>CIFAR-10's batches.meta: label_names with num_cases_per_batch and num_vis.</summary>
    public static byte[] Cifar10Meta(IReadOnlyList<string> names) =>
        new PickleBuilder().Proto().Dict(
            ("num_cases_per_batch", p => p.Int(10000)),
            ("label_names", p => p.StrList(names)),
            ("num_vis", p => p.Int(ImageBytes))).Stop().ToArray();

    /// <summary>CIFAR-100's meta: fine_label_names and coarse_label_names.</summary>
    public static byte[] Cifar100Meta(IReadOnlyList<string> fine, IReadOnlyList<string> coarse) =>
        new PickleBuilder().Proto().Dict(
            ("fine_label_names", p => p.StrList(fine)),
            ("coarse_label_names", p => p.StrList(coarse))).Stop().ToArray();

    /// <summary>
    /// A CIFAR-100 MATLAB file: data (uint8, N × 3,072, compressed when <paramref name="compressData"/>),
    /// fine_labels (double stored as miUINT8, as MATLAB stores whole numbers), coarse_labels (double stored as
    /// miDOUBLE), batch_label and filenames.
    /// </summary>
    public static byte[] MatlabFile(IReadOnlyList<int> seeds, IReadOnlyList<int> fine, IReadOnlyList<int> coarse, bool compressData = true)
    {
        int n = seeds.Count;
        var rows = Pixels(seeds);
        var columnMajor = new byte[rows.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < ImageBytes; j++)
                columnMajor[i + j * n] = rows[i * ImageBytes + j];
        return new MatFileBuilder()
            .Add(MatFileBuilder.Char("batch_label", "training batch 1 of 1"), compress: true)
            .AddDouble("coarse_labels", n, 1, [.. coarse.Select(v => (double)v)], compress: false, storeAsDouble: true)
            .AddUInt8("data", n, ImageBytes, columnMajor, compressData)
            .AddStrings("filenames", [.. seeds.Select(s => $"image_{s}.png")], compress: true)
            .AddDouble("fine_labels", n, 1, [.. fine.Select(v => (double)v)], compress: true)
            .ToArray();
    }

    /// <summary>CIFAR-100's meta.mat: fine_label_names and coarse_label_names as cell arrays of char.</summary>
    public static byte[] MatlabMeta(IReadOnlyList<string> fine, IReadOnlyList<string> coarse) =>
        new MatFileBuilder().AddStrings("coarse_label_names", coarse, compress: true).AddStrings("fine_label_names", fine, compress: false).ToArray();
}
