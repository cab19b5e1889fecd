using ScottPlot;
using SkiaSharp;

namespace NativeNet.Cli.Plotting;

/// <summary>
/// The sans family every chart is drawn in, DejaVu Sans, carried inside the CLI: charts carry their text on machines
/// without fonts (a fresh container has none, and Skia then drew every label empty), and look the same everywhere.
/// </summary>
internal sealed class EmbeddedFonts : IFontResolver
{
    /// <summary>The family name charts ask for.</summary>
    public const string Family = "DejaVu Sans";

    // Each face is read from the resources once, on the first chart that asks for it, and kept for every later one.
    private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));

    /// <summary>Makes the family resolvable by ScottPlot; called once, before the first chart.</summary>
    public static void Register() => Fonts.FontResolvers.Insert(0, new EmbeddedFonts());

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        CreateTypeface(fontName, bold: weight >= FontWeight.SemiBold, italic: slant != FontSlant.Upright);

    /// <inheritdoc/>
    /// <remarks>The upright faces serve italic requests too: no chart draws italics.</remarks>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? (bold ? Bold : Regular).Value : null;

    private static SKTypeface Load(string name)
    {
        using Stream stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The CLI was built without its font resource {name}.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"Skia could not read the font resource {name}.");
    }
}
