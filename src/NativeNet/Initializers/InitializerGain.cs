namespace NativeNet.Initializers;

/// <summary>The recommended gain for each <see cref="Nonlinearity"/>, PyTorch's <c>torch.nn.init.calculate_gain</c> values.</summary>
public static class InitializerGain
{
    /// <summary>The default negative slope of leaky ReLU, 0.01.</summary>
    public const double DefaultNegativeSlope = 0.01;

    /// <summary>
    /// The gain: 1 for <see cref="Nonlinearity.Linear"/> and <see cref="Nonlinearity.Sigmoid"/>, √2 for
    /// <see cref="Nonlinearity.ReLU"/>, √(2 / (1 + a²)) for <see cref="Nonlinearity.LeakyReLU"/> with slope a, 5/3 for
    /// <see cref="Nonlinearity.Tanh"/>.
    /// </summary>
    /// <param name="nonlinearity">The activation after the layer.</param>
    /// <param name="negativeSlope">a, used only by leaky ReLU (finite); default 0.01.</param>
    public static double For(Nonlinearity nonlinearity, double negativeSlope = DefaultNegativeSlope)
    {
        if (!double.IsFinite(negativeSlope)) throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope must be finite.");
        return nonlinearity switch
        {
            Nonlinearity.Linear or Nonlinearity.Sigmoid => 1.0,
            Nonlinearity.ReLU => Math.Sqrt(2.0),
            Nonlinearity.LeakyReLU => Math.Sqrt(2.0 / (1.0 + negativeSlope * negativeSlope)),
            Nonlinearity.Tanh => 5.0 / 3.0,
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
        };
    }
}
