using Microsoft.CodeAnalysis;
using NativeNet.Generators;

namespace NativeNet.Tests.Generators;

/// <summary>The layer generator under CSharpGeneratorDriver: emitted code snapshots, symbolic simplification, caching.</summary>
public class LayerGeneratorTests
{
    private const string Activations = """
        using NativeNet.Kernels;
        using NativeNet.Layers;

        namespace Snap;

        public static class Functions
        {
            [Elementwise("snap_swish")]
            public static double Swish(double x) => x * ScalarMath.Sigmoid(x);

            [Elementwise("snap_leaky", Tolerance = 1e-6)]
            public static double Leaky(double x, double slope = 0.125) => x > 0 ? x : slope * x;

            [Elementwise("snap_sigmoid")]
            public static double Logistic(double x) => ScalarMath.Sigmoid(x);

            [Elementwise("snap_tanh")]
            public static double Hyperbolic(double x) => Math.Tanh(x);

            [Elementwise("snap_exp")]
            public static double Exponential(double x) => Math.Exp(x);

            [Elementwise("snap_gelu")]
            public static double Gelu(double x) => 0.5 * x * (1 + ScalarMath.Erf(x * 0.7071067811865476));

            [Elementwise("snap_folded")]
            public static double Folded(double x) => (2.0 * 3.0 - 5.0) * x + 0 * Math.Exp(x) + (x - x * 1.0);

            [Elementwise("snap_generic")]
            public static T Generic<T>(T x, T a) where T : System.Numerics.IFloatingPointIeee754<T> => T.Exp(a * x) - T.One;
        }
        """;

    private const string Parametric = """
        using System;
        using System.Numerics;
        using NativeNet.Layers;
        using NativeNet.Tensors;

        namespace Snap;

        public enum Init { Zeros, Ones }

        [Layer("snap_affine")]
        public sealed partial class Affine<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
        {
            public Affine(int features, Rng rng, double scale = 0.5, Init init = Init.Ones, bool bias = true)
            {
                Weight = new Parameter<T>("weight", NdArray<T>.Zeros(features));
                Bias = new Parameter<T>("bias", NdArray<T>.Zeros(features), false);
            }

            [Parameter] public Parameter<T> Weight { get; }
            [Parameter] private Parameter<T> Bias;

            [GradientCheck(2, 3, Training = false, Tolerance = 1e-6)]
            public static Affine<T> Small(Rng rng) => new(3, rng);

            public override NdArray<T> Forward(NdArray<T> input, bool training) => input;
            public override NdArray<T> Backward(NdArray<T> gradOutput) => gradOutput;
            public override int[] OutputShape(ReadOnlySpan<int> inputShape) => inputShape.ToArray();
        }
        """;

    private static void MatchesSnapshot(string generated, string name)
    {
        string path = Path.Combine(GeneratorHarness.RepositoryRoot(), "tests", "NativeNet.Tests", "Generators", "Snapshots", name + ".txt");
        if (Environment.GetEnvironmentVariable("NATIVENET_UPDATE_SNAPSHOTS") == "1")
            File.WriteAllText(path, generated);
        Assert.True(File.Exists(path), $"Snapshot {path} is missing; run with NATIVENET_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), generated.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void GeneratedCodeCompilesCleanly()
    {
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile("SnapAssembly", Activations, Parametric), optIn: true);
        Assert.Empty(result.Diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }

    [Theory]
    [InlineData("Snap.Functions.Swish.g.cs")]
    [InlineData("Snap.Functions.Leaky.g.cs")]
    [InlineData("Snap.Functions.Generic.g.cs")]
    [InlineData("Snap.Affine.g.cs")]
    [InlineData("LayerManifest.g.cs")]
    [InlineData("SnapAssemblyGradientChecks.g.cs")]
    public void EmittedCodeMatchesSnapshot(string hintName)
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile("SnapAssembly", Activations, Parametric), optIn: true);
        MatchesSnapshot(GeneratorHarness.Generated(result, hintName), hintName);
    }

