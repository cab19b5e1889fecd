using System.Reflection;
using NativeNet.Generators.Analysis;
using NativeNet.Generators.Model;
using NativeNet.Layers;
using static NativeNet.Generators.Analysis.ExprBuilder;

namespace NativeNet.Tests.Generators;

/// <summary>The symbolic differentiator and simplifier on small expressions, and coverage of the generated checks.</summary>
public class DifferentiatorTests
{
    private static readonly Expr X = InputRef.Instance;

    [Fact]
    public void ProductRuleSimplifiesUnitFactors()
    {
        // d(x·x) = 1·x + x·1 → x + x
        Assert.Equal(new Bin(BinOp.Add, X, X), Differentiator.Differentiate(Mul(X, X)));
    }

    [Fact]
    public void ConstantsFoldAndZeroTermsVanish()
    {
        var c = new ConstRef(0);
        // d(c·x + 3) = c ; d(2·3) = 0
        Assert.Equal(c, Differentiator.Differentiate(Add(Mul(c, X), new Num(3))));
        Assert.Equal(new Num(6), Mul(new Num(2), new Num(3)));
        Assert.Equal(Zero, Differentiator.Differentiate(Apply(Fn.Exp, new Num(2))));
    }

    [Fact]
    public void TranscendentalDerivativesReuseTheNode()
    {
        var tanh = Apply(Fn.Tanh, X);
        Assert.Equal(Sub(One, Mul(tanh, tanh)), Differentiator.Differentiate(tanh));
        var sigmoid = Apply(Fn.Sigmoid, X);
        Assert.Equal(Mul(sigmoid, Sub(One, sigmoid)), Differentiator.Differentiate(sigmoid));
        var exp = Apply(Fn.Exp, X);
        Assert.Equal(exp, Differentiator.Differentiate(exp));
    }

    [Fact]
    public void BackwardUsesTheOutputOnlyWhenThatRemovesTheInput()
    {
        var sigmoid = Apply(Fn.Sigmoid, X);
        var d = Differentiator.ForBackward(sigmoid, Differentiator.Differentiate(sigmoid), out bool savesOutput);
        Assert.True(savesOutput);
        Assert.Equal(Mul(OutputRef.Instance, Sub(One, OutputRef.Instance)), d);

        var swish = Mul(X, sigmoid);
        Differentiator.ForBackward(swish, Differentiator.Differentiate(swish), out savesOutput);
        Assert.False(savesOutput);
    }

    [Fact]
    public void SelectsDifferentiateBranchwiseAndPowKeepsConstantExponent()
    {
        var relu = Choose(CmpOp.Gt, X, Zero, X, Zero);
        Assert.Equal(new Select(CmpOp.Gt, X, Zero, One, Zero), Differentiator.Differentiate(relu));
        var cube = Power(X, new Num(3));
        Assert.Equal(Mul(new Num(3), Power(X, new Num(2))), Differentiator.Differentiate(cube));
        Assert.Equal(X, Power(X, One));
    }

    [Fact]
    public void EveryBuiltInLayerHasAGeneratedGradientCheck()
    {
        var checks = typeof(DifferentiatorTests).Assembly.GetType("NativeNet.Generated.GradientChecks.NativeNetGradientChecks")!;
        var tests = checks.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).Select(m => m.Name).ToHashSet();
        var builtIns = typeof(Layer<>).Assembly.GetCustomAttributes<LayerManifestEntryAttribute>().ToArray();
        // Every concrete layer the library ships is declared to the generator, so none escapes a gradient check.
        var layerTypes = typeof(Layer<>).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsGenericTypeDefinition && IsLayer(t.BaseType)).ToArray();
        Assert.Equal(layerTypes.Length, builtIns.Length);
        Assert.True(builtIns.Length >= 15);
        foreach (var entry in builtIns)
            Assert.Contains(string.Concat(entry.Name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..])), tests);
        Assert.Equal(builtIns.Length, tests.Count);
    }

    private static bool IsLayer(Type? type)
    {
        for (; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Layer<>)) return true;
        return false;
    }
}
