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
}
