using NativeNet.Layers;

namespace NativeNet.Cli.Bench;

/// <summary>
/// Activations declared outside the library, the way a user declares one, so that the benchmarks measure the path a
/// user's own activation takes (the generator's operators, fused like the built-in ones).
/// </summary>
public static class BenchmarkActivations
{
    /// <summary>Mish x·tanh(softplus(x)), written naively as a user would: x·tanh(log(1 + eˣ)).</summary>
    [Elementwise("mish")]
    public static double Mish(double x) => x * Math.Tanh(Math.Log(1 + Math.Exp(x)));

    /// <summary>Swish written out by hand, x/(1 + e^(−x)): the same cost as the built-in swish, to compare the two paths.</summary>
    [Elementwise("user_swish")]
    public static double UserSwish(double x) => x / (1 + Math.Exp(-x));
}
