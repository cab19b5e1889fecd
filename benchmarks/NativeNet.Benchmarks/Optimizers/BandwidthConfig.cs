using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace NativeNet.Benchmarks.Optimizers;

/// <summary>Adds the <see cref="BandwidthColumn"/> and the allocation diagnoser (optimizer steps must allocate nothing).</summary>
public sealed class BandwidthConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public BandwidthConfig()
    {
        AddColumn(new BandwidthColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
