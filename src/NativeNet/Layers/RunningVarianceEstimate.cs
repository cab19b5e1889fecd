namespace NativeNet.Layers;

/// <summary>
/// Which batch variance <see cref="BatchNorm{T}"/> folds into its running variance. Normalization in training always
/// uses the biased (divide by N) batch variance; only the running estimate differs.
/// </summary>
public enum RunningVarianceEstimate
{
    /// <summary>Σ(x − μ)² / N, as cs231n's reference code does.</summary>
    Biased,

    /// <summary>Σ(x − μ)² / (N − 1), as PyTorch does; needs a batch of at least two.</summary>
    Unbiased,
}
