using Microsoft.CodeAnalysis;

namespace NativeNet.Generators;

/// <summary>The diagnostics the layer generator reports.</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "NativeNet.Generators";

    public static readonly DiagnosticDescriptor UnsupportedExpression = new(
        "NN0001", "Expression cannot be differentiated",
        "'{0}' is not supported by the layer generator (supported: literals, parameters, locals, + - * /, unary minus, ternaries on comparisons, Exp, Log, Tanh, Sqrt, Pow with a constant exponent, Abs, Min, Max, Sigmoid, Erf); supply the derivative with [Derivative(nameof(...))]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidSignature = new(
        "NN0002", "Invalid elementwise function",
        "[Elementwise] function '{0}' must be static, return double (or T), take double (or T) parameters with x first, and be generic in at most one type parameter",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DerivativeNotFound = new(
        "NN0003", "Derivative method not found",
        "The [Derivative] method '{0}' must be a static method of the same type with the same parameters as '{1}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidLayerClass = new(
        "NN0004", "Invalid layer class",
        "[Layer] class '{0}' must be a top-level partial class with one type parameter T that derives from Layer<T>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidParameterMember = new(
        "NN0005", "Invalid parameter member",
        "[Parameter] member '{0}' must be a field or property of type Parameter<{1}>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstructorParameter = new(
        "NN0006", "Constructor parameter cannot be read from layer arguments",
        "Parameter '{0}' of the constructor of '{1}' has type '{2}'; the layer manifest can pass int, long, float, double, bool, string, enums, T and Rng",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ExponentDependsOnInput = new(
        "NN0007", "Exponent depends on the input",
        "The exponent of '{0}' depends on the input; only constant exponents are supported, write Exp(e * Log(x)) or supply [Derivative]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedStatement = new(
        "NN0008", "Statement not supported",
        "'{0}' is not supported in an [Elementwise] function; use local declarations, ternaries and one return, or supply [Derivative]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidGradientCheckFactory = new(
        "NN0009", "Invalid gradient-check factory",
        "[GradientCheck] method '{0}' must be static, take one Rng and return the layer",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "NN0001" => UnsupportedExpression,
        "NN0002" => InvalidSignature,
        "NN0003" => DerivativeNotFound,
        "NN0004" => InvalidLayerClass,
        "NN0005" => InvalidParameterMember,
        "NN0006" => UnsupportedConstructorParameter,
        "NN0007" => ExponentDependsOnInput,
        "NN0008" => UnsupportedStatement,
        _ => InvalidGradientCheckFactory,
    };
}
