namespace NativeNet.Generators.Model;

/// <summary>Everything needed to complete one <c>[Layer]</c> partial class, as plain comparable data.</summary>
/// <param name="ParameterMembers">The <c>[Parameter]</c> members in declaration order.</param>
internal sealed record LayerModel(
    string Namespace,
    string ClassName,
    string TypeParameter,
    EquatableArray<string> ParameterMembers,
    LayerEntry? Entry,
    EquatableArray<DiagnosticInfo> Diagnostics);
