namespace NativeNet.Cli.Plotting;

/// <summary>A named path in the plane, drawn over a contour plot.</summary>
internal sealed record Trajectory2D(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);
