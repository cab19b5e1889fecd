using System.Globalization;
using NativeNet.Layers;

namespace NativeNet.Interop;

/// <summary>
/// The PyTorch module each registered layer kind corresponds to, as the Python expression that builds it from the
/// layer's recipe (<c>torch.nn.Linear(784, 128, bias=True)</c>): the one table of PyTorch equivalents.
/// </summary>
internal static class PyTorchModules
{
    private static readonly Dictionary<string, Func<LayerArguments, string>> s_byKind = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = a => $"torch.nn.Linear({a.GetInt32("inFeatures")}, {a.GetInt32("outFeatures")}, bias={Python(a.GetBoolean("bias", true))})",
        ["batch_norm"] = BatchNorm,
        ["layer_norm"] = a => $"torch.nn.LayerNorm({a.GetInt32("features")}, eps={Python(a.GetDouble("epsilon", 1e-5))})",
        ["dropout"] = a => $"torch.nn.Dropout(p={Python(a.GetString("convention", "DropProbability").Equals("KeepProbability", StringComparison.OrdinalIgnoreCase) ? 1 - a.GetDouble("probability") : a.GetDouble("probability"))})",
        ["flatten"] = _ => "torch.nn.Flatten()",
        ["softmax"] = _ => "torch.nn.Softmax(dim=1)",
        ["relu"] = _ => "torch.nn.ReLU()",
        ["leaky_relu"] = a => $"torch.nn.LeakyReLU({Python(a.GetDouble("slope", 0.01))})",
        ["elu"] = a => $"torch.nn.ELU({Python(a.GetDouble("alpha", 1.0))})",
        ["sigmoid"] = _ => "torch.nn.Sigmoid()",
        ["tanh"] = _ => "torch.nn.Tanh()",
        ["softplus"] = _ => "torch.nn.Softplus()",
        ["swish"] = _ => "torch.nn.SiLU()",
        ["gelu"] = _ => "torch.nn.GELU()",
        ["gelu_tanh"] = _ => "torch.nn.GELU(approximate='tanh')",
    };

    /// <summary>The Python expression of the module for <paramref name="recipe"/>, or null for a kind PyTorch has no module for.</summary>
    public static string? Expression(LayerRecipe recipe) =>
        s_byKind.TryGetValue(recipe.Kind, out var expression) ? expression(recipe.Arguments) : null;

    // PyTorch's momentum is the share taken from the batch; a running variance of biased batch variances has no
    // PyTorch equivalent, which only matters for training further.
    private static string BatchNorm(LayerArguments a)
    {
        double momentum = a.GetDouble("momentum", 0.1);
        if (a.GetEnum("momentumConvention", RunningAverageConvention.MomentumTakesNew) == RunningAverageConvention.MomentumKeepsOld) momentum = 1 - momentum;
        return $"torch.nn.BatchNorm1d({a.GetInt32("features")}, eps={Python(a.GetDouble("epsilon", 1e-5))}, momentum={Python(momentum)})";
    }

    private static string Python(bool value) => value ? "True" : "False";

    private static string Python(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
