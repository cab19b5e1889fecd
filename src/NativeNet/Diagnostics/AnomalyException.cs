namespace NativeNet.Diagnostics;

/// <summary>
/// Thrown in anomaly mode (<see cref="Models.Sequential{T}.DetectAnomaly"/>) by the first layer that produces a NaN or
/// an infinity, naming the layer, the phase and, for a parameter gradient, the parameter.
/// </summary>
public sealed class AnomalyException : Exception
{
    /// <summary>Creates the exception and its message.</summary>
    /// <param name="layerName">The layer at fault (<c>fc2</c>), <c>input</c> for the model's input, or the loss's name.</param>
    /// <param name="phase">The pass in which the value appeared.</param>
    /// <param name="parameterName">The qualified parameter whose gradient went non-finite, if any.</param>
    /// <param name="detail">What was non-finite, e.g. <c>output (100, 500)</c>.</param>
    public AnomalyException(string layerName, AnomalyPhase phase, string? parameterName, string detail)
        : base($"Anomaly: {layerName} produced a non-finite value (NaN or ±∞) in the {phase.ToString().ToLowerInvariant()} pass" +
               (parameterName is null ? "" : $" in the gradient of {parameterName}") + $": {detail}.")
    {
        LayerName = layerName;
        Phase = phase;
        ParameterName = parameterName;
    }

    /// <summary>The layer at fault, <c>input</c> for the model's input, or the loss's name.</summary>
    public string LayerName { get; }

    /// <summary>The pass in which the value appeared.</summary>
    public AnomalyPhase Phase { get; }

    /// <summary>The qualified name of the parameter whose gradient went non-finite, or null.</summary>
    public string? ParameterName { get; }
}
