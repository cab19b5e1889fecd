namespace NativeNet.Diagnostics;

/// <summary>The relative errors of one layer's gradients: the input's and each parameter's.</summary>
/// <param name="Layer">The layer checked.</param>
/// <param name="Errors">Pairs of (gradient name, relative error); the input gradient is named <c>input</c>.</param>
public sealed record GradientCheckResult(string Layer, IReadOnlyList<(string Name, double Error)> Errors)
{
    /// <summary>The largest relative error (NaN if any gradient is NaN).</summary>
    public double MaxError => Errors.Count == 0 ? 0 : Errors.Max(e => double.IsNaN(e.Error) ? double.PositiveInfinity : e.Error);

    /// <summary>Whether every relative error is at most <paramref name="tolerance"/>.</summary>
    public bool Passes(double tolerance) => Errors.All(e => e.Error <= tolerance);

    /// <summary>One line per gradient, e.g. <c>weight: 3.2e-10</c>.</summary>
    public override string ToString() =>
        $"{Layer}: " + string.Join(", ", Errors.Select(e => $"{e.Name} {e.Error.ToString("0.0e+0", System.Globalization.CultureInfo.InvariantCulture)}"));
}
