using System.Text;
using NativeNet.Data;
using NativeNet.IO;
using NativeNet.Tests.IO;

namespace NativeNet.Tests.Data;

public sealed class CsvDatasetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void DetectsHeaderAndUsesTheLastColumnAsLabel()
    {
        var data = CsvDatasetReader.Read<float>(Text("a,b,label\n1.5,2,1\n-3,4e2,0\n\n"), "t.csv");
        Assert.True(data.Features.HasShape(2, 2));
        Assert.Equal([1.5f, 2f, -3f, 400f], data.Features.ToArray());
        Assert.Equal([1, 0], data.Labels);
    }

    [Fact]
    public void LabelColumnIsSelectableAndHeaderOptional()
    {
        var data = CsvDatasetReader.Read<double>(Text("2,0.5,0.25\n0,1,2\n"), "t.csv", labelColumn: 0, hasHeader: false, classCount: 3);
        Assert.Equal([2, 0], data.Labels);
        Assert.Equal([0.5, 0.25, 1.0, 2.0], data.Features.ToArray());
        var semicolon = CsvDatasetReader.Read<float>(Text("x;y\n1;2\n"), "s.csv", labelColumn: -1, delimiter: ';', classCount: 3);
        Assert.Equal([2], semicolon.Labels);
        Assert.Equal([1f], semicolon.Features.ToArray());
    }

    [Fact]
    public void ReadsGzipFiles()
    {
        File.WriteAllBytes(_dir.File("d.csv.gz"), IdxFiles.Gzip(Encoding.UTF8.GetBytes("1,2,3\n4,5,6\n")));
        var data = CsvDatasetReader.Read<float>(_dir.File("d.csv.gz"), classCount: 7);
        Assert.Equal([3, 6], data.Labels);
    }

    [Theory]
    [InlineData("1,2,0\n1,x,0\n", "line 2, column 1: 'x' is not a number", 8)]
    [InlineData("1,2,0\n1,2\n", "line 2 has 2 cells, expected 3", 6)]
    [InlineData("1,2,0\n1,2,3,4\n", "line 2 has more than 3 cells", 6)]
    [InlineData("1,2,0\n1,2,0.5\n", "not a non-negative integer", 10)]
    [InlineData("1,2,-1\n", "not a non-negative integer", 4)]
    public void MalformedRowsNameLineAndOffset(string csv, string expected, long offset)
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(Text(csv), "bad.csv", hasHeader: false));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("bad.csv", ex.Message);
        Assert.Equal(offset, ex.ByteOffset);
    }

    [Fact]
    public void EmptyFileAndMissingLabelColumnAreRejected()
    {
        Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(Text("\n\n"), "empty.csv"));
        Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read<float>(Text("1,2\n"), "c.csv", labelColumn: 5));
    }
}
