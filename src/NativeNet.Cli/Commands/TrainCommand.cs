using System.CommandLine;
using NativeNet.Layers;

namespace NativeNet.Cli.Commands;

/// <summary><c>nativenet train</c>: trains a fully connected network and writes the checkpoint, histories and plots.</summary>
internal static class TrainCommand
{
    public static readonly string[] DistributedModes = ["none", "mpi"];

    /// <summary>
    /// Every registered elementwise layer is an activation: the generator makes those from [Elementwise] functions,
    /// while layers with parameters or shape changes are classes declared with [Layer]. Names are case-insensitive
    /// and '-' stands for '_'.
    /// </summary>
    public static IReadOnlyList<string> ActivationNames => LayerRegistry.Layers.Where(IsActivation).Select(d => d.Name).ToArray();

    /// <summary>The registry's own name for activation <paramref name="name"/> (an alias or a spelling with '-'), or null if unknown.</summary>
    public static string? CanonicalActivation(string name) =>
        LayerRegistry.TryGet(name.Replace('-', '_'), out var descriptor) && IsActivation(descriptor) ? descriptor.Name : null;

    private static bool IsActivation(LayerDescriptor descriptor) =>
        !descriptor.LayerType.IsDefined(typeof(LayerAttribute), inherit: false);

    /// <param name="handler">Runs a training; null leaves the command without a runner.</param>
    public static Command Create(Func<TrainSettings, int>? handler)
    {
        var options = new TrainOptions();
        var command = new Command("train", "Train a fully connected network; writes the checkpoint, the histories of loss, accuracy, gradient norm and learning rate, and their plots into --out.");
        foreach (var option in options.All) command.Options.Add(option);
        command.Validators.Add(options.Validate);
        if (handler is not null) command.SetAction(p => handler(options.Read(p)));
        return command;
    }
}
