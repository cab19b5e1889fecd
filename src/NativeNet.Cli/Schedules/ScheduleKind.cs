using NativeNet.Cli.Registries;
using NativeNet.Schedules;

namespace NativeNet.Cli.Schedules;

/// <summary>
/// One <c>--schedule</c> kind: its name, what it does, its parameters and the library schedule it builds. Every kind
/// builds a schedule counted in iterations (epoch parameters are multiplied by the iterations per epoch), so that
/// kinds of either unit can follow one another.
/// </summary>
/// <param name="Name">The name before the colon, e.g. <c>step</c>.</param>
/// <param name="Description">What the rate does, for the help text and the docs.</param>
/// <param name="Parameters">The parameters in the order the docs list them.</param>
/// <param name="LengthParameter">The parameter that gives the kind a fixed length in iterations, so that another kind may follow it after '+'; null when it runs for ever.</param>
/// <param name="Build">Makes the schedule from the values of every parameter (null for "rest of run", already given a value) and the run.</param>
internal sealed record ScheduleKind(string Name, string Description, IReadOnlyList<ScheduleParameter> Parameters, string? LengthParameter,
    Func<IReadOnlyDictionary<string, double>, ScheduleRun, LearningRateSchedule> Build) : IRegistryEntry
{
    /// <summary>The parameter named <paramref name="name"/>, or null.</summary>
    public ScheduleParameter? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// The kind with its parameters and defaults, e.g. <c>step:size=1,gamma=0.1</c>; a length that defaults to the rest
    /// of the run is shown as optional, <c>cosine:min=0[,steps=N]</c>.
    /// </summary>
    public string Syntax => Parameters.Count == 0 ? Name
        : $"{Name}:{string.Join(',', Parameters.Where(p => p.Default is not null).Select(p => $"{p.Name}={p.DefaultText}"))}" +
          string.Concat(Parameters.Where(p => p.Default is null).Select(p => $"[,{p.Name}=N]"));
}
