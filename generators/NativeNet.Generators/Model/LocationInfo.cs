using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NativeNet.Generators.Model;

/// <summary>A source location without the syntax tree behind it, so models that carry diagnostics stay cacheable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null ? null : new(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
