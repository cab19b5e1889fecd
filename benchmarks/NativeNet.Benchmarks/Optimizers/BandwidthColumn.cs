using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NativeNet.Benchmarks.Optimizers;

/// <summary>
/// Effective bandwidth: <see cref="BytesMovedAttribute.BytesPerElement"/> × the <c>Elements</c> parameter, divided
/// by the mean time of one invocation, in GB/s (10⁹ bytes per second).
/// </summary>
public sealed class BandwidthColumn : IColumn
{
    /// <inheritdoc/>
    public string Id => nameof(BandwidthColumn);

    /// <inheritdoc/>
    public string ColumnName => "GB/s";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Effective memory bandwidth: bytes read + written per invocation / mean time (10^9 B/s)";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesMovedAttribute>();
        var report = summary[benchmarkCase];
        if (bytes is null || report?.ResultStatistics is not { } statistics) return "-";
        double elements = 0;
        foreach (var parameter in benchmarkCase.Parameters.Items)
            if (parameter.Name == nameof(OptimizerStepBenchmarks.Elements)) elements = Convert.ToDouble(parameter.Value);
        if (elements == 0) return "-";
        double seconds = statistics.Mean * 1e-9;
        return (bytes.BytesPerElement * elements / seconds / 1e9).ToString("F1");
    }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
