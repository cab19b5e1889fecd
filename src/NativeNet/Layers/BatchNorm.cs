using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Batch normalization over features: y = γ·(x − μ)/√(σ² + ε) + β per feature, with μ, σ² the batch statistics in
/// training (biased variance) and the running statistics in evaluation. The input is read as N×D (D = <see cref="Features"/>).
/// </summary>
/// <remarks>
/// <para>
/// Running statistics follow <see cref="MomentumConvention"/> and <see cref="VarianceEstimate"/>; the constructor's
/// defaults are PyTorch's (momentum 0.1 taking new, unbiased running variance), and <see cref="Cs231n"/> gives the
/// cs231n reference (momentum 0.9 keeping old, biased). Running mean starts at 0 and running variance at 1.
/// </para>
/// <para>
/// Forward makes two passes over the activations: per-feature sums of (x − k) and (x − k)² with k the first sample
/// (shifted sums, so E[x²] − E[x]² does not cancel catastrophically when |μ| ≫ σ), then normalize-scale-shift as
/// (x − k)·a + c in one pass; the mean is kept as k + δ, so x − μ never cancels two large numbers. Backward makes two: Σdy and Σdy·x̂ (which are dβ and dγ), then dx.
/// γ and β are not <see cref="Parameter{T}.IsWeight"/>, so weight penalties skip them by default.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("batch_norm")]
public sealed partial class BatchNorm<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    // Per-feature work vectors. The mean of the last forward is kept as k + δ: k a sample (or the running mean), δ small.
    private readonly T[] _shift, _sum, _sumSquares, _blockSum, _blockSumSquares, _meanOffset, _invStd, _scale, _offset, _meanGrad, _projection;
    private NdArray<T>? _input, _lastOutput;
    private bool _lastTraining;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    /// <param name="features">Values per sample (D).</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="momentum">Running-average momentum, read according to <paramref name="momentumConvention"/>.</param>
    /// <param name="momentumConvention">Whether <paramref name="momentum"/> is the share kept of the old value or taken from the batch.</param>
    /// <param name="varianceEstimate">Whether the running variance averages the biased or the unbiased batch variance.</param>
    public BatchNorm(int features, double epsilon = 1e-5, double momentum = 0.1,
        RunningAverageConvention momentumConvention = RunningAverageConvention.MomentumTakesNew,
        RunningVarianceEstimate varianceEstimate = RunningVarianceEstimate.Unbiased)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"BatchNorm epsilon {epsilon} must be ≥ 0.");
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNorm momentum {momentum} is outside [0, 1].");
        Features = features;
        Epsilon = epsilon;
        Momentum = momentum;
        MomentumConvention = momentumConvention;
        VarianceEstimate = varianceEstimate;
        Gamma = new Parameter<T>("gamma", NdArray<T>.Full(T.One, features), isWeight: false);
        Beta = new Parameter<T>("beta", new NdArray<T>(features), isWeight: false);
        RunningMean = new NdArray<T>(features);
        RunningVariance = NdArray<T>.Full(T.One, features);
        _shift = new T[features]; _sum = new T[features]; _sumSquares = new T[features];
        _blockSum = new T[features]; _blockSumSquares = new T[features];
        _meanOffset = new T[features]; _invStd = new T[features]; _scale = new T[features]; _offset = new T[features];
        _meanGrad = new T[features]; _projection = new T[features];
    }

    /// <summary>The cs231n reference configuration: running = 0.9·running + 0.1·batch, biased running variance.</summary>
    public static BatchNorm<T> Cs231n(int features, double epsilon = 1e-5, double momentum = 0.9) =>
        new(features, epsilon, momentum, RunningAverageConvention.MomentumKeepsOld, RunningVarianceEstimate.Biased);

    /// <summary>Values per sample.</summary>
    public int Features { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>The running-average momentum, read according to <see cref="MomentumConvention"/>.</summary>
    public double Momentum { get; }

    /// <summary>What <see cref="Momentum"/> means.</summary>
    public RunningAverageConvention MomentumConvention { get; }

    /// <summary>Which batch variance the running variance averages.</summary>
    public RunningVarianceEstimate VarianceEstimate { get; }

    /// <summary>The learnable scale γ, shape (D,).</summary>
    [Parameter]
    public Parameter<T> Gamma { get; }

    /// <summary>The learnable shift β, shape (D,).</summary>
    [Parameter]
    public Parameter<T> Beta { get; }

    /// <summary>The running mean used in evaluation, shape (D,).</summary>
    public NdArray<T> RunningMean { get; }

    /// <summary>The running variance used in evaluation, shape (D,).</summary>
    public NdArray<T> RunningVariance { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, NdArray<T> Value)> Buffers => _buffers ??= [("running_mean", RunningMean), ("running_var", RunningVariance)];

    private (string Name, NdArray<T> Value)[]? _buffers;


    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureFeatures(this, input.Shape, Features);
        int n = input.Rows, d = Features;
        if (training && n < 2 && VarianceEstimate == RunningVarianceEstimate.Unbiased)
            throw new ArgumentException(
                $"{LayerShapeCheck.Describe(this)}: training with an unbiased running variance needs a batch of at least 2, got {input.ShapeString}.",
                nameof(input));
        if (n == 0) throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: the batch {input.ShapeString} is empty.", nameof(input));
        ReadOnlySpan<T> x = input.Span;
        T eps = T.CreateChecked(Epsilon);
        if (training)
        {
            x[..d].CopyTo(_shift);
            AccumulateInBlocks(x, default, n, d, _shift, default, default, _sum, _sumSquares);
            T count = T.CreateChecked(n);
            T keep = T.CreateChecked(MomentumConvention == RunningAverageConvention.MomentumKeepsOld ? Momentum : 1 - Momentum);
            T take = T.One - keep;
            T unbias = VarianceEstimate == RunningVarianceEstimate.Unbiased ? count / (count - T.One) : T.One;
            Span<T> runningMean = RunningMean.Span, runningVariance = RunningVariance.Span;
            for (int j = 0; j < d; j++)
            {
                T s = _sum[j];
                T variance = T.Max(T.Zero, (_sumSquares[j] - s * s / count) / count);
                T mean = _shift[j] + s / count;
                _meanOffset[j] = s / count;
                _invStd[j] = T.One / T.Sqrt(variance + eps);
                runningMean[j] = keep * runningMean[j] + take * mean;
                runningVariance[j] = keep * runningVariance[j] + take * variance * unbias;
            }
        }
        else
        {
            ReadOnlySpan<T> runningMean = RunningMean.Span, runningVariance = RunningVariance.Span;
            runningMean.CopyTo(_shift);
            for (int j = 0; j < d; j++)
            {
                _meanOffset[j] = T.Zero;
                _invStd[j] = T.One / T.Sqrt(runningVariance[j] + eps);
            }
        }
        ReadOnlySpan<T> gamma = Gamma.Value.Span, beta = Beta.Value.Span;
        for (int j = 0; j < d; j++)
        {
            _scale[j] = gamma[j] * _invStd[j];
            _offset[j] = beta[j] - _meanOffset[j] * _scale[j];
        }
        var output = _output.Get(input.Shape);
        ScaleShift(x, n, d, _shift, _scale, _offset, output.Span);
        _input = input;
        _lastOutput = output;
        _lastTraining = training;
        return output;
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        int n = _input!.Rows, d = Features;
        ReadOnlySpan<T> x = _input.Span, dy = gradOutput.Span;
        // _sum ← Σdy, _sumSquares ← Σdy·x̂ per feature.
        AccumulateInBlocks(x, dy, n, d, _shift, _meanOffset, _invStd, _sum, _sumSquares);
        Span<T> dGamma = Gamma.Grad.Span, dBeta = Beta.Grad.Span;
        T count = T.CreateChecked(n);
        if (AssignParameterGradients)
        {
            dBeta.Clear();
            dGamma.Clear();
            AssignParameterGradients = false;
        }
        for (int j = 0; j < d; j++)
        {
            dBeta[j] += _sum[j];
            dGamma[j] += _sumSquares[j];
            // Batch statistics depend on x: dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)); running ones do not.
            _meanGrad[j] = _lastTraining ? _sum[j] / count : T.Zero;
            _projection[j] = _lastTraining ? _sumSquares[j] / count * _invStd[j] : T.Zero;
        }
        var gradInput = _gradInput.Get(_input.Shape);
        InputGradient(x, dy, n, d, _scale, _shift, _meanOffset, _meanGrad, _projection, gradInput.Span);
        return gradInput;
    }

    /// <inheritdoc/>
    public override bool CanAssignParameterGradients => true;

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureFeatures(this, inputShape, Features);
        return inputShape.ToArray();
    }

    /// <summary>The small instance the generated gradient-check test builds (training mode: batch statistics).</summary>
    [GradientCheck(6, 4, Tolerance = 1e-6)]
    public static BatchNorm<T> ForGradientCheck(Rng rng) => new(4);

    /// <inheritdoc/>
    public override string ToString() => $"BatchNorm({Features})";

    // Rows are summed in blocks of BlockRows, each block into its own accumulators that are then added to the totals:
    // the rounding error grows with BlockRows + N/BlockRows instead of N, at the cost of one D-length add per block.
    private const int BlockRows = 64;

    // Without dy: Σ(x − k) and Σ(x − k)². With dy: Σdy and Σdy·x̂.
    private void AccumulateInBlocks(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int n, int d, ReadOnlySpan<T> shift,
        ReadOnlySpan<T> meanOffset, ReadOnlySpan<T> invStd, Span<T> first, Span<T> second)
    {
        bool gradient = !dy.IsEmpty;
        first.Clear();
        second.Clear();
        for (int r0 = 0; r0 < n; r0 += BlockRows)
        {
            int rows = Math.Min(BlockRows, n - r0);
            var xBlock = x.Slice(r0 * d, rows * d);
            if (gradient) GradientSums(xBlock, dy.Slice(r0 * d, rows * d), rows, d, shift, meanOffset, invStd, _blockSum, _blockSumSquares);
            else ShiftedSums(xBlock, rows, d, shift, _blockSum, _blockSumSquares);
            TensorPrimitives.Add<T>(first, _blockSum, first);
            TensorPrimitives.Add<T>(second, _blockSumSquares, second);
        }
    }

    private static void ShiftedSums(ReadOnlySpan<T> x, int n, int d, ReadOnlySpan<T> shift, Span<T> sum, Span<T> sumSquares)
    {
        sum.Clear();
        sumSquares.Clear();
        ref T k = ref MemoryMarshal.GetReference(shift);
        ref T s = ref MemoryMarshal.GetReference(sum);
        ref T q = ref MemoryMarshal.GetReference(sumSquares);
        for (int r = 0; r < n; r++)
        {
            ref T row = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * d);
            int j = 0;
            for (; j <= d - Vector<T>.Count; j += Vector<T>.Count)
            {
                var delta = Vector.LoadUnsafe(ref row, (nuint)j) - Vector.LoadUnsafe(ref k, (nuint)j);
                (Vector.LoadUnsafe(ref s, (nuint)j) + delta).StoreUnsafe(ref s, (nuint)j);
                (Vector.LoadUnsafe(ref q, (nuint)j) + delta * delta).StoreUnsafe(ref q, (nuint)j);
            }
            for (; j < d; j++)
            {
                T delta = Unsafe.Add(ref row, j) - Unsafe.Add(ref k, j);
                Unsafe.Add(ref s, j) += delta;
                Unsafe.Add(ref q, j) += delta * delta;
            }
        }
    }

    // y = (x − k)·scale + offset: x − k is exact for x near k, so a large common mean never cancels against x·scale.
    private static void ScaleShift(ReadOnlySpan<T> x, int n, int d, ReadOnlySpan<T> shift, ReadOnlySpan<T> scale, ReadOnlySpan<T> offset, Span<T> y)
    {
        ref T k = ref MemoryMarshal.GetReference(shift);
        ref T a = ref MemoryMarshal.GetReference(scale);
        ref T c = ref MemoryMarshal.GetReference(offset);
        for (int r = 0; r < n; r++)
        {
            ref T src = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * d);
            ref T dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), r * d);
            int j = 0;
            for (; j <= d - Vector<T>.Count; j += Vector<T>.Count)
                ((Vector.LoadUnsafe(ref src, (nuint)j) - Vector.LoadUnsafe(ref k, (nuint)j)) * Vector.LoadUnsafe(ref a, (nuint)j) + Vector.LoadUnsafe(ref c, (nuint)j))
                    .StoreUnsafe(ref dst, (nuint)j);
            for (; j < d; j++)
                Unsafe.Add(ref dst, j) = (Unsafe.Add(ref src, j) - Unsafe.Add(ref k, j)) * Unsafe.Add(ref a, j) + Unsafe.Add(ref c, j);
        }
    }

    // x̂ = ((x − k) − δ)/σ with μ = k + δ, for the same reason as in ScaleShift.
    private static void GradientSums(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int n, int d, ReadOnlySpan<T> shift,
        ReadOnlySpan<T> meanOffset, ReadOnlySpan<T> invStd, Span<T> sumDy, Span<T> sumDyXHat)
    {
        sumDy.Clear();
        sumDyXHat.Clear();
        ref T k = ref MemoryMarshal.GetReference(shift);
        ref T mu = ref MemoryMarshal.GetReference(meanOffset);
        ref T inv = ref MemoryMarshal.GetReference(invStd);
        ref T s = ref MemoryMarshal.GetReference(sumDy);
        ref T p = ref MemoryMarshal.GetReference(sumDyXHat);
        for (int r = 0; r < n; r++)
        {
            ref T xr = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * d);
            ref T gr = ref Unsafe.Add(ref MemoryMarshal.GetReference(dy), r * d);
            int j = 0;
            for (; j <= d - Vector<T>.Count; j += Vector<T>.Count)
            {
                var g = Vector.LoadUnsafe(ref gr, (nuint)j);
                var xHat = (Vector.LoadUnsafe(ref xr, (nuint)j) - Vector.LoadUnsafe(ref k, (nuint)j) - Vector.LoadUnsafe(ref mu, (nuint)j)) * Vector.LoadUnsafe(ref inv, (nuint)j);
                (Vector.LoadUnsafe(ref s, (nuint)j) + g).StoreUnsafe(ref s, (nuint)j);
                (Vector.LoadUnsafe(ref p, (nuint)j) + g * xHat).StoreUnsafe(ref p, (nuint)j);
            }
            for (; j < d; j++)
            {
                T g = Unsafe.Add(ref gr, j);
                T xHat = (Unsafe.Add(ref xr, j) - Unsafe.Add(ref k, j) - Unsafe.Add(ref mu, j)) * Unsafe.Add(ref inv, j);
                Unsafe.Add(ref s, j) += g;
                Unsafe.Add(ref p, j) += g * xHat;
            }
        }
    }

    // dx = scale·(dy − meanGrad − (x − μ)·projection), with projection = mean(dy·x̂)/σ and x − μ = (x − k) − δ.
    private static void InputGradient(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int n, int d, ReadOnlySpan<T> scale,
        ReadOnlySpan<T> shift, ReadOnlySpan<T> meanOffset, ReadOnlySpan<T> meanGrad, ReadOnlySpan<T> projection, Span<T> dx)
    {
        ref T a = ref MemoryMarshal.GetReference(scale);
        ref T k = ref MemoryMarshal.GetReference(shift);
        ref T mu = ref MemoryMarshal.GetReference(meanOffset);
        ref T m = ref MemoryMarshal.GetReference(meanGrad);
        ref T pr = ref MemoryMarshal.GetReference(projection);
        for (int r = 0; r < n; r++)
        {
            ref T xr = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * d);
            ref T gr = ref Unsafe.Add(ref MemoryMarshal.GetReference(dy), r * d);
            ref T dr = ref Unsafe.Add(ref MemoryMarshal.GetReference(dx), r * d);
            int j = 0;
            for (; j <= d - Vector<T>.Count; j += Vector<T>.Count)
            {
                var centered = Vector.LoadUnsafe(ref xr, (nuint)j) - Vector.LoadUnsafe(ref k, (nuint)j) - Vector.LoadUnsafe(ref mu, (nuint)j);
                var inner = Vector.LoadUnsafe(ref gr, (nuint)j) - Vector.LoadUnsafe(ref m, (nuint)j) - centered * Vector.LoadUnsafe(ref pr, (nuint)j);
                (Vector.LoadUnsafe(ref a, (nuint)j) * inner).StoreUnsafe(ref dr, (nuint)j);
            }
            for (; j < d; j++)
            {
                T centered = Unsafe.Add(ref xr, j) - Unsafe.Add(ref k, j) - Unsafe.Add(ref mu, j);
                Unsafe.Add(ref dr, j) = Unsafe.Add(ref a, j) * (Unsafe.Add(ref gr, j) - Unsafe.Add(ref m, j) - centered * Unsafe.Add(ref pr, j));
            }
        }
    }
}
