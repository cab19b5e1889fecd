using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Layers;

namespace NativeNet.Optimizers;

/// <summary>Gradient clipping by global norm, as PyTorch's <c>clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>The global L2 norm √(Σ ‖g_p‖²) over all parameters' gradients, accumulated in double.</summary>
    public static double GlobalNorm<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double sum = 0;
        for (int i = 0; i < parameters.Count; i++) sum += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(parameters[i].Grad.Span));
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Rescales all gradients by one common factor so that their global L2 norm is at most <paramref name="maxNorm"/>:
    /// with N the global norm, every gradient is multiplied by <c>maxNorm / (N + 1e-6)</c> when that is below 1
    /// (PyTorch's rule, so the clipped norm lands just under <paramref name="maxNorm"/>); otherwise nothing changes.
    /// </summary>
    /// <param name="parameters">The parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">The largest allowed global norm (finite, &gt; 0).</param>
    /// <returns>The global norm before clipping, for logging.</returns>
    /// <exception cref="ArgumentException">The global norm is NaN or infinite; the message names the first parameter with a non-finite gradient.</exception>
    public static double ClipByGlobalNorm<T>(IReadOnlyList<Parameter<T>> parameters, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!double.IsFinite(maxNorm) || maxNorm <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be finite and positive.");
        double norm = GlobalNorm(parameters);
        if (!double.IsFinite(norm))
        {
            string culprit = "?";
            for (int i = 0; i < parameters.Count; i++)
                if (!parameters[i].Grad.IsAllFinite()) { culprit = parameters[i].Name; break; }
            throw new ArgumentException(
                $"The global gradient norm is {norm}: the gradient of '{culprit}' is not finite (or the sum of squares overflowed).", nameof(parameters));
        }
        ScaleToMaxNorm(parameters, norm, maxNorm);
        return norm;
    }

    /// <summary>
    /// The rescaling step of <see cref="ClipByGlobalNorm{T}"/> for a caller that already has the finite global norm
    /// (the solver computes it for every step), so clipping does not pass over the gradients a second time.
    /// </summary>
    internal static void ScaleToMaxNorm<T>(IReadOnlyList<Parameter<T>> parameters, double norm, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1.0)
        {
            T factor = T.CreateTruncating(scale);
            for (int i = 0; i < parameters.Count; i++) parameters[i].Grad.ScaleInPlace(factor);
        }
    }
}
