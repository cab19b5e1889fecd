using System.Text.RegularExpressions;
using NativeNet.Layers;
using NativeNet.Tensors;

namespace NativeNet.Tests.Generators;

/// <summary>
/// Compiles user assemblies in memory with the generator, loads them and runs their generated gradient-check tests:
/// the docs example passes, and a layer with a wrong hand-written derivative fails.
/// </summary>
public class GeneratedTestExecutionTests
{
    private static string[] DocCodeBlocks()
    {
        string doc = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot(), "docs", "declare-a-layer.md"));
        return Regex.Matches(doc, "```csharp\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToArray();
    }

    [Fact]
    public void DocsExampleCompilesRegistersAndPassesItsGeneratedGradientChecks()
    {
        var blocks = DocCodeBlocks();
        Assert.Equal(3, blocks.Length);
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile("DeclareALayerDoc", blocks), optIn: true);
        Assert.Empty(result.Diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var ran = GeneratorHarness.RunGeneratedTests(assembly);
        Assert.Equal(["Affine", "PeriodicSine", "Squareplus", "SwishBeta"], ran.OrderBy(n => n, StringComparer.Ordinal));

        LayerRegistry.Register(assembly);
        var swish = LayerRegistry.Create<float>("swish_beta", LayerArguments.Parse("beta=2"));
        Assert.Equal("SwishBeta(beta=2)", swish.ToString());
        var affine = LayerRegistry.Create<double>("affine", LayerArguments.Parse("features=16", new Rng(1)));
        Assert.Equal(2, affine.Parameters.Count);
        Assert.Equal(16, affine.Parameters[0].Length);
    }

    [Fact]
    public void WrongHandWrittenDerivativeFailsItsGeneratedTest()
    {
        const string source = """
            using NativeNet.Layers;
            namespace Wrong;
            public static class F
            {
                [Elementwise("wrong_derivative_sine")]
                [Derivative(nameof(D))]
                public static double S(double x) => Math.Sin(x);
                public static double D(double x) => -Math.Cos(x);
            }
            """;
        var (result, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile("WrongDerivative", source), optIn: true);
        Assert.Empty(result.Diagnostics);
        var assembly = GeneratorHarness.Load(output);
        var failure = Assert.ThrowsAny<Exception>(() => GeneratorHarness.RunGeneratedTests(assembly));
        Assert.Contains("input", failure.Message);
    }
}