    // The body of one operator struct's Invoke (Function or Derivative).
    private static string Kernel(string source, string operatorStruct)
    {
        int start = source.IndexOf($"public readonly struct {operatorStruct}", StringComparison.Ordinal);
        int end = source.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        return source[start..end];
    }

    [Fact]
    public void DerivativesReuseForwardValues()
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile("SnapAssembly", Activations, Parametric));
        string sigmoid = Kernel(GeneratorHarness.Generated(result, "Snap.Functions.Logistic.g.cs"), "Derivative");
        Assert.Contains("Invoke<TLanes, TVector>(TVector y, TVector dy)", sigmoid);
        Assert.DoesNotContain("Sigmoid", sigmoid); // σ′ = y(1 − y) from the saved output
        string tanh = Kernel(GeneratorHarness.Generated(result, "Snap.Functions.Hyperbolic.g.cs"), "Derivative");
        Assert.Contains("TLanes.Multiply(y, y)", tanh);
        Assert.DoesNotContain("Tanh", tanh);
        string exp = Kernel(GeneratorHarness.Generated(result, "Snap.Functions.Exponential.g.cs"), "Derivative");
        Assert.Contains("return TLanes.Multiply(dy, y);", exp);
        string swish = Kernel(GeneratorHarness.Generated(result, "Snap.Functions.Swish.g.cs"), "Derivative");
        Assert.Equal(1, swish.Split("VectorMath.Sigmoid").Length - 1); // computed once, shared by both terms
        string gelu = Kernel(GeneratorHarness.Generated(result, "Snap.Functions.Gelu.g.cs"), "Derivative");
        Assert.Contains("VectorMath.Erf<T, TLanes, TVector>(v0, out var v2)", gelu); // erf and erf′'s Gaussian from one call
        Assert.DoesNotContain("Exp", gelu);
        string folded = GeneratorHarness.Generated(result, "Snap.Functions.Folded.g.cs");
        Assert.DoesNotContain("Exp", Kernel(folded, "Function")); // 0·exp(x) folded away
        Assert.DoesNotContain("Exp", Kernel(folded, "Derivative"));
        Assert.DoesNotContain("6.0", folded); // 2·3 − 5 folded to 1 and dropped
    }

    [Fact]
    public void UnrelatedEditLeavesPipelineCached()
    {
        var compilation = GeneratorHarness.Compile("SnapAssembly", Activations, Parametric);
        var driver = GeneratorHarness.CreateDriver(optIn: true).RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace Other; public class Unrelated { public int Value => 42; }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        foreach (string step in new[] { TrackingNames.Elementwise, TrackingNames.Layers, TrackingNames.Manifest, TrackingNames.ReferencedManifests, TrackingNames.OptIn })
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} not tracked");
            var reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void EditingAnActivationRegeneratesOnlyIt()
    {
        var compilation = GeneratorHarness.Compile("SnapAssembly", Activations, Parametric);
        var driver = GeneratorHarness.CreateDriver(optIn: false).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Activations.Replace("slope = 0.125", "slope = 0.25"))));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var reasons = second.TrackedSteps[TrackingNames.Elementwise].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Contains("double slope = 0.25", second.GeneratedSources.Single(s => s.HintName == "Snap.Functions.Leaky.g.cs").SourceText.ToString());
    }

    [Fact]
    public void NoOptInMeansNoTests()
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile("SnapAssembly", Activations));
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName.EndsWith("GradientChecks.g.cs", StringComparison.Ordinal));
        Assert.Contains(result.Results.Single().GeneratedSources, s => s.HintName == "LayerManifest.g.cs");
    }

    [Fact]
    public void OptInReadsReferencedManifests()
    {
        var (result, _, _) = GeneratorHarness.Run(GeneratorHarness.Compile("NoLayers", "namespace Empty; public class Nothing { }"), optIn: true);
        string tests = GeneratorHarness.Generated(result, "NativeNetGradientChecks.g.cs");
        foreach (string layer in new[] { "Sigmoid", "Tanh", "Relu", "LeakyRelu", "Elu", "Softplus", "Swish", "GeluTanh", "Gelu" })
            Assert.Contains($"new global::NativeNet.Layers.{layer}<double>(", tests);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "LayerManifest.g.cs");
    }
}
