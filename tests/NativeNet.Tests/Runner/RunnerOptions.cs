using Xunit.Abstractions;

namespace NativeNet.Tests.Runner;

/// <summary>xUnit's discovery and execution options as a plain dictionary (what the runner libraries wrap).</summary>
internal sealed class RunnerOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = new();

    public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}
