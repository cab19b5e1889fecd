namespace NativeNet.Tests.Cli;

/// <summary>Checks that written plots are real images, not empty or truncated files.</summary>
internal static class ImageAssert
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void ValidPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 2000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 400 && bitmap.Height >= 300, $"{path} is {bitmap.Width}x{bitmap.Height}");
        // Not a blank canvas: a real chart has many distinct colours.
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 20, $"{path} has only {colours.Count} colours");
        Assert.EndsWith("IEND\xAE\x42\x60\x82", System.Text.Encoding.Latin1.GetString(bytes[^8..]));
    }

    public static void ValidSvg(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        string text = File.ReadAllText(path);
        Assert.True(text.Length > 2000, $"{path} has only {text.Length} characters");
        var document = System.Xml.Linq.XDocument.Parse(text);
        Assert.Equal("svg", document.Root!.Name.LocalName);
    }
}
