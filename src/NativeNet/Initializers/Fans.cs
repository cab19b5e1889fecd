namespace NativeNet.Initializers;

/// <summary>
/// The fan-in and fan-out of a weight: how many inputs feed each output unit, and how many outputs each input feeds.
/// </summary>
/// <remarks>
/// NativeNet's <c>Linear</c> stores its weight as (in_features, out_features) and computes y = x·W, so for a rank-2
/// weight fan_in = shape[0] and fan_out = shape[1] (the transpose of PyTorch's (out, in) layout, same fans).
/// Other shapes have no implied fans: pass them explicitly.
/// </remarks>
/// <param name="FanIn">Inputs per output unit (≥ 1).</param>
/// <param name="FanOut">Outputs per input unit (≥ 1).</param>
public readonly record struct Fans(int FanIn, int FanOut)
{
    /// <summary>The fans of a (in_features, out_features) weight: (shape[0], shape[1]).</summary>
    /// <exception cref="ArgumentException">The shape is not rank 2 or has a zero axis.</exception>
    public static Fans FromShape(ReadOnlySpan<int> shape)
    {
        if (shape.Length != 2)
            throw new ArgumentException(
                $"Fans are implied only for a rank-2 (in_features, out_features) weight, not shape {Tensors.NdArray<double>.FormatShape(shape)}; pass explicit fans.",
                nameof(shape));
        if (shape[0] < 1 || shape[1] < 1)
            throw new ArgumentException($"Weight shape {Tensors.NdArray<double>.FormatShape(shape)} has an empty axis, so its fans are zero.", nameof(shape));
        return new Fans(shape[0], shape[1]);
    }

    /// <summary>The fan selected by <paramref name="mode"/>: fan_in, fan_out, or their mean.</summary>
    public double Select(FanMode mode) => mode switch
    {
        FanMode.FanIn => FanIn,
        FanMode.FanOut => FanOut,
        FanMode.FanAverage => (FanIn + (double)FanOut) / 2.0,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown fan mode."),
    };
}
