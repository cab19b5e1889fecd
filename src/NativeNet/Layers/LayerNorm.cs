using System.Numerics;
using System.Numerics.Tensors;
using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// Layer normalization over features: each sample is normalized by its own mean and (biased) variance,
/// y = γ·(x − μ)/√(σ² + ε) + β, identically in training and evaluation. The input is read as N×D. Optionally an
/// elementwise activation is fused in (<see cref="Activation"/>), applied to each row while it is in cache.
/// </summary>
/// <remarks>γ and β are not <see cref="Parameter{T}.IsWeight"/>, so weight penalties skip them by default.</remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[Layer("layer_norm")]
public sealed partial class LayerNorm<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ActivationBuffer<T> _output = new();
    private readonly ActivationBuffer<T> _normalized = new();
    private readonly ActivationBuffer<T> _gradInput = new();
    private readonly ActivationBuffer<T> _invStd = new();
    private readonly ActivationBuffer<T> _preActivation = new();
    private readonly T[] _scaledGrad;
    private readonly T[] _gradPreActivation;
    private NdArray<T>? _xHat, _lastOutput, _lastInvStd, _lastPreActivation;

    /// <summary>Creates the layer with γ = 1 and β = 0.</summary>
    /// <param name="features">Values per sample (D).</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="activation">
    /// An elementwise activation applied to the normalized output in the same pass (see <see cref="Activation"/>); the
    /// layer then stands for layer norm followed by that activation layer. Null for none.
    /// </param>
    public LayerNorm(int features, double epsilon = 1e-5, ElementwiseLayer<T>? activation = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"LayerNorm epsilon {epsilon} must be ≥ 0.");
        Features = features;
        Epsilon = epsilon;
        Gamma = new Parameter<T>("gamma", NdArray<T>.Full(T.One, features), isWeight: false);
        Beta = new Parameter<T>("beta", new NdArray<T>(features), isWeight: false);
        _scaledGrad = new T[features];
        _gradPreActivation = new T[features];
        Activation = activation;
    }

    /// <summary>Values per sample.</summary>
    public int Features { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>
    /// The activation fused into this layer: y = f(LN(x)), applied to each row right after it is normalized, and
    /// back-propagated through f′ row by row in the backward pass (f′ of y, or of LN(x), which the forward pass then
    /// keeps, as the activation's derivative needs). Null for plain layer norm.
    /// </summary>
    public ElementwiseLayer<T>? Activation { get; }

    /// <summary>The learnable scale γ, shape (D,).</summary>
    [Parameter]
    public Parameter<T> Gamma { get; }

    /// <summary>The learnable shift β, shape (D,).</summary>
    [Parameter]
    public Parameter<T> Beta { get; }

    /// <inheritdoc/>
    public override NdArray<T> Forward(NdArray<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LayerShapeCheck.EnsureFeatures(this, input.Shape, Features);
        int n = input.Rows, d = Features;
        var output = _output.Get(input.Shape);
        var xHat = _normalized.Get(n, d);
        var invStd = _invStd.Get(n);
        var preActivation = Activation is { BackwardReadsOutput: false } ? _preActivation.Get(input.Shape) : null;
        ReadOnlySpan<T> x = input.Span, gamma = Gamma.Value.Span, beta = Beta.Value.Span;
        Span<T> y = output.Span, normalized = xHat.Span, inv = invStd.Span, z = preActivation is null ? y : preActivation.Span;
        T count = T.CreateChecked(d), eps = T.CreateChecked(Epsilon);
        for (int r = 0; r < n; r++)
        {
            // A row fits in L1, so the two-pass (centre, then square) variance costs little and never cancels.
            ReadOnlySpan<T> xr = x.Slice(r * d, d);
            Span<T> hr = normalized.Slice(r * d, d), yr = y.Slice(r * d, d), zr = z.Slice(r * d, d);
            T mean = TensorPrimitives.Sum(xr) / count;
            TensorPrimitives.Subtract(xr, mean, hr);
            T inverse = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(hr) / count + eps);
            inv[r] = inverse;
            TensorPrimitives.Multiply(hr, inverse, hr);
            TensorPrimitives.FusedMultiplyAdd(hr, gamma, beta, zr);
            Activation?.Apply(ref zr[0], ref yr[0], (nuint)d);
        }
        _xHat = xHat;
        _lastPreActivation = preActivation;
        _lastInvStd = invStd;
        _lastOutput = output;
        return output;
    }

    internal override bool CanInfer => true;

    internal override int InferenceScratchLength(int rows) => Features;

    // Forward's per-row arithmetic, with one row of scratch for x̂ instead of the N×D array backward reads.
    internal override void Infer(ReadOnlySpan<T> input, int rows, Span<T> output, Span<T> scratch, object? state)
    {
        int d = Features;
        ReadOnlySpan<T> gamma = Gamma.Value.Span, beta = Beta.Value.Span;
        Span<T> hr = scratch[..d];
        T count = T.CreateChecked(d), eps = T.CreateChecked(Epsilon);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = input.Slice(r * d, d);
            Span<T> yr = output.Slice(r * d, d);
            T mean = TensorPrimitives.Sum(xr) / count;
            TensorPrimitives.Subtract(xr, mean, hr);
            T inverse = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(hr) / count + eps);
            TensorPrimitives.Multiply(hr, inverse, hr);
            TensorPrimitives.FusedMultiplyAdd(hr, gamma, beta, yr);
            Activation?.Apply(ref yr[0], ref yr[0], (nuint)d);
        }
    }

    /// <inheritdoc/>
    public override NdArray<T> Backward(NdArray<T> gradOutput)
    {
        LayerShapeCheck.EnsureGradient(this, _lastOutput, gradOutput);
        int n = gradOutput.Rows, d = Features;
        var gradInput = _gradInput.Get(gradOutput.Shape);
        ReadOnlySpan<T> dy = gradOutput.Span, normalized = _xHat!.Span, gamma = Gamma.Value.Span, inv = _lastInvStd!.Span;
        Span<T> dx = gradInput.Span, dGamma = Gamma.Grad.Span, dBeta = Beta.Grad.Span, g = _scaledGrad;
        ReadOnlySpan<T> saved = Activation is null ? default : (Activation.BackwardReadsOutput ? _lastOutput! : _lastPreActivation!).Span;
        T count = T.CreateChecked(d);
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<T> dyr = dy.Slice(r * d, d), hr = normalized.Slice(r * d, d);
            Span<T> dxr = dx.Slice(r * d, d);
            if (Activation is not null)
            {
                // dz = dy·f′ for this row while it is in cache; the rest of the row's work reads dz.
                Activation.Gradient(saved.Slice(r * d, d), dyr, _gradPreActivation);
                dyr = _gradPreActivation;
            }
            TensorPrimitives.Add(dBeta, dyr, dBeta);
            TensorPrimitives.FusedMultiplyAdd(dyr, hr, dGamma, dGamma);
            // dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) with g = γ·dy.
            TensorPrimitives.Multiply(dyr, gamma, g);
            T meanG = TensorPrimitives.Sum<T>(g) / count;
            T meanGx = TensorPrimitives.Dot<T>(g, hr) / count;
            TensorPrimitives.Subtract<T>(g, meanG, dxr);
            TensorPrimitives.FusedMultiplyAdd(hr, -meanGx, dxr, dxr);
            TensorPrimitives.Multiply(dxr, inv[r], dxr);
        }
        return gradInput;
    }

    /// <inheritdoc/>
    public override int[] OutputShape(ReadOnlySpan<int> inputShape)
    {
        LayerShapeCheck.EnsureFeatures(this, inputShape, Features);
        return inputShape.ToArray();
    }

    /// <summary>The small instance the generated gradient-check test builds.</summary>
    [GradientCheck(3, 5, Tolerance = 1e-6)]
    public static LayerNorm<T> ForGradientCheck(Rng rng) => new(5);

    /// <inheritdoc/>
    public override string ToString() => $"LayerNorm({Features}{(Activation is null ? "" : ", " + Activation)})";
}
