using Microsoft.CodeAnalysis;

namespace NativeNet.Generators.Model;

/// <summary>A diagnostic to report later, kept as plain data (descriptor id, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = GeneratorDiagnostics.ById(Id);
        object[] args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(descriptor, Location?.ToLocation(), args);
    }

    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor.Id, LocationInfo.From(location), EquatableArray.From(arguments));
}
