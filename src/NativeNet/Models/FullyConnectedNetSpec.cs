using System.Text.Json;
using NativeNet.Regularization;

namespace NativeNet.Models;

/// <summary>
/// The architecture and regularization of a fully connected classifier — the classic
/// <c>FullyConnectedNet(hidden_dims, input_dim, num_classes, dropout, normalization, reg, weight_scale)</c> — as a
/// value that <see cref="FullyConnectedNet.Build{T}"/> turns into a <see cref="Sequential{T}"/> and that checkpoints
/// store as JSON so a model can be rebuilt from its file.
/// </summary>
public sealed record FullyConnectedNetSpec
{
    /// <summary>Features per sample (e.g. 3072 for CIFAR-10, 784 for MNIST, 64 for the digits).</summary>
    public int InputSize { get; init; }

    /// <summary>The width of each hidden layer, input side first; empty for a linear classifier.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [];

    /// <summary>The number of classes (output scores).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>The hidden activation: any registered elementwise layer name (<c>relu</c>, <c>tanh</c>, <c>swish</c>, …).</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>Arguments of the activation, e.g. <c>slope=0.1</c> for <c>leaky_relu</c>; empty for the defaults.</summary>
    public string ActivationArguments { get; init; } = "";

    /// <summary>The normalization after each hidden affine layer.</summary>
    public Normalization Normalization { get; init; } = Normalization.None;

    /// <summary>The probability of <em>dropping</em> each hidden unit in training (0 disables dropout).</summary>
    public double DropProbability { get; init; }

    /// <summary>How the weights start.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.He;

    /// <summary>The standard deviation for <see cref="WeightInitialization.Normal"/> (half-width for uniform).</summary>
    public double WeightScale { get; init; } = 1e-2;

    /// <summary>L2 strength λ of the penalty ½·λ·‖W‖² on weights (the classic <c>reg</c>).</summary>
    public double L2 { get; init; }

    /// <summary>L1 strength λ of the penalty λ·‖W‖₁ on weights.</summary>
    public double L1 { get; init; }

    /// <summary>The seed of the initial weights and the dropout masks.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (InputSize <= 0) throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, "The input size must be positive.");
        if (Classes <= 0) throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "The number of classes must be positive.");
        ArgumentNullException.ThrowIfNull(HiddenSizes);
        for (int i = 0; i < HiddenSizes.Count; i++)
            if (HiddenSizes[i] <= 0) throw new ArgumentOutOfRangeException(nameof(HiddenSizes), HiddenSizes[i], $"Hidden layer {i + 1} must have a positive width.");
        if (!(DropProbability >= 0 && DropProbability < 1))
            throw new ArgumentOutOfRangeException(nameof(DropProbability), DropProbability, "The drop probability must be in [0, 1).");
        if (!(WeightScale >= 0) || !double.IsFinite(WeightScale)) throw new ArgumentOutOfRangeException(nameof(WeightScale), WeightScale, "Must be finite and ≥ 0.");
        if (!(L2 >= 0) || !double.IsFinite(L2)) throw new ArgumentOutOfRangeException(nameof(L2), L2, "Must be finite and ≥ 0.");
        if (!(L1 >= 0) || !double.IsFinite(L1)) throw new ArgumentOutOfRangeException(nameof(L1), L1, "Must be finite and ≥ 0.");
        ArgumentException.ThrowIfNullOrEmpty(Activation);
    }

    /// <summary>The weight penalty the spec asks for, or null when both strengths are zero.</summary>
    public WeightPenalty? Penalty() =>
        L2 == 0 && L1 == 0 ? null : new WeightPenalty { L2 = L2, L1 = L1, L2Convention = L2PenaltyConvention.HalfSquaredNorm };

    /// <summary>The spec as one line of JSON (snake_case keys).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FullyConnectedNetSpecJsonContext.Default.FullyConnectedNetSpec);

    /// <summary>Reads a spec written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid spec; the message says why.</exception>
    public static FullyConnectedNetSpec FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var spec = JsonSerializer.Deserialize(json, FullyConnectedNetSpecJsonContext.Default.FullyConnectedNetSpec) ?? throw new FormatException("The architecture JSON is null.");
            spec.Validate();
            return spec;
        }
        catch (JsonException e)
        {
            throw new FormatException($"Invalid architecture JSON: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Invalid architecture: {e.Message}", e);
        }
    }
}
