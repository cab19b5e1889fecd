namespace NativeNet.Models;

/// <summary>How a <see cref="FullyConnectedNet"/> draws its starting weights (biases always start at zero).</summary>
public enum WeightInitialization
{
    /// <summary>Normal with standard deviation <see cref="FullyConnectedNetSpec.WeightScale"/> — the classic <c>weight_scale</c>.</summary>
    Normal,

    /// <summary>He/Kaiming normal, fan-in, with the gain of the hidden activation (linear gain for the output layer).</summary>
    He,

    /// <summary>Xavier/Glorot normal, average fan, with the gain of the hidden activation (linear gain for the output layer).</summary>
    Xavier,

    /// <summary>Uniform in [−<see cref="FullyConnectedNetSpec.WeightScale"/>, +<see cref="FullyConnectedNetSpec.WeightScale"/>).</summary>
    Uniform,

    /// <summary>All zero: every hidden unit stays identical — the classic demonstration of why symmetry must be broken.</summary>
    Zero,
}
