namespace NativeNet.Generators.Model;

/// <summary>Everything needed to write one elementwise layer, as plain comparable data.</summary>
/// <param name="Forward">f(x) in the expression language, or null when it must be called per element.</param>
/// <param name="Derivative">f′ (with the output substituted where that removes x), or null when it must be called per element.</param>
/// <param name="SavesOutput">Whether backward reads the saved output y instead of the input x.</param>
/// <param name="IsGeneric">Whether the user function is generic in T (else it is declared for double).</param>
/// <param name="FunctionName">The fully qualified user function (for per-element calls and documentation).</param>
/// <param name="DerivativeFunctionName">The fully qualified hand-written derivative, or null.</param>
internal sealed record ElementwiseModel(
    string Namespace,
    string ClassName,
    bool IsPublic,
    string FunctionName,
    string? DerivativeFunctionName,
    bool IsGeneric,
    EquatableArray<string> Constants,
    Expr? Forward,
    Expr? Derivative,
    bool SavesOutput,
    LayerEntry Entry,
    EquatableArray<DiagnosticInfo> Diagnostics);
