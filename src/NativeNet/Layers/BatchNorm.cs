using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeNet.Kernels;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Batch normalization over features: y = γ·(x − μ)/√(σ² + ε) + β per feature, with μ, σ² the batch statistics in
/// training (biased variance) and the running statistics in evaluation. The input is read as N×D (D = <see cref="Features"/>).
/// Optionally an elementwise activation is fused in (<see cref="Activation"/>): the layer then stands for batch norm
/// followed by that activation layer, with one pass fewer over the activations in each direction.
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
/// <para>
/// Large batches run each pass on the worker pool (<see cref="Parallelism"/>). The sums are taken over fixed blocks
/// of rows, each into its own accumulators, and the block sums are added in block order, so the result is the same
/// for any thread count.
/// </para>
/// <para>
/// For a minibatch split between replicas (data-parallel training), the training forward and backward are also
/// available split at their sums: <see cref="ForwardPartialSums"/> and <see cref="BackwardPartialSums"/> give a
/// part's sums, and <see cref="ForwardWithBatchSums"/> and <see cref="BackwardWithBatchSums"/> go on with the sums of
/// every part added up, so that every replica normalizes with the whole minibatch's statistics.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("batch_norm")]
public sealed unsafe partial class BatchNorm<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Activations (N·D) from which a pass is split over the worker pool; below it the hand-off costs more than it saves.</summary>
    private const int ParallelMinElements = 16_384;

    /// <summary>Values per partition of the row-wise passes (normalize, input gradient): whole rows of about this many.</summary>
    private const int ValuesPerRowChunk = 4_096;

    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private readonly ActivationBuffer<T> _gradPreActivation = new();
    private readonly ActivationBuffer<T> _preActivation = new();
    // Per-feature work vectors, pinned for the partitioned passes. The mean of the last forward is kept as k + δ: k a
    // sample (or the running mean), δ small.
    private readonly NdArray<T> _shift, _meanOffset, _invStd, _scale, _offset, _meanGrad, _projection;
    // A pass's first and second sums, _sum and _sumSquares, are the halves of _sums: the 2·D values a synchronized
    // replica hands out and takes in.
    private readonly NdArray<T> _sums, _sum, _sumSquares;
    // Two D-vectors per block of rows: that block's first and second sums.
    private NdArray<T> _blockSums;
    private NdArray<T>? _input, _lastOutput, _lastPreActivation, _lastGradient;
    private bool _lastTraining;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    /// <param name="features">Values per sample (D).</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="momentum">Running-average momentum, read according to <paramref name="momentumConvention"/>.</param>
    /// <param name="momentumConvention">Whether <paramref name="momentum"/> is the share kept of the old value or taken from the batch.</param>
    /// <param name="varianceEstimate">Whether the running variance averages the biased or the unbiased batch variance.</param>
    /// <param name="activation">
    /// An elementwise activation applied to the normalized output in the same pass (see <see cref="Activation"/>); the
    /// layer then stands for batch norm followed by that activation layer. Null for none.
    /// </param>
    public BatchNorm(int features, double epsilon = 1e-5, double momentum = 0.1,
        RunningAverageConvention momentumConvention = RunningAverageConvention.MomentumTakesNew,
        RunningVarianceEstimate varianceEstimate = RunningVarianceEstimate.Unbiased,
        ElementwiseLayer<T>? activation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"BatchNorm epsilon {epsilon} must be ≥ 0.");
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"BatchNorm momentum {momentum} is outside [0, 1].");
        Features = features;
        Epsilon = epsilon;
        Momentum = momentum;
        MomentumConvention = momentumConvention;
        VarianceEstimate = varianceEstimate;
        Activation = activation;
        Gamma = new Parameter<T>("gamma", NdArray<T>.Full(T.One, features), isWeight: false);
        Beta = new Parameter<T>("beta", new NdArray<T>(features), isWeight: false);
        RunningMean = new NdArray<T>(features);
        RunningVariance = NdArray<T>.Full(T.One, features);
        _shift = new(features);
        _sums = new(2 * features); _sum = _sums.Slice(0, features); _sumSquares = _sums.Slice(features, features);
        _meanOffset = new(features); _invStd = new(features); _scale = new(features); _offset = new(features);
        _meanGrad = new(features); _projection = new(features);
        _blockSums = new(2 * features);
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

    /// <summary>
    /// The activation fused into this layer: y = f(BN(x)), applied to each block of rows right after it is normalized,
    /// and back-propagated through f′ inside the backward passes (f′ of y, or of the normalized value BN(x) that the
    /// forward pass then keeps, as the activation's derivative needs). Null for plain batch norm.
    /// </summary>
    public ElementwiseLayer<T>? Activation { get; }

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
        CheckInput(input, training ? input.Rows : 0);
        if (training)
        {
            input.Span[..Features].CopyTo(_shift.Span);
            SumShifted(input);
            SetBatchStatistics(input.Rows);
        }
        else
        {
            SetRunningStatistics();
        }
        return Normalize(input, training);
    }

    /// <summary>
    /// Synchronized batch normalization, first step of a training forward whose minibatch is split between replicas
    /// of this layer (data-parallel training): this part's per-feature sums of (x − k) and (x − k)², with k =
    /// <paramref name="shift"/> the same on every replica (the minibatch's first sample), written to
    /// <paramref name="sums"/> as D first sums, then D second sums. The caller adds every part's sums in an order it
    /// fixes and hands the total to <see cref="ForwardWithBatchSums"/>.
    /// </summary>
    /// <param name="input">This replica's rows of the minibatch, N×D.</param>
    /// <param name="shift">D values subtracted before summing, the same on every replica.</param>
    /// <param name="sums">2·D values receiving this part's sums.</param>
    /// <exception cref="ArgumentException">A shape or length does not match <see cref="Features"/>.</exception>
    public void ForwardPartialSums(NdArray<T> input, ReadOnlySpan<T> shift, Span<T> sums)
    {
        CheckInput(input, 0);
        CheckFeatureSpans(shift, sums);
        shift.CopyTo(_shift.Span);
        SumShifted(input);
        _sums.Span.CopyTo(sums);
    }

    /// <summary>
    /// Synchronized batch normalization, second step: normalizes this replica's rows with the statistics of the whole
    /// minibatch, given as the sums of every part (see <see cref="ForwardPartialSums"/>) over <paramref name="count"/>
    /// samples, and updates the running statistics with them. With one part this is <c>Forward(input, true)</c>, bit for bit.
    /// </summary>
    /// <param name="input">The rows given to <see cref="ForwardPartialSums"/>.</param>
    /// <param name="shift">The shift given to <see cref="ForwardPartialSums"/>.</param>
    /// <param name="sums">Every part's sums added up: D first sums, then D second sums.</param>
    /// <param name="count">Samples in the whole minibatch.</param>
    /// <returns>This replica's output rows (a reused buffer).</returns>
    /// <exception cref="ArgumentException">A shape or length does not match, or <paramref name="count"/> is below the rows given.</exception>
    public NdArray<T> ForwardWithBatchSums(NdArray<T> input, ReadOnlySpan<T> shift, ReadOnlySpan<T> sums, int count)
    {
        CheckInput(input, count);
        CheckFeatureSpans(shift, sums);
        if (count < input.Rows)
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: a minibatch of {count} samples cannot hold these {input.Rows}.", nameof(count));
        TakeBatchSums(shift, sums, count);
        return Normalize(input, training: true);
    }

    /// <summary>
    /// Synchronized batch normalization for a replica that holds no rows of this minibatch: takes the minibatch's
    /// statistics into the running averages as <see cref="ForwardWithBatchSums"/> does, so that every replica keeps the
    /// same running statistics.
    /// </summary>
    /// <param name="shift">The shift the other replicas summed with.</param>
    /// <param name="sums">Every part's sums added up: D first sums, then D second sums.</param>
    /// <param name="count">Samples in the whole minibatch.</param>
    /// <exception cref="ArgumentException">A length does not match, or <paramref name="count"/> is too small for the variance estimate.</exception>
    public void UpdateRunningStatistics(ReadOnlySpan<T> shift, ReadOnlySpan<T> sums, int count)
    {
        CheckFeatureSpans(shift, sums);
        if (count < (VarianceEstimate == RunningVarianceEstimate.Unbiased ? 2 : 1))
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: a minibatch of {count} samples cannot update the running statistics.", nameof(count));
        TakeBatchSums(shift, sums, count);
    }

    // The whole minibatch's statistics from every part's sums, into the running averages too.
    private void TakeBatchSums(ReadOnlySpan<T> shift, ReadOnlySpan<T> sums, int count)
    {
        shift.CopyTo(_shift.Span);
        sums.CopyTo(_sums.Span);
        SetBatchStatistics(count);
    }

    // The batch must not be empty; training with an unbiased running variance needs two samples in the whole batch.
    private void CheckInput(NdArray<T> input, int trainingCount)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureFeatures(this, input.Shape, Features);
        if (trainingCount == 1 && VarianceEstimate == RunningVarianceEstimate.Unbiased)
            throw new ArgumentException(
                $"{LayerShapeCheck.Describe(this)}: training with an unbiased running variance needs a batch of at least 2, got {input.ShapeString}.",
                nameof(input));
        if (input.Rows == 0) throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: the batch {input.ShapeString} is empty.", nameof(input));
    }

    private void CheckFeatureSpans(ReadOnlySpan<T> shift, ReadOnlySpan<T> sums)
    {
        if (shift.Length != Features)
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: a shift of {shift.Length} values for {Features} features.", nameof(shift));
        CheckSums(sums);
    }

    private void CheckSums(ReadOnlySpan<T> sums)
    {
        if (sums.Length != 2 * Features)
            throw new ArgumentException($"{LayerShapeCheck.Describe(this)}: {sums.Length} sums for {Features} features (2 per feature).", nameof(sums));
    }

    // _sum, _sumSquares ← Σ(x − k), Σ(x − k)² per feature over the input's rows, k = _shift.
    private void SumShifted(NdArray<T> input)
    {
        var blocks = Pass(PassKind.ShiftedSums, input, null, null, input.Rows);
        Sum(blocks, input.Rows, Features);
    }

    // The batch's mean (k + δ) and 1/σ from _shift, _sum, _sumSquares over count samples; the running averages take them in.
    private void SetBatchStatistics(int count)
    {
        int d = Features;
        T eps = T.CreateChecked(Epsilon);
        ReadOnlySpan<T> shift = _shift.Span, sum = _sum.Span, sumSquares = _sumSquares.Span;
        Span<T> meanOffset = _meanOffset.Span, invStd = _invStd.Span;
        T n = T.CreateChecked(count);
        T keep = T.CreateChecked(MomentumConvention == RunningAverageConvention.MomentumKeepsOld ? Momentum : 1 - Momentum);
        T take = T.One - keep;
        T unbias = VarianceEstimate == RunningVarianceEstimate.Unbiased ? n / (n - T.One) : T.One;
        Span<T> runningMean = RunningMean.Span, runningVariance = RunningVariance.Span;
        for (int j = 0; j < d; j++)
        {
            T s = sum[j];
            T variance = T.Max(T.Zero, (sumSquares[j] - s * s / n) / n);
            T mean = shift[j] + s / n;
            meanOffset[j] = s / n;
            invStd[j] = T.One / T.Sqrt(variance + eps);
            runningMean[j] = keep * runningMean[j] + take * mean;
            runningVariance[j] = keep * runningVariance[j] + take * variance * unbias;
        }
    }

    private void SetRunningStatistics()
    {
        T eps = T.CreateChecked(Epsilon);
        ReadOnlySpan<T> runningVariance = RunningVariance.Span;
        Span<T> meanOffset = _meanOffset.Span, invStd = _invStd.Span;
        RunningMean.Span.CopyTo(_shift.Span);
        for (int j = 0; j < Features; j++)
        {
            meanOffset[j] = T.Zero;
            invStd[j] = T.One / T.Sqrt(runningVariance[j] + eps);
        }
    }

    // y = (x − k)·a + c with a = γ/σ, c = β − δ·a, and the fused activation, from the statistics set before.
    private NdArray<T> Normalize(NdArray<T> input, bool training)
    {
        int d = Features;
        ReadOnlySpan<T> gamma = Gamma.Value.Span, beta = Beta.Value.Span, meanOffset = _meanOffset.Span, invStd = _invStd.Span;
        Span<T> scale = _scale.Span, offset = _offset.Span;
        for (int j = 0; j < d; j++)
        {
            scale[j] = gamma[j] * invStd[j];
            offset[j] = beta[j] - meanOffset[j] * scale[j];
        }
        var output = _output.Get(input.Shape);
        _lastPreActivation = Activation is { BackwardReadsOutput: false } ? _preActivation.Get(input.Shape) : null;
        Pass(PassKind.Normalize, input, null, output, input.Rows);
        _input = input;
        _lastOutput = output;
        _lastTraining = training;
        return output;
    }

    internal override bool CanInfer => true;

    internal override int InferenceScratchLength(int rows) => 2 * Features;

    // Forward's evaluation branch and normalize pass, with the per-feature scale and offset in the caller's scratch
    // instead of the layer's work vectors, and the same row chunks on the calling thread.
    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state)
    {
        int d = Features;
        T eps = T.CreateChecked(Epsilon);
        Span<T> scale = scratch[..d], offset = scratch.Slice(d, d);
        ReadOnlySpan<T> runningMean = RunningMean.Span, runningVariance = RunningVariance.Span, gamma = Gamma.Value.Span, beta = Beta.Value.Span;
        for (int j = 0; j < d; j++)
        {
            T invStd = T.One / T.Sqrt(runningVariance[j] + eps);
            scale[j] = gamma[j] * invStd;
            // Forward subtracts a zero mean offset times the scale; kept literally so −0 and non-finite scales match.
            offset[j] = beta[j] - T.Zero * scale[j];
        }
        int rowsPerPart = Math.Max(1, ValuesPerRowChunk / d);
        for (int r0 = 0; r0 < rows; r0 += rowsPerPart)
        {
            int n = Math.Min(rowsPerPart, rows - r0);
            Span<T> y = output.Slice(r0 * d, n * d);
            ScaleShift(input.Slice(r0 * d, n * d), n, d, runningMean, scale, offset, y);
            Activation?.Apply(ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(y), (nuint)(n * d));
        }
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        SumGradients(gradOutput);
        return InputGradient(_sum.Span, _sumSquares.Span, _input!.Rows);
    }

    /// <summary>
    /// Synchronized batch normalization, first step of a backward pass after <see cref="ForwardWithBatchSums"/>: this
    /// part's Σdz and Σdz·x̂ per feature (its share of dβ and dγ; dz = dy·f′ with a fused activation), written to
    /// <paramref name="sums"/> as D values each. The caller adds every part's sums in an order it fixes and hands the
    /// total to <see cref="BackwardWithBatchSums"/>.
    /// </summary>
    /// <param name="gradOutput">dL/d(output) of this replica's rows, where L is the whole minibatch's loss.</param>
    /// <param name="sums">2·D values receiving this part's sums.</param>
    /// <exception cref="ArgumentException">The gradient's shape is not the last output's, or <paramref name="sums"/> is not 2·D long.</exception>
    public void BackwardPartialSums(NdArray<T> gradOutput, Span<T> sums)
    {
        CheckSums(sums);
        SumGradients(gradOutput);
        _sums.Span.CopyTo(sums);
    }

    /// <summary>
    /// Synchronized batch normalization, second step of the backward pass: adds this part's dβ and dγ (from
    /// <see cref="BackwardPartialSums"/>) to the parameter gradients and returns dL/d(input) of this replica's rows,
    /// which depends on the sums of every part over the <paramref name="count"/> samples of the minibatch.
    /// </summary>
    /// <param name="sums">Every part's sums added up: D sums of dz, then D sums of dz·x̂.</param>
    /// <param name="count">Samples in the whole minibatch, as given to <see cref="ForwardWithBatchSums"/>.</param>
    /// <returns>dL/d(input) of this replica's rows (a reused buffer).</returns>
    /// <exception cref="ArgumentException"><paramref name="sums"/> is not 2·D long.</exception>
    public NdArray<T> BackwardWithBatchSums(ReadOnlySpan<T> sums, int count)
    {
        CheckSums(sums);
        return InputGradient(sums[..Features], sums[Features..], count);
    }

    // _sum ← Σdz, _sumSquares ← Σdz·x̂ per feature over the rows of the last forward; with a fused activation the pass
    // first writes dz = dy·f′(y) for its rows, which the input gradient then reads.
    private void SumGradients(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        _lastGradient = Activation is null ? gradOutput : _gradPreActivation.Get(gradOutput.Shape);
        var blocks = Pass(PassKind.GradientSums, _input!, gradOutput, _lastGradient, _input!.Rows);
        Sum(blocks, _input.Rows, Features);
    }

    // Adds this part's sums (_sum, _sumSquares) to dβ and dγ; dx from the whole batch's sums over count samples.
    private NdArray<T> InputGradient(ReadOnlySpan<T> batchSum, ReadOnlySpan<T> batchSumSquares, int count)
    {
        int d = Features;
        ReadOnlySpan<T> sum = _sum.Span, sumSquares = _sumSquares.Span, invStd = _invStd.Span;
        Span<T> meanGrad = _meanGrad.Span, projection = _projection.Span;
        Span<T> dGamma = Gamma.Grad.Span, dBeta = Beta.Grad.Span;
        T n = T.CreateChecked(count);
        if (AssignParameterGradients)
        {
            dBeta.Clear();
            dGamma.Clear();
            AssignParameterGradients = false;
        }
        for (int j = 0; j < d; j++)
        {
            dBeta[j] += sum[j];
            dGamma[j] += sumSquares[j];
            // Batch statistics depend on x: dx = γ/σ·(dz − mean(dz) − x̂·mean(dz·x̂)); running ones do not.
            meanGrad[j] = _lastTraining ? batchSum[j] / n : T.Zero;
            projection[j] = _lastTraining ? batchSumSquares[j] / n * invStd[j] : T.Zero;
        }
        var gradInput = _gradInput.Get(_input!.Shape);
        Pass(PassKind.InputGradient, _input, _lastGradient, gradInput, _input.Rows);
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
    public override string ToString() =>
        $"BatchNorm({Features}{(Activation is null ? "" : ", " + Activation)})";

    // Rows per block of the sums: √N minimizes the rounding error's growth, BlockRows + N/BlockRows (instead of N for
    // one running sum), at the cost of one D-length add per block. It depends on N alone, never on the thread count.
    private static int BlockRows(int n) => Math.Clamp((int)Math.Ceiling(Math.Sqrt(n)), 16, 256);

    private enum PassKind { ShiftedSums, GradientSums, Normalize, InputGradient }

    // Runs one pass over the N rows: the sums passes by blocks of BlockRows(n) rows into _blockSums (returns the block
    // count), the row-wise passes by chunks of rows. Each partition writes only its own rows or its own block sums.
    private int Pass(PassKind kind, NdArray<T> x, NdArray<T>? dy, NdArray<T>? output, int n)
    {
        int d = Features;
        bool sums = kind is PassKind.ShiftedSums or PassKind.GradientSums;
        int rowsPerPart = sums ? BlockRows(n) : Math.Max(1, ValuesPerRowChunk / d);
        int parts = (n + rowsPerPart - 1) / rowsPerPart;
        if (sums && _blockSums.Length < parts * 2 * d)
            _blockSums = new NdArray<T>(parts * 2 * d);
        var work = new RowPass
        {
            Kind = kind, Activation = Activation, N = n, D = d, RowsPerPart = rowsPerPart,
            X = x.Pointer, Dy = dy is null ? null : dy.Pointer, Out = output is null ? null : output.Pointer,
            Y = _lastOutput is null ? null : _lastOutput.Pointer, Pre = _lastPreActivation is null ? null : _lastPreActivation.Pointer,
            Shift = _shift.Pointer, MeanOffset = _meanOffset.Pointer, InvStd = _invStd.Pointer, Scale = _scale.Pointer,
            Offset = _offset.Pointer, MeanGrad = _meanGrad.Pointer, Projection = _projection.Pointer, BlockSums = _blockSums.Pointer,
        };
        Parallelism.Run(ref work, parts, (long)n * d >= ParallelMinElements ? int.MaxValue : 1);
        return parts;
    }

    // _sum and _sumSquares ← the blocks' sums, added in block order.
    private void Sum(int blocks, int n, int d)
    {
        Span<T> first = _sum.Span, second = _sumSquares.Span;
        first.Clear();
        second.Clear();
        for (int b = 0; b < blocks; b++)
        {
            TensorPrimitives.Add<T>(first, new ReadOnlySpan<T>(_blockSums.Pointer + (nint)b * 2 * d, d), first);
            TensorPrimitives.Add<T>(second, new ReadOnlySpan<T>(_blockSums.Pointer + (nint)b * 2 * d + d, d), second);
        }
    }

    private struct RowPass : IPartitionedWork
    {
        public PassKind Kind;
        public ElementwiseLayer<T>? Activation;
        public int N, D, RowsPerPart;
        // Dy is the upstream gradient; Out the pass's output (y, dz for GradientSums, dx); Y the forward output; Pre the
        // normalized value before the activation, kept only when the activation's derivative reads its input.
        public T* X, Dy, Out, Y, Pre, Shift, MeanOffset, InvStd, Scale, Offset, MeanGrad, Projection, BlockSums;

        public readonly void Execute(int partition)
        {
            int d = D, r0 = partition * RowsPerPart, rows = Math.Min(RowsPerPart, N - r0);
            int length = rows * d;
            nint start = (nint)r0 * d;
            var x = new ReadOnlySpan<T>(X + start, length);
            var features = (nint)d;
            switch (Kind)
            {
                case PassKind.ShiftedSums:
                {
                    T* block = BlockSums + partition * 2 * features;
                    ShiftedSums(x, rows, d, new(Shift, d), new(block, d), new(block + d, d));
                    break;
                }
                case PassKind.GradientSums:
                {
                    T* block = BlockSums + partition * 2 * features;
                    var g = new ReadOnlySpan<T>(Dy + start, length);
                    if (Activation is not null)
                    {
                        var dz = new Span<T>(Out + start, length);
                        Activation.Gradient(new ReadOnlySpan<T>((Activation.BackwardReadsOutput ? Y : Pre) + start, length), g, dz);
                        g = dz;
                    }
                    GradientSums(x, g, rows, d, new(Shift, d), new(MeanOffset, d), new(InvStd, d), new(block, d), new(block + d, d));
                    break;
                }
                case PassKind.Normalize:
                {
                    T* normalized = (Pre is null ? Out : Pre) + start;
                    ScaleShift(x, rows, d, new(Shift, d), new(Scale, d), new(Offset, d), new Span<T>(normalized, length));
                    // The rows are still in cache: the fused activation costs no pass of its own.
                    Activation?.Apply(ref *normalized, ref *(Out + start), (nuint)length);
                    break;
                }
                default:
                    InputGradient(x, new ReadOnlySpan<T>(Dy + start, length), rows, d, new(Scale, d), new(Shift, d), new(MeanOffset, d),
                        new(MeanGrad, d), new(Projection, d), new Span<T>(Out + start, length));
                    break;
            }
        }
    }

    // Every pass reads x (and dy, writes y or dx) a row at a time against per-feature vectors of D values: row kernels
    // of the elementwise engine, which computes each element with the same operations at every vector width.
    private static void ShiftedSums(ReadOnlySpan<T> x, int n, int d, ReadOnlySpan<T> shift, Span<T> sum, Span<T> sumSquares)
    {
        sum.Clear();
        sumSquares.Clear();
        var kernel = new ShiftedSumsKernel(ref MemoryMarshal.GetReference(x), (nuint)d, ref MemoryMarshal.GetReference(shift),
            ref MemoryMarshal.GetReference(sum), ref MemoryMarshal.GetReference(sumSquares));
        Elementwise.ForEachRow<T, ShiftedSumsKernel>(ref kernel, (nuint)n, (nuint)d);
    }

    private static void ScaleShift(ReadOnlySpan<T> x, int n, int d, ReadOnlySpan<T> shift, ReadOnlySpan<T> scale, ReadOnlySpan<T> offset, Span<T> y)
    {
        var kernel = new ScaleShiftKernel(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), (nuint)d,
            ref MemoryMarshal.GetReference(shift), ref MemoryMarshal.GetReference(scale), ref MemoryMarshal.GetReference(offset));
        Elementwise.ForEachRow<T, ScaleShiftKernel>(ref kernel, (nuint)n, (nuint)d);
    }

    private static void GradientSums(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int n, int d, ReadOnlySpan<T> shift,
        ReadOnlySpan<T> meanOffset, ReadOnlySpan<T> invStd, Span<T> sumDy, Span<T> sumDyXHat)
    {
        sumDy.Clear();
        sumDyXHat.Clear();
        var kernel = new GradientSumsKernel(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(dy), (nuint)d,
            ref MemoryMarshal.GetReference(shift), ref MemoryMarshal.GetReference(meanOffset), ref MemoryMarshal.GetReference(invStd),
            ref MemoryMarshal.GetReference(sumDy), ref MemoryMarshal.GetReference(sumDyXHat));
        Elementwise.ForEachRow<T, GradientSumsKernel>(ref kernel, (nuint)n, (nuint)d);
    }

    private static void InputGradient(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int n, int d, ReadOnlySpan<T> scale,
        ReadOnlySpan<T> shift, ReadOnlySpan<T> meanOffset, ReadOnlySpan<T> meanGrad, ReadOnlySpan<T> projection, Span<T> dx)
    {
        var kernel = new InputGradientKernel(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(dy),
            ref MemoryMarshal.GetReference(dx), (nuint)d, ref MemoryMarshal.GetReference(scale), ref MemoryMarshal.GetReference(shift),
            ref MemoryMarshal.GetReference(meanOffset), ref MemoryMarshal.GetReference(meanGrad), ref MemoryMarshal.GetReference(projection));
        Elementwise.ForEachRow<T, InputGradientKernel>(ref kernel, (nuint)n, (nuint)d);
    }

    // sum += x − k, sumSquares += (x − k)² per feature.
    private ref struct ShiftedSumsKernel(ref T x, nuint d, ref T shift, ref T sum, ref T sumSquares) : IElementwiseRowKernel<T>
    {
        private readonly ref T _x = ref x;
        private readonly nuint _d = d;
        private readonly ref T _k = ref shift;
        private readonly ref T _s = ref sum;
        private readonly ref T _q = ref sumSquares;
        private ref T _row = ref x;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StartRow(nuint row) => _row = ref Unsafe.Add(ref _x, row * _d);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TLanes, TVector>(nuint j)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector delta = TLanes.Subtract(TLanes.Load(ref _row, j), TLanes.Load(ref _k, j));
            TLanes.Store(TLanes.Add(TLanes.Load(ref _s, j), delta), ref _s, j);
            TLanes.Store(TLanes.Add(TLanes.Load(ref _q, j), TLanes.Multiply(delta, delta)), ref _q, j);
        }
    }

    // y = (x − k)·scale + offset: x − k is exact for x near k, so a large common mean never cancels against x·scale.
    private ref struct ScaleShiftKernel(ref T x, ref T y, nuint d, ref T shift, ref T scale, ref T offset) : IElementwiseRowKernel<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _y = ref y;
        private readonly nuint _d = d;
        private readonly ref T _k = ref shift;
        private readonly ref T _a = ref scale;
        private readonly ref T _c = ref offset;
        private ref T _xRow = ref x;
        private ref T _yRow = ref y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StartRow(nuint row)
        {
            _xRow = ref Unsafe.Add(ref _x, row * _d);
            _yRow = ref Unsafe.Add(ref _y, row * _d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TLanes, TVector>(nuint j)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector centered = TLanes.Subtract(TLanes.Load(ref _xRow, j), TLanes.Load(ref _k, j));
            TLanes.Store(TLanes.Add(TLanes.Multiply(centered, TLanes.Load(ref _a, j)), TLanes.Load(ref _c, j)), ref _yRow, j);
        }
    }

    // sumDy += dy, sumDyXHat += dy·x̂ per feature, with x̂ = ((x − k) − δ)/σ and μ = k + δ, for the same reason as in ScaleShiftKernel.
    private ref struct GradientSumsKernel(ref T x, ref T dy, nuint d, ref T shift, ref T meanOffset, ref T invStd, ref T sumDy, ref T sumDyXHat)
        : IElementwiseRowKernel<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _dy = ref dy;
        private readonly nuint _d = d;
        private readonly ref T _k = ref shift;
        private readonly ref T _mu = ref meanOffset;
        private readonly ref T _inv = ref invStd;
        private readonly ref T _s = ref sumDy;
        private readonly ref T _p = ref sumDyXHat;
        private ref T _xRow = ref x;
        private ref T _dyRow = ref dy;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StartRow(nuint row)
        {
            _xRow = ref Unsafe.Add(ref _x, row * _d);
            _dyRow = ref Unsafe.Add(ref _dy, row * _d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TLanes, TVector>(nuint j)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector g = TLanes.Load(ref _dyRow, j);
            TVector centered = TLanes.Subtract(TLanes.Subtract(TLanes.Load(ref _xRow, j), TLanes.Load(ref _k, j)), TLanes.Load(ref _mu, j));
            TVector xHat = TLanes.Multiply(centered, TLanes.Load(ref _inv, j));
            TLanes.Store(TLanes.Add(TLanes.Load(ref _s, j), g), ref _s, j);
            TLanes.Store(TLanes.Add(TLanes.Load(ref _p, j), TLanes.Multiply(g, xHat)), ref _p, j);
        }
    }

    // dx = scale·(dy − meanGrad − (x − μ)·projection), with projection = mean(dy·x̂)/σ and x − μ = (x − k) − δ.
    private ref struct InputGradientKernel(ref T x, ref T dy, ref T dx, nuint d, ref T scale, ref T shift, ref T meanOffset,
        ref T meanGrad, ref T projection) : IElementwiseRowKernel<T>
    {
        private readonly ref T _x = ref x;
        private readonly ref T _dy = ref dy;
        private readonly ref T _dx = ref dx;
        private readonly nuint _d = d;
        private readonly ref T _a = ref scale;
        private readonly ref T _k = ref shift;
        private readonly ref T _mu = ref meanOffset;
        private readonly ref T _m = ref meanGrad;
        private readonly ref T _pr = ref projection;
        private ref T _xRow = ref x;
        private ref T _dyRow = ref dy;
        private ref T _dxRow = ref dx;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void StartRow(nuint row)
        {
            _xRow = ref Unsafe.Add(ref _x, row * _d);
            _dyRow = ref Unsafe.Add(ref _dy, row * _d);
            _dxRow = ref Unsafe.Add(ref _dx, row * _d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Invoke<TLanes, TVector>(nuint j)
            where TLanes : struct, IVectorLanes<T, TVector>
            where TVector : unmanaged
        {
            TVector centered = TLanes.Subtract(TLanes.Subtract(TLanes.Load(ref _xRow, j), TLanes.Load(ref _k, j)), TLanes.Load(ref _mu, j));
            TVector inner = TLanes.Subtract(TLanes.Subtract(TLanes.Load(ref _dyRow, j), TLanes.Load(ref _m, j)),
                TLanes.Multiply(centered, TLanes.Load(ref _pr, j)));
            TLanes.Store(TLanes.Multiply(TLanes.Load(ref _a, j), inner), ref _dxRow, j);
        }
    }
}
