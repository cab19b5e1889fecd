using System.IO.Compression;
using System.Text.Json;
using NativeNet.IO;
using NativeNet.Tensors;

namespace NativeNet.Tests.IO;

public sealed class NpzAndHistoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<KeyValuePair<string, IReadOnlyList<double>>> Histories() =>
    [
        new("loss", new[] { 2.3, 1.5, 0.75, double.NaN }),
        new("train_acc", new[] { 0.5, 0.875 }),
        new("val,acc", new[] { 0.25 }),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NpzIsAZipOfNpyEntries(bool compressed)
    {
        var writer = new NpzWriter { Compressed = compressed };
        writer.Add("weights", NdArray<float>.FromArray([1f, 2f, 3f, 4f], 2, 2));
        writer.Add("loss", [0.5, 0.25], 2);
        writer.Add("labels", [1, 2, 3], 3);
        string path = _dir.File("arrays.npz");
        writer.Save(path);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["weights.npy", "loss.npy", "labels.npy"], zip.Entries.Select(e => e.FullName));
        if (compressed) Assert.All(zip.Entries, e => Assert.True(e.CompressedLength < e.Length));
        else Assert.All(zip.Entries, e => Assert.Equal(e.Length, e.CompressedLength));
        using (var s = zip.GetEntry("weights.npy")!.Open())
            Assert.Equal([1f, 2f, 3f, 4f], Npy.Read<float>(s, "weights.npy").ToArray());
        using (var s = zip.GetEntry("loss.npy")!.Open())
            Assert.Equal([0.5, 0.25], Npy.Read<double>(s, "loss.npy").ToArray());
        using (var s = zip.GetEntry("labels.npy")!.Open())
            Assert.Equal([1, 2, 3], Npy.ReadInt32(s, "labels.npy", out _));
    }

    [Fact]
    public void NpzReaderReadsBackEveryArray()
    {
        var writer = new NpzWriter { Compressed = true };
        writer.Add("a", NdArray<double>.FromArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2));
        writer.Add("b", [9, 8], 2);
        string path = _dir.File("r.npz");
        writer.Save(path);
        var all = NpzReader.ReadAll<float>(path);
        Assert.Equal(["a", "b"], all.Keys);
        Assert.True(all["a"].HasShape(3, 2));
        Assert.Equal([9f, 8f], all["b"].ToArray());
        Assert.Equal(6.0, NpzReader.Read<double>(path, "a")[5]);
        Assert.Contains("no array named 'c'", Assert.Throws<DataFormatException>(() => NpzReader.Read<double>(path, "c")).Message);
        File.WriteAllText(_dir.File("not.npz"), "hello");
        Assert.Throws<DataFormatException>(() => NpzReader.ReadAll<float>(_dir.File("not.npz")));
    }

    [Fact]
    public void NpzOutputIsDeterministic()
    {
        var a = new NpzWriter();
        a.Add("x", [1.0, 2.0], 2);
        var b = new NpzWriter();
        b.Add("x", [1.0, 2.0], 2);
        using var sa = new MemoryStream();
        using var sb = new MemoryStream();
        a.WriteTo(sa);
        b.WriteTo(sb);
        Assert.Equal(sa.ToArray(), sb.ToArray());
    }

    [Fact]
    public void CsvHasOneColumnPerSeriesAndBlankCellsForShorterOnes()
    {
        string path = _dir.File("history.csv");
        HistoryExport.WriteCsv(path, Histories());
        Assert.Equal("loss,train_acc,\"val,acc\"\n2.3,0.5,0.25\n1.5,0.875,\n0.75,,\nnan,,\n", File.ReadAllText(path));
    }

    [Fact]
    public void JsonMapsNamesToArraysWithNullForNonFinite()
    {
        string path = _dir.File("history.json");
        HistoryExport.WriteJson(path, Histories());
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var loss = json.RootElement.GetProperty("loss");
        Assert.Equal(4, loss.GetArrayLength());
        Assert.Equal(0.75, loss[2].GetDouble());
        Assert.Equal(JsonValueKind.Null, loss[3].ValueKind);
        Assert.Equal([0.5, 0.875], json.RootElement.GetProperty("train_acc").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(["loss", "train_acc", "val,acc"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void NpzHistoriesKeepEverySeriesAtItsOwnLength()
    {
        string path = _dir.File("history.npz");
        HistoryExport.WriteNpz(path, Histories());
        using var zip = ZipFile.OpenRead(path);
        using var s = zip.GetEntry("loss.npy")!.Open();
        var loss = Npy.Read<double>(s, "loss.npy");
        Assert.True(loss.HasShape(4));
        Assert.True(double.IsNaN(loss[3]));
        using var t = zip.GetEntry("train_acc.npy")!.Open();
        Assert.Equal([0.5, 0.875], Npy.Read<double>(t, "train_acc.npy").ToArray());
    }

    [Fact]
    public void AcceptsDictionariesOfListsAndArrays()
    {
        var lists = new Dictionary<string, List<double>> { ["loss"] = [1.0, 0.5], ["acc"] = [0.25] };
        using var text = new StringWriter();
        HistoryExport.WriteCsv(text, lists);
        Assert.Equal("loss,acc\n1,0.25\n0.5,\n", text.ToString());
        var arrays = new Dictionary<string, double[]> { ["x"] = [3.0] };
        using var json = new MemoryStream();
        HistoryExport.WriteJson(json, arrays);
        Assert.Equal(3.0, JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("x")[0].GetDouble());
    }

    [Fact]
    public void DuplicateSeriesNamesAreRejected()
    {
        var series = new List<KeyValuePair<string, IReadOnlyList<double>>> { new("a", new[] { 1.0 }), new("a", new[] { 2.0 }) };
        Assert.Throws<ArgumentException>(() => HistoryExport.WriteCsv(_dir.File("x.csv"), series));
    }
}
