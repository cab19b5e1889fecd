using Microsoft.CodeAnalysis;

namespace NativeNet.Tests.Generators;

/// <summary>Declarations the generator rejects, each reported at the offending code.</summary>
public class GeneratorDiagnosticTests
{
    private static (Diagnostic Diagnostic, string Source) Single(string body, string id)
    {
        string source = "using NativeNet.Layers;\nusing NativeNet.Tensors;\nnamespace Bad;\n" + body;
        var compilation = GeneratorHarness.Compile("BadAssembly", source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var (result, _, _) = GeneratorHarness.Run(compilation);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Bad.", StringComparison.Ordinal));
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        return (diagnostic, source);
    }

    private static string Located((Diagnostic Diagnostic, string Source) d) =>
        d.Source.Substring(d.Diagnostic.Location.SourceSpan.Start, d.Diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void UnsupportedCallPointsAtTheExpressionAndSuggestsDerivative()
    {
        var d = Single("public static class F { [Elementwise(\"s\")] public static double S(double x) => x * Math.Sin(x); }", "NN0001");
        Assert.Equal("Math.Sin(x)", Located(d));
        Assert.Contains("[Derivative", d.Diagnostic.GetMessage());
    }

    [Fact]
    public void UnsupportedOperatorIsReported()
    {
        var d = Single("public static class F { [Elementwise(\"s\")] public static double S(double x) => x % 2.0; }", "NN0001");
        Assert.Equal("x % 2.0", Located(d));
    }

    [Fact]
    public void ConditionWithoutComparisonIsReported()
    {
        var d = Single("public static class F { [Elementwise(\"s\")] public static double S(double x) => x > 0 && x < 1 ? x : 0; }", "NN0001");
        Assert.Contains("&&", Located(d));
    }

    [Fact]
    public void InputDependentExponentIsReported()
    {
        var d = Single("public static class F { [Elementwise(\"s\")] public static double S(double x) => Math.Pow(2.0, x); }", "NN0007");
        Assert.Equal("Math.Pow(2.0, x)", Located(d));
    }

    [Fact]
    public void FloatSignatureIsRejected() =>
        _ = Single("public static class F { [Elementwise(\"s\")] public static float S(float x) => x; }", "NN0002");

    [Fact]
    public void InstanceMethodIsRejected() =>
        _ = Single("public class F { [Elementwise(\"s\")] public double S(double x) => x; }", "NN0002");

    [Fact]
    public void StatementsOtherThanLocalsAndReturnAreRejected()
    {
        var d = Single("public static class F { [Elementwise(\"s\")] public static double S(double x) { if (x > 0) return x; return 0; } }", "NN0008");
        Assert.StartsWith("if (x > 0)", Located(d));
    }

    [Fact]
    public void MissingDerivativeMethodIsReported() =>
        _ = Single("public static class F { [Elementwise(\"s\")][Derivative(\"Nope\")] public static double S(double x) => Math.Sin(x); }", "NN0003");

    [Fact]
    public void NonPartialLayerIsRejected() =>
        _ = Single("""
            [Layer("l")] public sealed class L<T> : Layer<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                public override NdArray<T> Forward(NdArray<T> input, bool training) => input;
                public override NdArray<T> Backward(NdArray<T> g) => g;
                public override int[] OutputShape(ReadOnlySpan<int> s) => s.ToArray();
            }
            """, "NN0004");

    [Fact]
    public void ParameterOfWrongTypeIsRejected()
    {
        var d = Single("""
            [Layer("l")] public sealed partial class L<T> : Layer<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                [Parameter] public NdArray<T> Weight { get; } = NdArray<T>.Zeros(2);
                public override NdArray<T> Forward(NdArray<T> input, bool training) => input;
                public override NdArray<T> Backward(NdArray<T> g) => g;
                public override int[] OutputShape(ReadOnlySpan<int> s) => s.ToArray();
            }
            """, "NN0005");
        Assert.Equal("Weight", Located(d));
    }

    [Fact]
    public void UnsupportedConstructorParameterIsRejected() =>
        _ = Single("""
            [Layer("l")] public sealed partial class L<T> : Layer<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                public L(System.IO.Stream s) { }
                public override NdArray<T> Forward(NdArray<T> input, bool training) => input;
                public override NdArray<T> Backward(NdArray<T> g) => g;
                public override int[] OutputShape(ReadOnlySpan<int> s) => s.ToArray();
            }
            """, "NN0006");

    [Fact]
    public void BadGradientCheckFactoryIsRejected() =>
        _ = Single("""
            [Layer("l")] public sealed partial class L<T> : Layer<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                [GradientCheck(2, 2)] public static L<T> Make(int n) => new();
                public override NdArray<T> Forward(NdArray<T> input, bool training) => input;
                public override NdArray<T> Backward(NdArray<T> g) => g;
                public override int[] OutputShape(ReadOnlySpan<int> s) => s.ToArray();
            }
            """, "NN0009");
}
