using NativeNet.Layers;
using NativeNet.Tensors;
using NativeNet.Tests.Generators;
using NativeNet.Tests.Layers;

namespace NativeNet.Tests.Activations;

/// <summary>
/// The generated activation layers against their scalar declarations, in float and double, across sizes that exercise
/// the Vector512/Vector256 loops and the scalar tail. (Gradient checks in double are the generated tests.)
/// </summary>
public class ActivationLayerTests
{
    public static TheoryData<string> Names => new() { "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "swish", "gelu_tanh", "gelu" };

    private static Func<double, double> Reference(string name) => name switch
    {
        "sigmoid" => ActivationFunctions.Sigmoid,
        "tanh" => ActivationFunctions.Tanh,
        "relu" => ActivationFunctions.Relu,
        "leaky_relu" => x => ActivationFunctions.LeakyRelu(x),
        "elu" => x => ActivationFunctions.Elu(x),
        "softplus" => ActivationFunctions.Softplus,
        "swish" => ActivationFunctions.Swish,
        "gelu_tanh" => ActivationFunctions.GeluTanh,
        _ => ActivationFunctions.Gelu,
    };

    private static double NumericalDerivative(Func<double, double> f, double x) => (f(x + 1e-6) - f(x - 1e-6)) / 2e-6;

    [Theory]
    [MemberData(nameof(Names))]
    public void DoubleForwardAndBackwardMatchDeclaration(string name)
    {
        var f = Reference(name);
        foreach (int n in new[] { 1, 7, 8, 15, 33, 1000 })
        {
            var rng = new Rng((ulong)n);
            var layer = LayerRegistry.Create<double>(name);
            var x = NdArray<double>.RandomUniform(rng, -6.0, 6.0, n);
            var dy = NdArray<double>.RandomNormal(rng, 0.0, 1.0, n);
            var y = layer.Forward(x, training: true);
            var dx = layer.Backward(dy);
            for (int i = 0; i < n; i++)
            {
                double expected = f(x[i]);
                Assert.True(Math.Abs(y[i] - expected) <= 1e-14 + 1e-13 * Math.Abs(expected), $"{name} f({x[i]}) = {y[i]}, expected {expected}");
                double expectedGrad = dy[i] * NumericalDerivative(f, x[i]);
                Assert.True(Math.Abs(dx[i] - expectedGrad) <= 1e-7 + 1e-7 * Math.Abs(expectedGrad), $"{name} dx at {x[i]} = {dx[i]}, expected {expectedGrad}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SingleForwardAndBackwardMatchDeclaration(string name)
    {
        var f = Reference(name);
        foreach (int n in new[] { 1, 15, 16, 17, 40, 1000 })
        {
            var rng = new Rng((ulong)n + 100);
            var layer = LayerRegistry.Create<float>(name);
            var x = NdArray<float>.RandomUniform(rng, -6f, 6f, n);
            var dy = NdArray<float>.RandomNormal(rng, 0f, 1f, n);
            var y = layer.Forward(x, training: true);
            var dx = layer.Backward(dy);
            for (int i = 0; i < n; i++)
            {
                double expected = f(x[i]);
                Assert.True(Math.Abs(y[i] - expected) <= 1e-6 + 2e-6 * Math.Abs(expected), $"{name} f({x[i]}) = {y[i]}, expected {expected}");
                double expectedGrad = dy[i] * NumericalDerivative(f, x[i]);
                Assert.True(Math.Abs(dx[i] - expectedGrad) <= 1e-5 + 1e-5 * Math.Abs(expectedGrad), $"{name} dx at {x[i]} = {dx[i]}, expected {expectedGrad}");
            }
        }
    }

    [Fact]
    public void ConstantsReachTheKernels()
    {
        var leaky = new LeakyRelu<float>(slope: 0.2);
        var x = NdArray<float>.FromArray(new float[] { -2f, 3f, -1f, 0.5f, -4f, 2f, -3f, 1f, -5f, 6f, -7f, 8f, -9f, 10f, -11f, 12f, -13f });
        var y = leaky.Forward(x, training: false);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i] > 0 ? x[i] : 0.2f * x[i], y[i]);
        var elu = (Elu<double>)LayerRegistry.Create<double>("elu", LayerArguments.Parse("alpha=0.5"));
        Assert.Equal(0.5, elu.Alpha);
        Assert.Equal(0.5 * (Math.Exp(-1.0) - 1), elu.Forward(NdArray<double>.FromArray(new[] { -1.0 }), false)[0], 15);
        Assert.Equal("LeakyRelu(slope=0.2)", leaky.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Elu<float>(double.NaN));
    }

    [Fact]
    public void BuffersAreReusedForTheSameShape()
    {
        var layer = new Swish<float>();
        var a = NdArray<float>.Full(1f, 4, 8);
        var y1 = layer.Forward(a, true);
        var g1 = layer.Backward(a);
        var y2 = layer.Forward(NdArray<float>.Full(2f, 4, 8), true);
        var g2 = layer.Backward(a);
        Assert.Same(y1, y2);
        Assert.Same(g1, g2);
        var y3 = layer.Forward(NdArray<float>.Full(2f, 2, 8), true);
        Assert.NotSame(y1, y3);
        Assert.Equal([2, 8], y3.Shape.ToArray());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SteadyStateForwardAndBackwardAllocateNothing(string name)
    {
        var layer = LayerRegistry.Create<float>(name);
        var x = NdArray<float>.Full(0.5f, 8, 37);
        var dy = NdArray<float>.Full(1f, 8, 37);
        // Warmed up past tiered compilation's call counting, whose tier-up may allocate on the calling thread.
        Assert.Equal(0, AllocationProbe.BytesPerRun(() => { layer.Forward(x, true); layer.Backward(dy); }, warmup: 50));
    }

    [Fact]
    public void BackwardChecksItsArguments()
    {
        var layer = new Tanh<double>();
        Assert.Throws<InvalidOperationException>(() => layer.Backward(NdArray<double>.Zeros(2, 3)));
        layer.Forward(NdArray<double>.Zeros(2, 3), true);
        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(NdArray<double>.Zeros(3, 2)));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Equal([5, 7], layer.OutputShape([5, 7]));
        Assert.Empty(layer.Parameters);
    }

    [Fact]
    public void EmptyBatchesPassThrough()
    {
        var layer = new Gelu<float>();
        var y = layer.Forward(NdArray<float>.Zeros(0, 4), true);
        Assert.Equal(0, y.Length);
        Assert.Equal(0, layer.Backward(NdArray<float>.Zeros(0, 4)).Length);
    }

    [Fact]
    public void RegistryFindsLayersByNameAliasAndCase()
    {
        Assert.IsType<Swish<float>>(LayerRegistry.Create<float>("silu"));
        Assert.IsType<GeluTanh<double>>(LayerRegistry.Create<double>("GELU_TANH"));
        var names = LayerRegistry.Layers.Select(d => d.Name).ToArray();
        foreach (string name in Names) Assert.Contains(name, names);
        Assert.Contains("scale_shift", names);
        Assert.Equal(["slope=0.01"], LayerRegistry.Layers.Single(d => d.Name == "leaky_relu").Arguments);
    }

    [Fact]
    public void RegistryReportsUnknownNamesAndArguments()
    {
        var unknown = Assert.Throws<ArgumentException>(() => LayerRegistry.Create<float>("swishy"));
        Assert.Contains("swishy", unknown.Message);
        Assert.Contains("leaky_relu", unknown.Message);
        var badArgument = Assert.Throws<ArgumentException>(() => LayerRegistry.Create<float>("leaky_relu", LayerArguments.Parse("slop=0.1")));
        Assert.Contains("slop", badArgument.Message);
        Assert.Contains("slope=0.01", badArgument.Message);
        Assert.Throws<FormatException>(() => LayerArguments.Parse("slope"));
    }

    [Fact]
    public void RegistryCreatesParametricLayersWithAnRng()
    {
        var layer = (ScaleShift<double>)LayerRegistry.Create<double>("scale_shift", LayerArguments.Parse("features=6", new Rng(3)));
        Assert.Equal(6, layer.Features);
        var missingRng = Assert.Throws<ArgumentException>(() => LayerRegistry.Create<double>("scale_shift", LayerArguments.Parse("features=6")));
        Assert.Contains("Rng", missingRng.Message);
        var missingArgument = Assert.Throws<ArgumentException>(() => LayerRegistry.Create<double>("scale_shift", new LayerArguments(new Rng(1))));
        Assert.Contains("features", missingArgument.Message);
    }

    [Fact]
    public void ParameterMembersAreRegisteredInDeclarationOrder()
    {
        var layer = new ScaleShift<float>(3, new Rng(9));
        var parameters = layer.Parameters;
        Assert.Equal(["gamma", "beta"], parameters.Select(p => p.Name));
        Assert.Same(layer.Gamma, parameters[0]);
        Assert.Same(parameters, layer.Parameters);
        Assert.Equal(["Gamma", "Beta"], ScaleShift<float>.ParameterMembers);
        layer.Forward(NdArray<float>.Full(1f, 2, 3), true);
        layer.Backward(NdArray<float>.Full(1f, 2, 3));
        Assert.Equal(2f, layer.Beta.Grad[0]);
        layer.ZeroGrad();
        Assert.All(parameters, p => Assert.Equal(0f, p.Grad.Sum()));
    }
}
