using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NativeNet.Kernels;

namespace NativeNet.Losses;

/// <summary>
/// Softmax cross-entropy from logits: L = (1/N) Σᵢ [log Σⱼ exp(sᵢⱼ) − sᵢ,yᵢ], computed as log-sum-exp with the row
/// maximum subtracted, so it stays finite for any finite logits (float logits of ±1e4 included).
/// dL/ds = (softmax(s) − onehot(y)) / N.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SoftmaxCrossEntropyLoss<T> : ClassificationLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    protected override double Evaluate(ReadOnlySpan<T> scores, ReadOnlySpan<int> labels, int n, int classes, Span<T> gradient)
    {
        double loss = 0;
        T invN = T.One / T.CreateChecked(n);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> s = scores.Slice(i * classes, classes);
            Span<T> g = gradient.Slice(i * classes, classes);
            T max = TensorPrimitives.Max(s);
            T shiftedLabel = s[labels[i]] - max;
            Elementwise.Map(s, g, new ShiftedExp(max));
            // Summed in order, so the same bits at every vector width.
            T sum = T.Zero;
            foreach (T v in g) sum += v;
            // −log softmax(s)_y = log Σ exp(s − max) − (s_y − max); both terms are finite because sum ≥ 1.
            loss += double.CreateChecked(T.Log(sum) - shiftedLabel);
            TensorPrimitives.Multiply(g, invN / sum, g);
            g[labels[i]] -= invN;
        }
        return loss / n;
    }

    // exp(s − max) of each score: our exponential, the same bits at every width.
    private readonly struct ShiftedExp(T max) : IUnaryOperator<T>
    {
        private readonly T _max = max;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Invoke<TLanes, TVector>(TVector x)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged => TLanes.Exp(TLanes.Subtract(x, TLanes.Broadcast(_max)));
    }
}
