namespace NativeNet.Models;

/// <summary>The normalization layer after each hidden affine layer of a <see cref="FullyConnectedNet"/>.</summary>
public enum Normalization
{
    /// <summary>No normalization.</summary>
    None,

    /// <summary>Batch normalization over features (batch statistics in training, running statistics in evaluation).</summary>
    Batch,

    /// <summary>Layer normalization over the features of each sample.</summary>
    Layer,
}
