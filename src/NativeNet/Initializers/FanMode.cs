namespace NativeNet.Initializers;

/// <summary>Which fan a fan-scaled initializer divides the variance by.</summary>
public enum FanMode
{
    /// <summary>fan_in: preserves the variance of activations in the forward pass (He's default).</summary>
    FanIn,

    /// <summary>fan_out: preserves the variance of gradients in the backward pass.</summary>
    FanOut,

    /// <summary>(fan_in + fan_out) / 2: Glorot's compromise (Xavier's default).</summary>
    FanAverage,
}
