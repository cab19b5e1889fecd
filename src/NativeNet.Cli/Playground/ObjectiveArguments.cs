namespace NativeNet.Cli.Playground;

/// <summary>The playground options that size or seed an objective; each objective reads the ones it needs.</summary>
internal sealed record ObjectiveArguments
{
    /// <summary>The diagonal of the <c>diagonal</c> objective.</summary>
    public required double[] SingularValues { get; init; }

    /// <summary>The number of data points of the <c>mean</c> objective.</summary>
    public required int Samples { get; init; }

    /// <summary>The dimension of the <c>mean</c> objective.</summary>
    public required int Dimension { get; init; }

    /// <summary>Seeds the data of the <c>mean</c> objective.</summary>
    public required ulong Seed { get; init; }

    /// <summary>A name in <see cref="ObjectiveCatalog.Distributions"/>: how the <c>mean</c> objective's data are drawn.</summary>
    public string Data { get; init; } = "uniform";
}
