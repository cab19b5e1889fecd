using System.Globalization;

namespace NativeNet.Cli.Commands;

/// <summary>
/// The parsed options of <c>nativenet experiment NAME</c>. The network and training options are null when left out,
/// for the study's own choice.
/// </summary>
internal sealed record ExperimentSettings
{
    public required string Name { get; init; }

    public string OutDirectory { get; init; } = "runs/experiment";

    /// <summary>The first seed; a study over several seeds also runs Seed + 1, Seed + 2, ….</summary>
    public ulong Seed { get; init; } = 42;

    public required int Epochs { get; init; }

    /// <summary>Seeds per configuration (Seed, Seed + 1, …).</summary>
    public required int Seeds { get; init; }

    public bool Json { get; init; }

    public DataSpec Data { get; init; } = new("digits", null, false);

    /// <summary>Hidden layer widths of every run.</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>A name in <see cref="Optimizers.OptimizerCatalog.Registry"/>.</summary>
    public string? Optimizer { get; init; }

    public double? LearningRate { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>A name in <see cref="Normalizations.NormalizationCatalog.Registry"/>.</summary>
    public string? Norm { get; init; }

    /// <summary>Training samples the overfit study trains on.</summary>
    public int Samples { get; init; } = ExperimentCommand.DefaultSamples;

    /// <summary>How far below the best mean final training accuracy a batch-size configuration still agrees with it.</summary>
    public double Tolerance { get; init; } = ExperimentCommand.DefaultTolerance;

    /// <summary>The options given that replace a study's own choices, as typed, e.g. <c>--hidden 32 --lr 0.1</c>; empty when none.</summary>
    public string Overrides => string.Join(' ', GivenOptions.Select(o => $"{o.Option} {o.Value}"));

    /// <summary>The network and training options given, with their values as text.</summary>
    public IEnumerable<(string Option, string Value)> GivenOptions
    {
        get
        {
            if (Hidden is not null) yield return ("--hidden", string.Join(',', Hidden));
            if (Norm is not null) yield return ("--norm", Norm);
            if (Optimizer is not null) yield return ("--optimizer", Optimizer);
            if (LearningRate is double lr) yield return ("--lr", lr.ToString("R", CultureInfo.InvariantCulture));
            if (BatchSize is int batch) yield return ("--batch-size", batch.ToString(CultureInfo.InvariantCulture));
        }
    }
}
