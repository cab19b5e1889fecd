using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Inverted dropout: in training each unit is kept with probability q = 1 − p and scaled by 1/q, so evaluation is the
/// identity and needs no rescaling. Backward multiplies by the mask of the last forward.
/// </summary>
/// <remarks>
/// Masks are drawn from the <see cref="Rng"/> given at construction, so a seed fixes every mask: each training forward
/// takes one draw from it as the minibatch's key, and sample i of the minibatch draws its mask from stream i of that key.
/// A sample's mask therefore does not depend on how the minibatch is split: a data-parallel trainer gives each shard
/// the minibatch's key and the shard's first row (<see cref="KeyNextMask"/>). A drop probability
/// of 0 (keep 1) is the identity in both modes. For gradient checks set <see cref="FreezeMask"/>: the mask drawn
/// by the first training forward is then reused, so forward is a deterministic function of its input.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("dropout")]
public sealed partial class Dropout<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Rng _rng;
    // Restarted for every sample's stream.
    private readonly Rng _sampleRng = new(0);
    private ulong? _nextKey;
    private long _nextFirstRow;
    private readonly ActivationBuffer<T> _mask = new();
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private NdArray<T>? _currentMask;
    private NdArray<T>? _lastOutput;
    private bool _lastWasIdentity;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="probability">The drop or keep probability, as <paramref name="convention"/> says.</param>
    /// <param name="convention">Whether <paramref name="probability"/> is the drop or the keep probability.</param>
    /// <param name="rng">Source of the masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">The drop probability is outside [0, 1) (keep outside (0, 1]).</exception>
    public Dropout(double probability, DropoutConvention convention, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double drop = convention == DropoutConvention.DropProbability ? probability : 1.0 - probability;
        if (!(drop >= 0.0 && drop < 1.0))
            throw new ArgumentOutOfRangeException(nameof(probability),
                $"Dropout {(convention == DropoutConvention.DropProbability ? "drop" : "keep")} probability {probability} is outside " +
                $"{(convention == DropoutConvention.DropProbability ? "[0, 1)" : "(0, 1]")}.");
        DropProbability = drop;
        Probability = probability;
        Convention = convention;
        _rng = rng;
    }

    /// <summary>Dropout that zeroes each unit with probability <paramref name="p"/> (PyTorch's convention).</summary>
    public static Dropout<T> WithDropProbability(double p, Rng rng) => new(p, DropoutConvention.DropProbability, rng);

    /// <summary>Dropout that keeps each unit with probability <paramref name="p"/> (the original paper's convention).</summary>
    public static Dropout<T> WithKeepProbability(double p, Rng rng) => new(p, DropoutConvention.KeepProbability, rng);

    /// <summary>The probability given to the constructor, read as <see cref="Convention"/> says.</summary>
    public double Probability { get; }

    /// <summary>Whether <see cref="Probability"/> is the drop or the keep probability.</summary>
    public DropoutConvention Convention { get; }

    /// <summary>The probability that a unit is zeroed in training.</summary>
    public double DropProbability { get; }

    /// <summary>The probability that a unit is kept in training (1 − <see cref="DropProbability"/>).</summary>
    public double KeepProbability => 1.0 - DropProbability;

    /// <summary>Reuse the mask of the first training forward (for gradient checks) instead of drawing one per forward.</summary>
    public bool FreezeMask { get; set; }

    /// <summary>The mask of the last training forward: 0 for dropped units, 1/keep for kept ones; null before one.</summary>
    public NdArray<T>? Mask => _currentMask;

    /// <summary>
    /// Makes the next training forward draw its mask from <paramref name="key"/> instead of taking a key from the
    /// generator, its first row being row <paramref name="firstRow"/> of the minibatch. A data-parallel trainer takes one
    /// key per minibatch from this layer's generator (<see cref="RandomSource"/>) and hands it, with each shard's
    /// offset, to the replica computing that shard: every sample then gets the mask it gets in one process.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstRow"/> is negative.</exception>
    public void KeyNextMask(ulong key, long firstRow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        _nextKey = key;
        _nextFirstRow = firstRow;
    }

    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureBatch(this, input.Shape);
        ulong key = _nextKey ?? 0;
        long firstRow = _nextFirstRow;
        bool keyed = _nextKey is not null;
        _nextKey = null;
        _lastWasIdentity = !training || DropProbability == 0.0;
        if (_lastWasIdentity)
        {
            _lastOutput = input;
            return input;
        }
        if (!FreezeMask || _currentMask is null || !_currentMask.HasShape(input.Shape))
        {
            _currentMask = _mask.Get(input.Shape);
            if (!keyed) (key, firstRow) = (_rng.NextUInt64(), 0);
            int rowLength = input.Rows == 0 ? 0 : input.Length / input.Rows;
            Span<ulong> draws = stackalloc ulong[256];
            for (int row = 0; row < input.Rows; row++)
            {
                _sampleRng.Reseed(key, (ulong)(firstRow + row));
                DrawMask(_currentMask.Span.Slice(row * rowLength, rowLength), draws);
            }
        }
        var output = _output.Get(input.Shape);
        TensorPrimitives.Multiply(input.Span, _currentMask.Span, output.Span);
        _lastOutput = output;
        return output;
    }

    internal override bool CanInfer => true;

    internal override bool InferenceIsIdentity => true;

    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state) => input.CopyTo(output);

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        if (_lastWasIdentity) return gradOutput;
        var gradInput = _gradInput.Get(gradOutput.Shape);
        TensorPrimitives.Multiply(gradOutput.Span, _currentMask!.Span, gradInput.Span);
        return gradInput;
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureBatch(this, inputShape);
        return inputShape.ToArray();
    }

    /// <inheritdoc/>
    public override Rng? RandomSource => _rng;

    /// <summary>The small instance the generated gradient-check test builds: training mode with the mask frozen, so forward is deterministic between calls.</summary>
    [GradientCheck(4, 6)]
    public static Dropout<T> ForGradientCheck(Rng rng) => new(0.3, DropoutConvention.DropProbability, rng) { FreezeMask = true };

    /// <inheritdoc/>
    public override string ToString() =>
        $"Dropout(drop {DropProbability.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)})";

    private void DrawMask(Span<T> mask, Span<ulong> draws)
    {
        // Each 64-bit draw gives two 32-bit uniforms u; a unit is kept when u < keep·2³². Draws come in stack chunks
        // (the generator's state stays in registers), and the mask is built from bit patterns: (u − threshold) >> 63
        // is all ones exactly when u < threshold, so there is no branch to mispredict.
        ulong threshold = (ulong)Math.Round(KeepProbability * 4294967296.0);
        T scale = T.One / T.CreateChecked(KeepProbability);
        if (typeof(T) == typeof(float))
        {
            Span<int> bits = MemoryMarshal.Cast<T, int>(mask);
            int scaleBits = BitConverter.SingleToInt32Bits(float.CreateChecked(scale));
            for (int start = 0; start < bits.Length; start += 2 * draws.Length)
            {
                int count = Math.Min(2 * draws.Length, bits.Length - start);
                var chunk = draws[..((count + 1) / 2)];
                _sampleRng.FillUInt64(chunk);
                Span<int> target = bits.Slice(start, count);
                for (int i = 0; i < count; i++)
                {
                    ulong u = (chunk[i >> 1] >> (32 * (i & 1))) & 0xFFFFFFFFUL;
                    target[i] = scaleBits & (int)((long)(u - threshold) >> 63);
                }
            }
        }
        else
        {
            Span<long> bits = MemoryMarshal.Cast<T, long>(mask);
            long scaleBits = BitConverter.DoubleToInt64Bits(double.CreateChecked(scale));
            for (int start = 0; start < bits.Length; start += 2 * draws.Length)
            {
                int count = Math.Min(2 * draws.Length, bits.Length - start);
                var chunk = draws[..((count + 1) / 2)];
                _sampleRng.FillUInt64(chunk);
                Span<long> target = bits.Slice(start, count);
                for (int i = 0; i < count; i++)
                {
                    ulong u = (chunk[i >> 1] >> (32 * (i & 1))) & 0xFFFFFFFFUL;
                    target[i] = scaleBits & ((long)(u - threshold) >> 63);
                }
            }
        }
    }
}
