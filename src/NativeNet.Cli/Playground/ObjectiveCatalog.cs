using NativeNet.Playground;
using NativeNet.Tensors;

namespace NativeNet.Cli.Playground;

/// <summary>The <c>--objective</c> names of <c>nativenet playground</c> and the objective each one builds.</summary>
internal static class ObjectiveCatalog
{
    public static readonly string[] Names = ["rosenbrock", "quadratic", "rotated-quadratic", "beale", "himmelblau", "diagonal", "mean"];

    /// <summary>The <c>--data</c> names: the distribution of the <c>mean</c> objective's data points.</summary>
    public static readonly string[] DataDistributions = ["uniform", "normal"];

    public const string Description =
        "rosenbrock (1-x)^2+100(y-x^2)^2; quadratic x^2+0.1y^2; rotated-quadratic ((x-y)^2+0.1(x+y)^2)/2; beale; " +
        "himmelblau; diagonal 1/2 sum s_i x_i^2 (see --singular-values); mean (1/n) sum (y-x_i)^2 with one random x_i per step (see --samples).";

    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="singularValues">The diagonal of the <c>diagonal</c> objective.</param>
    /// <param name="samples">The number of data points of the <c>mean</c> objective.</param>
    /// <param name="dimension">The dimension of the <c>mean</c> objective.</param>
    /// <param name="seed">Seeds the data of the <c>mean</c> objective.</param>
    /// <param name="data">One of <see cref="DataDistributions"/>: U[0,1] or N(1,1) coordinates for the <c>mean</c> objective.</param>
    public static IObjective Create(string name, double[] singularValues, int samples, int dimension, ulong seed, string data = "uniform") => name switch
    {
        "rosenbrock" => new RosenbrockObjective(),
        "quadratic" => new AxisAlignedQuadraticObjective(),
        "rotated-quadratic" => new RotatedQuadraticObjective(),
        "beale" => new BealeObjective(),
        "himmelblau" => new HimmelblauObjective(),
        "diagonal" => new DiagonalQuadraticObjective(singularValues),
        // The data come from their own stream so that changing --steps or the optimizer never changes them.
        "mean" => data == "normal"
            ? StochasticMeanObjective.Generate(samples, dimension, Rng.ForStream(seed, 1))
            : UniformMean(samples, dimension, Rng.ForStream(seed, 1)),
        _ => throw new UsageException($"unknown objective '{name}'; choose one of {string.Join(", ", Names)}"),
    };

    /// <summary>The mean objective over <paramref name="count"/> points with coordinates drawn from U[0,1].</summary>
    private static StochasticMeanObjective UniformMean(int count, int dimension, Rng rng)
    {
        var data = new double[count * dimension];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble();
        return new StochasticMeanObjective(data, dimension);
    }
}
