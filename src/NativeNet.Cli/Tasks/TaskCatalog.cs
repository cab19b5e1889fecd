using System.Text.Json;
using NativeNet.Cli.Registries;

namespace NativeNet.Cli.Tasks;

/// <summary>The <c>--task</c> choices of <c>train</c>.</summary>
internal static class TaskCatalog
{
    /// <summary>The task of a run that does not name one.</summary>
    public const string Default = "classification";

    public static Registry<TaskKind> Registry { get; } = new("task",
    [
        new(Default, "Softmax cross-entropy on integer labels; reports accuracy and macro precision, recall and F1, and writes confusion.csv.", false),
        new("regression", "Mean squared error on real-valued targets (csv:FILE[:target-column], the last column by default, or csv:FILE:a,b,… for several outputs); reports MSE, MAE and R².", true),
    ]);

    /// <summary>The metadata key under which a model file records its task (a checkpoint has it in <c>hyperparameters</c>).</summary>
    public const string MetadataKey = "task";

    /// <summary>
    /// The task a model file (its <c>task</c> metadata) or a checkpoint (its <c>hyperparameters.task</c>) was trained
    /// for; classification when the file does not say or names no known task.
    /// </summary>
    public static TaskKind Of(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(MetadataKey, out var name)) return Registry.Find(name) ?? Registry.Get(Default);
        if (!metadata.TryGetValue("hyperparameters", out var json)) return Registry.Get(Default);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("task", out var task)
                && task.ValueKind == JsonValueKind.String && Registry.Find(task.GetString()!) is { } kind)
                return kind;
        }
        catch (JsonException)
        {
            // Malformed metadata is the checkpoint reader's to report, with the field at fault.
        }
        return Registry.Get(Default);
    }
}
