namespace NativeNet.Kernels;

/// <summary>An activation a dense layer can apply inside its GEMM epilogue, while each output tile is still in cache.</summary>
public enum FusedActivation
{
    /// <summary>No activation: the affine output as is.</summary>
    None,

    /// <summary>The rectifier max(x, 0) (derivative 0 at the kink, as the <c>relu</c> layer).</summary>
    Relu,

    /// <summary>The logistic sigmoid 1/(1 + e^(−x)), as the <c>sigmoid</c> layer.</summary>
    Sigmoid,
}
