namespace NativeNet.Initializers;

/// <summary>The activation following a layer, which sets the gain of a fan-scaled initializer (see <see cref="InitializerGain"/>).</summary>
public enum Nonlinearity
{
    /// <summary>No activation (identity): gain 1.</summary>
    Linear,

    /// <summary>ReLU: gain √2.</summary>
    ReLU,

    /// <summary>Leaky ReLU with negative slope a: gain √(2 / (1 + a²)).</summary>
    LeakyReLU,

    /// <summary>tanh: gain 5/3.</summary>
    Tanh,

    /// <summary>Logistic sigmoid: gain 1.</summary>
    Sigmoid,
}
