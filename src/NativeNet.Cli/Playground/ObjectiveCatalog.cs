using NativeNet.Cli.Registries;
using NativeNet.Playground;
using NativeNet.Tensors;

namespace NativeNet.Cli.Playground;

/// <summary>The <c>--objective</c> choices of <c>nativenet playground</c> and the objective each one builds.</summary>
internal static class ObjectiveCatalog
{
    /// <summary>The <c>--data</c> choices: the distribution of the <c>mean</c> objective's data points.</summary>
    public static Registry<DistributionKind> Distributions { get; } = new("distribution",
    [
        new("uniform", "coordinates drawn from U[0,1]", UniformMean),
        new("normal", "coordinates drawn from N(1,1)", StochasticMeanObjective.Generate),
    ]);

    /// <summary>Every objective with its formula.</summary>
    public static Registry<ObjectiveKind> Registry { get; } = new("objective",
    [
        new("rosenbrock", "(1-x)^2+100(y-x^2)^2, a curved valley.", _ => new RosenbrockObjective()),
        new("quadratic", "x^2+0.1y^2, an axis-aligned bowl.", _ => new AxisAlignedQuadraticObjective()),
        new("rotated-quadratic", "((x-y)^2+0.1(x+y)^2)/2, the same bowl turned by 45°.", _ => new RotatedQuadraticObjective()),
        new("beale", "Beale's function, flat plateaus and steep ridges.", _ => new BealeObjective()),
        new("himmelblau", "Himmelblau's function, four minima.", _ => new HimmelblauObjective()),
        new("diagonal", "1/2 sum s_i x_i^2 with s from --singular-values.", a => new DiagonalQuadraticObjective(a.SingularValues)),
        // The data come from their own stream so that changing --steps or the optimizer never changes them.
        new("mean", "(1/n) sum (y-x_i)^2 with one random x_i per step (see --samples, --dimension, --data).",
            a => Distributions.Get(a.Data).Generate(a.Samples, a.Dimension, Rng.ForStream(a.Seed, 1))),
    ]);

    /// <summary>The mean objective over <paramref name="count"/> points with coordinates drawn from U[0,1].</summary>
    private static StochasticMeanObjective UniformMean(int count, int dimension, Rng rng)
    {
        var data = new double[count * dimension];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble();
        return new StochasticMeanObjective(data, dimension);
    }
}
